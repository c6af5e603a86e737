package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

func TestSignals(t *testing.T) {
	tests := []struct {
		name   string
		format string
		sig    syscall.Signal
		rc     int
		after  []string // kinds printed after system/init (stream-json)
	}{
		{"SIGTERM json", "json", syscall.SIGTERM, 143, nil},
		{"SIGTERM stream-json", "stream-json", syscall.SIGTERM, 143, nil},
		{"SIGINT json", "json", syscall.SIGINT, 0, nil},
		{"SIGINT stream-json", "stream-json", syscall.SIGINT, 0, []string{"user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t)
			p := s.start("-p", "--output-format", tt.format, "--verbose", "--", "fake:hang")
			if tt.format == "stream-json" {
				if ev := decode(t, p.nextLine()); ev["subtype"] != "init" {
					t.Fatalf("first line %v", ev)
				}
			} else {
				waitForLog(t, s.log, 1) // signals are caught before the start line is written
			}
			p.signal(tt.sig)
			rc, rest := p.wait()
			if rc != tt.rc {
				t.Errorf("rc %d, want %d", rc, tt.rc)
			}
			var got []string
			for _, l := range rest {
				ev := decode(t, l)
				got = append(got, ev["type"].(string))
				if ev["type"] == "user" && !strings.Contains(l, "[Request interrupted by user]") {
					t.Errorf("user line %q", l)
				}
			}
			if !slices.Equal(got, tt.after) {
				t.Errorf("after init: %q, want %q (a result must never follow)", got, tt.after)
			}
			invs := readLog(t, s.log)
			if len(invs) != 1 || invs[0].ExitCode == nil || *invs[0].ExitCode != tt.rc {
				t.Errorf("invocation log %+v", invs)
			}
		})
	}
}

func TestIgnoreTerm(t *testing.T) {
	s := newSandbox(t)
	p := s.start("-p", "--output-format", "stream-json", "--verbose", "--", "fake:ignore-term fake:stream=5,100ms")
	p.nextLine() // init
	p.nextLine() // first stream event: the handler is set by now
	p.signal(syscall.SIGTERM)
	rc, rest := p.wait()
	if rc != 0 || len(rest) != 6 || !strings.Contains(rest[5], `"type":"result"`) { // 4 stream events, the answer, the result
		t.Errorf("rc %d, rest %q: SIGTERM was not ignored", rc, rest)
	}

	p = s.start("-p", "--output-format", "stream-json", "--verbose", "--", "fake:ignore-term fake:hang")
	p.nextLine()
	p.signal(syscall.SIGKILL)
	if rc, _ := p.wait(); rc != -1 {
		t.Errorf("rc %d after SIGKILL, want -1", rc)
	}
}

func TestSilentPrintsNothing(t *testing.T) {
	s := newSandbox(t)
	p := s.start("-p", "--output-format", "stream-json", "--verbose", "--", "fake:silent")
	waitForLog(t, s.log, 1)
	p.signal(syscall.SIGTERM)
	rc, rest := p.wait()
	if rc != 143 || len(rest) != 0 || p.stderr() != "" {
		t.Errorf("rc %d, stdout %q, stderr %q", rc, rest, p.stderr())
	}
}

func TestGrandchild(t *testing.T) {
	s := newSandbox(t)
	p := s.start("-p", "--output-format", "stream-json", "--verbose", "--", "fake:grandchild")
	if ev := decode(t, p.nextLine()); ev["subtype"] != "init" {
		t.Fatalf("first line %v", ev)
	}
	invs := readLog(t, s.log)
	if len(invs) != 1 || invs[0].GrandchildPID == 0 {
		t.Fatalf("invocation log %+v, want a grandchild pid", invs)
	}
	gc := invs[0].GrandchildPID
	if !fakecli.ProcessAlive(gc) {
		t.Fatalf("grandchild %d not alive", gc)
	}
	if pgid, err := syscall.Getpgid(gc); err != nil || pgid != p.cmd.Process.Pid {
		t.Errorf("grandchild pgid %d (%v), want the fake's group %d", pgid, err, p.cmd.Process.Pid)
	}
	if !ignoresSignal(t, gc, syscall.SIGTERM) {
		t.Errorf("grandchild %d does not ignore SIGTERM", gc)
	}
	if log := readLog(t, s.log); len(log) != 1 {
		t.Errorf("the grandchild wrote to the invocation log: %+v", log)
	}

	// SIGTERM to the fake alone: it exits 143, but the grandchild still holds stdout.
	p.signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(runDeadline):
		t.Fatal("fake did not exit on SIGTERM")
	}
	if rc := p.cmd.ProcessState.ExitCode(); rc != 143 {
		t.Errorf("rc %d, want 143", rc)
	}
	if !fakecli.ProcessAlive(gc) {
		t.Fatalf("grandchild %d died with its parent; it should survive until its group is killed", gc)
	}
	select {
	case l, ok := <-p.lines:
		t.Fatalf("stdout gave %q (open=%v) while the grandchild holds it", l, ok)
	default:
	}

	if err := syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.wait() // stdout EOF: the grandchild has released it
	waitFor(t, func() bool { return !fakecli.ProcessAlive(gc) }, "grandchild gone after SIGKILL to the group")
}

