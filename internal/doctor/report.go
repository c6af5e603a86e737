package doctor

import (
	"fmt"
	"io"
	"strings"
)

// Status is how a check ended.
type Status int

// Statuses, from best to worst.
const (
	StatusOK   Status = iota // works
	StatusWarn               // works, but look at it
	StatusFail               // will not work
)

// String returns "ok", "warn" or "FAIL".
func (s Status) String() string {
	switch s {
	case StatusOK:
		return "ok"
	case StatusWarn:
		return "warn"
	case StatusFail:
		return "FAIL"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Check is the result of one check.
type Check struct {
	Name   string // what was checked: "config", "store", "claude", "project NAME", "discord", "canary"...
	Status Status
	Detail string // what was found, for a person
}

// Report is the list of checks, in the order they ran.
type Report struct {
	Checks []Check
}

// add appends a check.
func (r *Report) add(name string, s Status, format string, args ...any) {
	r.Checks = append(r.Checks, Check{Name: name, Status: s, Detail: fmt.Sprintf(format, args...)})
}

// Failed reports whether any check failed.
func (r Report) Failed() bool {
	return r.count(StatusFail) > 0
}

// Find returns the first check named name.
func (r Report) Find(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

func (r Report) count(s Status) int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == s {
			n++
		}
	}
	return n
}

// WriteTo writes one aligned line per check ("ok    store    detail") and a summary line.
func (r Report) WriteTo(w io.Writer) (int64, error) {
	width := 0
	for _, c := range r.Checks {
		width = max(width, len(c.Name))
	}
	var b strings.Builder
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "%-4s  %-*s  %s\n", c.Status, width, c.Name, c.Detail)
	}
	fmt.Fprintf(&b, "\n%d ok, %d warning(s), %d failed\n", r.count(StatusOK), r.count(StatusWarn), r.count(StatusFail))
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
