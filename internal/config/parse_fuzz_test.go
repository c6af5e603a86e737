package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzToken is the DISCORD_TOKEN FuzzParseConfig's environment holds: it must never show in a problem.
const fuzzToken = "fuzz-secret-token-7f3a9c"

// oddYAML are seeds beyond the testdata files: YAML features and byte sequences a hand-written file rarely has.
var oddYAML = []string{
	"",
	"\n",
	"~",
	"null",
	"42",
	"- a\n- b\n",
	"[]",
	"{}",
	"\"just a string\"",
	// anchors and aliases, including an alias used where a mapping, list or scalar is wanted
	"base: &b\n  allow_all: true\naccess: *b\nprojects:\n  - name: p\n    channels: [\"1300000000000000002\"]\n    dir: .\n",
	"ids: &ids [\"100000000000000001\"]\naccess:\n  allowed_users: *ids\n",
	"access: &a\n  allowed_users: *a\n",
	"projects:\n  - &p {name: a, channels: [\"1300000000000000002\"], dir: .}\n  - *p\naccess: {allow_all: true}\n",
	"a: &x [*x]\n",
	"claude: {models: &m [a, b], env: {A: *m}}\n",
	"<<: {access: {allow_all: true}}\n",
	// huge and odd numbers
	"discord:\n  max_chunks: 99999999999999999999999999999\n",
	"discord:\n  max_chunks: -9223372036854775808\n",
	"channels:\n  queue_limit: 0x7fffffffffffffff\n",
	"projects:\n  - name: p\n    max_budget_usd: .inf\n    max_turns: 1e400\n",
	"projects:\n  - name: p\n    max_budget_usd: .nan\n",
	"projects:\n  - name: p\n    max_budget_usd: 1e309\n",
	"claude:\n  timeout: 9999999999999h\n",
	"claude:\n  timeout: -1ns\n  idle_timeout: 0\n",
	"claude:\n  timeout: 90\n",
	// tabs, NUL bytes, BOM, CR, invalid UTF-8
	"access:\n\tallow_all: true\n",
	"access:\n  allow_all:\ttrue\n",
	"claude:\n  env:\n    A: \"x\\0y\"\n",
	"claude:\n  env:\n    \"A\\0B\": y\n",
	"access:\x00\n  allow_all: true\n",
	"\ufeffaccess:\n  allow_all: true\n",
	"access:\r\n  allow_all: true\r\n",
	"log:\n  level: \xff\xfe\n",
	"projects:\n  - name: \"\\xff\"\n    dir: \"\\0\"\n",
	// duplicate keys, at every depth
	"access: {allow_all: true}\naccess: {allow_all: false}\n",
	"access:\n  allow_all: true\n  allow_all: false\n",
	"claude:\n  env:\n    A: x\n    A: y\n",
	"projects:\n  - name: a\n    name: b\n",
	// keys that are not plain names, and empty keys
	"? [a, b]\n: c\n",
	"{a: 1}: x\n",
	"\"\": 1\n",
	"discord:\n  \"\": 1\n",
	"token: abc\n",
	"discord:\n  token: abc\n",
	// tags and block scalars
	"access: !!map {allow_all: !!bool true}\n",
	"log:\n  level: !!binary aW5mbw==\n",
	"store:\n  path: |\n    multi\n    line\n",
	"projects:\n  - name: >-\n      folded\n    dir: /\n",
	// documents
	"---\n...\n",
	"--- a\n--- b\n",
	"%YAML 1.2\n---\naccess: {allow_all: true}\n",
	// deep nesting
	strings.Repeat("[", 200) + strings.Repeat("]", 200),
	strings.Repeat("a:\n ", 100) + "b",
}

