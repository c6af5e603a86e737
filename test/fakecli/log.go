package fakecli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// Invocation is what one run of the fake recorded in the invocation log.
type Invocation struct {
	Argv          []string  // arguments after the program name
	EnvNames      []string  // sorted names of the child's environment variables
	Cwd           string    // working directory
	PID, PGID     int       // process id and process group id
	GrandchildPID int       // pid of the fake:grandchild process, 0 if none
	Start, End    time.Time // End is zero when no end line was written
	ExitCode      *int      // nil when the process did not exit through the fake's own code (e.g. SIGKILL)
	TmpDir        string    // $TMPDIR as the child saw it
}

// logLine is the union of the three line kinds in the log.
type logLine struct {
	Argv          []string   `json:"argv"`
	EnvNames      []string   `json:"env_names"`
	Cwd           string     `json:"cwd"`
	PID           int        `json:"pid"`
	PGID          int        `json:"pgid"`
	GrandchildPID int        `json:"grandchild_pid"`
	Start         *time.Time `json:"start"`
	End           *time.Time `json:"end"`
	ExitCode      *int       `json:"exit_code"`
	TmpDir        string     `json:"tmpdir"`
}

// ReadLog reads the invocation log at path and merges the start, grandchild and end lines
// of each process by pid, in start order. A missing file gives no invocations and no error.
// A last line without its newline (a write in progress) is skipped.
func ReadLog(path string) ([]Invocation, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read fake claude log: %w", err)
	}
	var invs []Invocation
	open := map[int]int{} // pid -> index of its latest invocation
	for n := 1; len(data) > 0; n++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break // partial last line
		}
		raw := data[:i]
		data = data[i+1:]
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		var l logLine
		if err := json.Unmarshal(raw, &l); err != nil {
			return nil, fmt.Errorf("read fake claude log %s line %d: %w", path, n, err)
		}
		if l.Start != nil {
			invs = append(invs, Invocation{
				Argv: l.Argv, EnvNames: l.EnvNames, Cwd: l.Cwd, PID: l.PID, PGID: l.PGID,
				GrandchildPID: l.GrandchildPID, Start: *l.Start, TmpDir: l.TmpDir,
			})
			open[l.PID] = len(invs) - 1
			continue
		}
		idx, ok := open[l.PID]
		if !ok {
			return nil, fmt.Errorf("read fake claude log %s line %d: pid %d has no start line", path, n, l.PID)
		}
		inv := &invs[idx]
		if l.GrandchildPID != 0 {
			inv.GrandchildPID = l.GrandchildPID
		}
		if l.End != nil {
			inv.End = *l.End
			inv.ExitCode = l.ExitCode
		}
	}
	return invs, nil
}

// Prompt returns the argument after "--" (the prompt), or "".
func (inv Invocation) Prompt() string {
	for i, a := range inv.Argv {
		if a == "--" && i+1 < len(inv.Argv) {
			return inv.Argv[i+1]
		}
	}
	return ""
}

// Flag returns the value that follows flag before "--", or "".
func (inv Invocation) Flag(flag string) string {
	for i, a := range inv.Argv {
		if a == "--" {
			return ""
		}
		if a == flag && i+1 < len(inv.Argv) {
			return inv.Argv[i+1]
		}
	}
	return ""
}
