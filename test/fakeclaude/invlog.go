package main

import (
	"fmt"
	"os"
	"sort"
	"sync"
	"time"
)

// invocationLog appends the fake's invocation records to $FAKECLAUDE_LOG (see test/fakecli).
type invocationLog struct {
	path    string // "" disables the log
	pid     int
	endOnce sync.Once
}

// startRecord is the first line of an invocation.
type startRecord struct {
	Argv     []string `json:"argv"`
	EnvNames []string `json:"env_names"`
	Cwd      string   `json:"cwd"`
	PID      int      `json:"pid"`
	PGID     int      `json:"pgid"`
	Start    string   `json:"start"`
	TmpDir   string   `json:"tmpdir"`
}

// envNames returns the sorted variable names of an environment.
func envNames(environ []string) []string {
	names := make([]string, 0, len(environ))
	for _, kv := range environ {
		names = append(names, envName(kv))
	}
	sort.Strings(names)
	return names
}

// append writes one record as one line with a single O_APPEND write. Failures go to stderr.
func (l *invocationLog) append(v any) {
	if l.path == "" {
		return
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err == nil {
		_, err = f.Write(encodeLine(v))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "fake: invocation log %s: %v\n", l.path, err)
	}
}

// start records the invocation.
func (l *invocationLog) start(rec startRecord) { l.append(rec) }

// grandchild records the pid of a spawned grandchild.
func (l *invocationLog) grandchild(pid int) {
	l.append(obj{"pid": l.pid, "grandchild_pid": pid})
}

// end records the exit code; only the first call writes.
func (l *invocationLog) end(code int) {
	l.endOnce.Do(func() {
		l.append(obj{"pid": l.pid, "end": time.Now().Format(time.RFC3339Nano), "exit_code": code})
	})
}