// FuzzParseConfig checks that Parse never panics and returns exactly one of: a *ValidationError whose problems each say
// what is wrong and where (a field path, or a line for the file as a whole), sorted by line, a syntax error alone; or a
// Config that validates again, with the absolute paths and the token the package doc promises. The token never shows
// in a problem.
func FuzzParseConfig(f *testing.F) {
	for _, dir := range []string{"testdata/good", "testdata/bad"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil || len(files) == 0 {
			f.Fatalf("no seed files in %s: %v", dir, err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range oddYAML {
		f.Add([]byte(s))
	}

	// base is one level down so that the good files' `dir: ..` exists too.
	base := filepath.Join(f.TempDir(), "cfg")
	if err := os.Mkdir(base, 0o700); err != nil {
		f.Fatal(err)
	}
	lookupEnv := func(name string) (string, bool) {
		if name == EnvToken {
			return " " + fuzzToken + "\n", true
		}
		return "", false
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, base, lookupEnv)
		if (cfg == nil) == (err == nil) {
			t.Fatalf("Parse returned config %v and error %v: want exactly one", cfg != nil, err)
		}
		if err != nil {
			checkValidationError(t, data, err)
			return
		}
		checkValidConfig(t, cfg)
	})
}

// checkValidationError fails t unless err is a well-formed *ValidationError.
func checkValidationError(t *testing.T, data []byte, err error) {
	t.Helper()
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Parse error is %T, want *ValidationError: %v", err, err)
	}
	if len(verr.Problems) == 0 {
		t.Fatal("ValidationError with no problems")
	}
	if verr.File != "" {
		t.Errorf("Parse set File %q, want empty", verr.File)
	}
	msg := verr.Error()
	if !bytes.Contains(data, []byte(fuzzToken)) && strings.Contains(msg, fuzzToken) {
		t.Errorf("the token shows in the error:\n%s", msg)
	}
	for i, p := range verr.Problems {
		if strings.TrimSpace(p.Msg) == "" {
			t.Errorf("problem %d %+v has no message", i, p)
		}
		if p.Path == "" && p.Line <= 0 {
			t.Errorf("problem %d %+v names neither a field nor a line", i, p)
		}
		if p.Line < 0 {
			t.Errorf("problem %d %+v has a negative line", i, p)
		}
		if strings.HasPrefix(p.Msg, "YAML syntax error") && len(verr.Problems) != 1 {
			t.Errorf("a syntax error came with %d other problems: %v", len(verr.Problems)-1, verr)
		}
		if i > 0 {
			prev := verr.Problems[i-1].Line
			if (prev == 0 && p.Line != 0) || (p.Line != 0 && p.Line < prev) {
				t.Errorf("problems not sorted by line (lineless last): %d then %d in\n%s", prev, p.Line, msg)
			}
		}
	}
}

// checkValidConfig fails t unless cfg validates again and holds what Parse promises of a valid Config.
func checkValidConfig(t *testing.T, cfg *Config) {
	t.Helper()
	ps := newProblems()
	validate(cfg, ps, nil)
	if err := ps.err(); err != nil {
		t.Fatalf("Parse accepted a config that does not re-validate: %v", err)
	}
	if cfg.Discord.Token.Reveal() != fuzzToken {
		t.Errorf("token = %q, want the trimmed env value", cfg.Discord.Token.Reveal())
	}
	if !filepath.IsAbs(cfg.Store.Path) {
		t.Errorf("store.path %q is not absolute", cfg.Store.Path)
	}
	if strings.Contains(cfg.Claude.Command, "/") && !filepath.IsAbs(cfg.Claude.Command) {
		t.Errorf("claude.command %q has a slash but is not absolute", cfg.Claude.Command)
	}
	for i, p := range cfg.Projects {
		if !filepath.IsAbs(p.Dir) {
			t.Errorf("projects[%d].dir %q is not absolute", i, p.Dir)
		}
	}
	for i, root := range cfg.DynamicProjects.Roots {
		if !filepath.IsAbs(root) {
			t.Errorf("dynamic_projects.roots[%d] %q is not absolute", i, root)
		}
	}
	for name := range cfg.Claude.Env {
		if strings.EqualFold(name, EnvToken) {
			t.Errorf("claude.env passes %s to the child", name)
		}
	}
	for _, name := range cfg.Claude.PassEnv {
		if strings.EqualFold(name, EnvToken) {
			t.Errorf("claude.pass_env passes %s to the child", name)
		}
	}
}
