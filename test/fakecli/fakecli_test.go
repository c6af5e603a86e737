package fakecli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func writeLog(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "log.jsonl")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadLogMerges(t *testing.T) {
	path := writeLog(t, `{"argv":["-p","--","a"],"env_names":["HOME","PATH"],"cwd":"/w","pid":10,"pgid":10,"start":"2026-01-01T00:00:00Z","tmpdir":"/t"}
{"argv":["-p","--","b"],"env_names":["PATH"],"cwd":"/w","pid":11,"pgid":11,"start":"2026-01-01T00:00:01Z","tmpdir":"/t"}
{"pid":11,"grandchild_pid":99}
{"pid":10,"end":"2026-01-01T00:00:02Z","exit_code":143}

{"argv":["--version"],"env_names":[],"cwd":"/w","pid":10,"pgid":10,"start":"2026-01-01T00:00:03Z","tmpdir":""}
{"pid":10,"end":"2026-01-01T00:00:04Z","exit_code":0}
{"pid":11,"end":"2026-01-01T00:00:0`) // a write in progress
	invs, err := ReadLog(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 3 {
		t.Fatalf("%d invocations, want 3: %+v", len(invs), invs)
	}
	a, b, c := invs[0], invs[1], invs[2]
	if !slices.Equal(a.Argv, []string{"-p", "--", "a"}) || !slices.Equal(a.EnvNames, []string{"HOME", "PATH"}) ||
		a.Cwd != "/w" || a.PID != 10 || a.PGID != 10 || a.TmpDir != "/t" || a.ExitCode == nil || *a.ExitCode != 143 ||
		!a.End.Equal(time.Date(2026, 1, 1, 0, 0, 2, 0, time.UTC)) {
		t.Errorf("first %+v", a)
	}
	if b.GrandchildPID != 99 || b.ExitCode != nil || !b.End.IsZero() {
		t.Errorf("second %+v, want grandchild 99 and no end", b)
	}
	if c.PID != 10 || c.ExitCode == nil || *c.ExitCode != 0 || !c.Start.After(a.Start) {
		t.Errorf("third (pid reused) %+v", c)
	}
}

func TestReadLogErrors(t *testing.T) {
	tests := []struct{ name, content string }{
		{"not JSON", "hello\n"},
		{"end without start", `{"pid":5,"end":"2026-01-01T00:00:00Z","exit_code":0}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if invs, err := ReadLog(writeLog(t, tt.content)); err == nil {
				t.Errorf("no error; got %+v", invs)
			}
		})
	}
}

func TestReadLogMissingFile(t *testing.T) {
	invs, err := ReadLog(filepath.Join(t.TempDir(), "none.jsonl"))
	if err != nil || invs != nil {
		t.Errorf("got %v, %v; want nothing and no error", invs, err)
	}
}

func TestProcessAlive(t *testing.T) {
	if !ProcessAlive(os.Getpid()) {
		t.Error("this test process is not alive")
	}
	for _, pid := range []int{0, -1} {
		if ProcessAlive(pid) {
			t.Errorf("pid %d reported alive", pid)
		}
	}

	cmd := exec.Command("true")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	// Not reaped yet: it becomes a zombie, which must count as dead.
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		st, err := processState(pid)
		if err != nil {
			t.Fatal(err)
		}
		if st == 'Z' {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("child %d never became a zombie (state %c)", pid, st)
		}
		<-tick.C
	}
	if ProcessAlive(pid) {
		t.Errorf("zombie %d reported alive", pid)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if ProcessAlive(pid) {
		t.Errorf("reaped %d reported alive", pid)
	}
}

func TestBuild(t *testing.T) {
	dir := t.TempDir()
	bin, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if bin != filepath.Join(dir, "claude") {
		t.Errorf("binary %s", bin)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || string(out) != "2.1.332 (Claude Code)\n" {
		t.Errorf("--version: %q, %v", out, err)
	}
}

func TestInvocationPromptAndFlag(t *testing.T) {
	inv := Invocation{Argv: []string{"-p", "--resume", "abc", "--model", "haiku", "--", "--model x"}}
	if got := inv.Prompt(); got != "--model x" {
		t.Errorf("Prompt = %q", got)
	}
	if got := inv.Flag("--resume"); got != "abc" {
		t.Errorf("Flag(--resume) = %q", got)
	}
	if got := inv.Flag("--model"); got != "haiku" {
		t.Errorf("Flag(--model) = %q, want the value before --", got)
	}
	if got := inv.Flag("--session-id"); got != "" {
		t.Errorf("Flag(--session-id) = %q", got)
	}
}
