package config

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestGoodFilesLoad(t *testing.T) {
	files, err := filepath.Glob("testdata/good/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no good files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			cfg := mustLoad(t, file, noEnv)
			if len(cfg.Projects) == 0 {
				t.Fatal("no projects")
			}
			for _, p := range cfg.Projects {
				if !filepath.IsAbs(p.Dir) {
					t.Errorf("project %s dir %q is not absolute", p.Name, p.Dir)
				}
			}
			if !filepath.IsAbs(cfg.Store.Path) {
				t.Errorf("store.path %q is not absolute", cfg.Store.Path)
			}
		})
	}
}

// want is one expected problem, read from a "# want: PATH LINE MESSAGE-PART" line of a bad file ("-" for no path).
type want struct {
	path string
	line int
	msg  string
}

func readWants(t *testing.T, file string) []want {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var wants []want
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "# want: ")
		if !ok {
			continue
		}
		fields := strings.SplitN(rest, " ", 3)
		if len(fields) != 3 {
			t.Fatalf("%s: bad want line %q", file, sc.Text())
		}
		line, err := strconv.Atoi(fields[1])
		if err != nil {
			t.Fatalf("%s: bad line in %q", file, sc.Text())
		}
		path := fields[0]
		if path == "-" {
			path = ""
		}
		wants = append(wants, want{path: path, line: line, msg: fields[2]})
	}
	if len(wants) == 0 {
		t.Fatalf("%s has no # want: lines", file)
	}
	return wants
}

func TestBadFilesReportEveryProblem(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			wants := readWants(t, file)
			cfg, err := Load(file, noEnv)
			if err == nil {
				t.Fatalf("loaded, want %d problems; config %+v", len(wants), cfg)
			}
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("error %v is %T, want *ValidationError", err, err)
			}
			if verr.File != file {
				t.Errorf("File = %q, want %q", verr.File, file)
			}
			got := verr.Problems
			if len(got) != len(wants) {
				t.Errorf("got %d problems, want %d:\n%v", len(got), len(wants), err)
			}
			for _, w := range wants {
				if !hasProblem(got, w) {
					t.Errorf("missing problem %s (line %d) containing %q in:\n%v", w.path, w.line, w.msg, err)
				}
			}
			for _, p := range got {
				if !strings.Contains(err.Error(), "\n  "+p.String()) {
					t.Errorf("Error() does not list %q", p)
				}
			}
		})
	}
}

func hasProblem(got []Problem, w want) bool {
	for _, p := range got {
		if p.Path == w.path && p.Line == w.line && strings.Contains(p.Msg, w.msg) {
			return true
		}
	}
	return false
}

func TestErrorFormat(t *testing.T) {
	_, err := Load("testdata/bad/no_access.yaml", noEnv)
	want := "config testdata/bad/no_access.yaml: 1 problem:\n" +
		"  access (line 3): no one may use the bot: list allowed_users or allowed_roles, or set allow_all: true"
	if err == nil || err.Error() != want {
		t.Fatalf("error:\n%v\nwant:\n%s", err, want)
	}
	_, err = Load("testdata/bad/dirs.yaml", noEnv)
	if err == nil || !strings.HasPrefix(err.Error(), "config testdata/bad/dirs.yaml: 3 problems:\n  projects[0].dir (line 7): ") {
		t.Fatalf("error:\n%v", err)
	}
}

func TestProblemsSortedByLine(t *testing.T) {
	_, err := Load("testdata/bad/many.yaml", noEnv)
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v, want *ValidationError", err)
	}
	last := 0
	for _, p := range verr.Problems {
		if p.Line == 0 {
			last = -1
			continue
		}
		if last < 0 || p.Line < last {
			t.Fatalf("problems out of line order:\n%v", err)
		}
		last = p.Line
	}
}
