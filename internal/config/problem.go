package config

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a configuration.
type Problem struct {
	// Path names the field, e.g. "projects[1].dir" or "claude.timeout"; empty for the file as a whole.
	Path string
	// Line is the 1-based line in the file; 0 when there is none (an omitted key, an environment variable).
	Line int
	// Msg says what is wrong and, where it helps, what is allowed.
	Msg string
}

// String formats the problem as "path (line N): msg".
func (p Problem) String() string {
	switch {
	case p.Path != "" && p.Line > 0:
		return fmt.Sprintf("%s (line %d): %s", p.Path, p.Line, p.Msg)
	case p.Path != "":
		return p.Path + ": " + p.Msg
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	default:
		return p.Msg
	}
}

// ValidationError lists every problem found in one configuration.
type ValidationError struct {
	// File is the path given to Load; empty for Parse.
	File string
	// Problems are ordered by line; problems without a line come last.
	Problems []Problem
}

// Error lists the problems one per line under a "config FILE: N problems:" heading.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("config")
	if e.File != "" {
		b.WriteString(" " + e.File)
	}
	noun := "problems"
	if len(e.Problems) == 1 {
		noun = "problem"
	}
	fmt.Fprintf(&b, ": %d %s:", len(e.Problems), noun)
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// problems collects Problems while a file is decoded and validated.
type problems struct {
	list []Problem
	// lines maps a field path to the line of its key (or of its list item).
	lines map[string]int
	// failed holds the paths whose value could not be decoded; validation says nothing more about them or their children.
	failed map[string]bool
}

func newProblems() *problems {
	return &problems{lines: map[string]int{}, failed: map[string]bool{}}
}

// decodeErr records a value that could not be decoded at path.
func (ps *problems) decodeErr(path string, line int, format string, args ...any) {
	ps.failed[path] = true
	ps.list = append(ps.list, Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// add records a validation problem at path, on the line of path or of its nearest ancestor in the file.
// It stays silent when path or an ancestor failed to decode: that problem is already reported.
func (ps *problems) add(path, format string, args ...any) {
	for p := path; p != ""; p = parentPath(p) {
		if ps.failed[p] {
			return
		}
	}
	ps.list = append(ps.list, Problem{Path: path, Line: ps.lineOf(path), Msg: fmt.Sprintf(format, args...)})
}

// ok reports whether none of paths failed to decode, for checks that compare fields.
func (ps *problems) ok(paths ...string) bool {
	for _, p := range paths {
		if ps.failed[p] {
			return false
		}
	}
	return true
}

// lineOf returns the line of path or of its nearest ancestor present in the file, or 0.
func (ps *problems) lineOf(path string) int {
	for p := path; p != ""; p = parentPath(p) {
		if line, ok := ps.lines[p]; ok {
			return line
		}
	}
	return 0
}

// where formats path with its line for messages that point at another place: "projects[0].name (line 3)".
func (ps *problems) where(path string) string {
	if line := ps.lineOf(path); line > 0 {
		return fmt.Sprintf("%s (line %d)", path, line)
	}
	return path
}

// err returns nil or a *ValidationError holding the problems sorted by line.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	list := append([]Problem(nil), ps.list...)
	sort.SliceStable(list, func(i, j int) bool {
		li, lj := list[i].Line, list[j].Line
		if li == 0 || lj == 0 {
			return li != 0 && lj == 0
		}
		return li < lj
	})
	return &ValidationError{Problems: list}
}

// parentPath strips the last ".key" or "[i]" from path.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// childPath appends a key to path.
func childPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// itemPath appends a list index to path.
func itemPath(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}