// ignoresSignal reads the SigIgn mask of /proc/PID/status.
func ignoresSignal(t *testing.T, pid int, sig syscall.Signal) bool {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "SigIgn:"); ok {
			mask, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			if err != nil {
				t.Fatal(err)
			}
			return mask&(1<<(uint(sig)-1)) != 0
		}
	}
	t.Fatalf("no SigIgn in /proc/%d/status", pid)
	return false
}

func TestInvocationLog(t *testing.T) {
	s := newSandbox(t)
	s.extraEnv = []string{"SECRET_NAME_ONLY=hunter2"}
	args := []string{"-p", "--output-format", "json", "--", "hi"}
	before := time.Now()
	mustRC(t, s.run(args...), 0, "")
	mustRC(t, s.run("-p", "--", "fake:exit=7"), 7, "fake: exiting 7\n")
	mustRC(t, s.run("--bogus"), 1, "error: unknown option '--bogus'\n")

	invs := readLog(t, s.log)
	if len(invs) != 3 {
		t.Fatalf("%d invocations, want 3: %+v", len(invs), invs)
	}
	first := invs[0]
	wantEnv := []string{"FAKECLAUDE_LOG", "HOME", "PATH", "SECRET_NAME_ONLY", "TMPDIR"}
	if !slices.Equal(first.Argv, args) || !slices.Equal(first.EnvNames, wantEnv) || first.Cwd != s.work ||
		first.TmpDir != s.tmp || first.PID <= 0 || first.PGID != first.PID || first.GrandchildPID != 0 {
		t.Errorf("first invocation %+v", first)
	}
	if first.Start.Before(before.Add(-time.Second)) || first.End.Before(first.Start) {
		t.Errorf("start %v end %v (test began %v)", first.Start, first.End, before)
	}
	for i, want := range []int{0, 7, 1} {
		if invs[i].ExitCode == nil || *invs[i].ExitCode != want {
			t.Errorf("invocation %d exit code %v, want %d", i, invs[i].ExitCode, want)
		}
	}
	raw, err := os.ReadFile(s.log)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "hunter2") {
		t.Error("an environment value reached the invocation log")
	}

	p := s.start("-p", "--", "fake:hang")
	waitForLog(t, s.log, 4)
	p.signal(syscall.SIGKILL)
	p.wait()
	invs = readLog(t, s.log)
	if len(invs) != 4 || invs[3].ExitCode != nil || !invs[3].End.IsZero() {
		t.Errorf("SIGKILLed invocation %+v, want no end", invs[len(invs)-1])
	}
}

func TestTempLitter(t *testing.T) {
	s := newSandbox(t)
	mustRC(t, s.run("-p", "--", "hi"), 0, "")
	matches, err := filepath.Glob(filepath.Join(s.tmp, "claude-"+strconv.Itoa(os.Getuid()), "fswatch-probe-*"))
	if err != nil || len(matches) != 1 {
		t.Errorf("fswatch-probe dirs %v (%v), want 1", matches, err)
	}
}

func readLog(t *testing.T, path string) []fakecli.Invocation {
	t.Helper()
	invs, err := fakecli.ReadLog(path)
	if err != nil {
		t.Fatal(err)
	}
	return invs
}

// waitForLog waits until the invocation log holds n invocations.
func waitForLog(t *testing.T, path string, n int) {
	t.Helper()
	waitFor(t, func() bool { return len(readLog(t, path)) >= n }, fmt.Sprintf("%d invocations logged", n))
}

// waitFor polls a condition until it holds, failing after runDeadline. For states that
// have no event to wait on (a file appearing, a process another process reaps).
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(runDeadline)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out waiting for: %s", what)
		}
	}
}
