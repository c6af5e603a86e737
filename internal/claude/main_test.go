package claude

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// fakeClaude is the fake CLI binary, built once by TestMain and only read afterwards.
var fakeClaude string

// hangDeadline is how long a test waits for Run before it calls the run hung.
const hangDeadline = 20 * time.Second

func TestMain(m *testing.M) { fakecli.RunTests(m, &fakeClaude) }

// harness is one test's world: a HOME, a project dir, a TempRoot, the fake's invocation log
// and a Runner that uses them all.
type harness struct {
	t        testing.TB
	home     string
	dir      string
	tempRoot string
	logPath  string
	runner   *Runner
}

// newHarness builds a harness; mod, when set, adjusts the Options before New. Cleanup checks
// that no fake process is left alive and that every run's TMPDIR is gone.
func newHarness(t testing.TB, mod func(*Options)) *harness {
	t.Helper()
	base := t.TempDir()
	h := &harness{
		t:        t,
		home:     filepath.Join(base, "home"),
		dir:      filepath.Join(base, "work"),
		tempRoot: filepath.Join(base, "tmp"),
		logPath:  filepath.Join(base, "fake.log"),
	}
	for _, d := range []string{h.home, h.dir, h.tempRoot} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	opts := Options{
		Command:     fakeClaude,
		Timeout:     hangDeadline / 2,
		IdleTimeout: hangDeadline / 2,
		KillGrace:   200 * time.Millisecond,
		Env:         map[string]string{"FAKECLAUDE_LOG": h.logPath},
		Environ:     []string{"PATH=" + os.Getenv("PATH"), "HOME=" + h.home},
		TempRoot:    h.tempRoot,
	}
	if mod != nil {
		mod(&opts)
	}
	h.runner = New(opts)
	t.Cleanup(h.checkLeftovers)
	return h
}

// run runs req (in the harness's project dir unless req.Dir is set) and fails the test if Run
// does not return within hangDeadline.
func (h *harness) run(ctx context.Context, req Request) Result {
	h.t.Helper()
	if req.Dir == "" {
		req.Dir = h.dir
	}
	done := make(chan Result, 1)
	go func() { done <- h.runner.Run(ctx, req) }()
	select {
	case res := <-done:
		return res
	case <-time.After(hangDeadline):
		h.t.Fatalf("Run(%q) did not return within %s", req.Prompt, hangDeadline)
		return Result{}
	}
}

// invocations returns the fake's invocation log.
func (h *harness) invocations() []fakecli.Invocation {
	h.t.Helper()
	invs, err := fakecli.ReadLog(h.logPath)
	if err != nil {
		h.t.Fatal(err)
	}
	return invs
}

// checkLeftovers fails the test if a logged fake process or grandchild is still alive, or a
// TMPDIR is left under TempRoot.
func (h *harness) checkLeftovers() {
	h.t.Helper()
	for _, inv := range h.invocations() {
		for _, pid := range []int{inv.PID, inv.GrandchildPID} {
			if pid != 0 && !waitDead(pid) {
				h.t.Errorf("process %d (argv %q) is still alive after the run", pid, inv.Argv)
			}
		}
	}
	left, err := os.ReadDir(h.tempRoot)
	if err != nil {
		h.t.Fatal(err)
	}
	if len(left) != 0 {
		h.t.Errorf("TempRoot holds %d entries after the runs, want none (first %q)", len(left), left[0].Name())
	}
}

// waitDead reports whether pid is dead, polling for up to 5s: a SIGKILLed process closes its
// files a moment before the kernel marks it a zombie.
func waitDead(pid int) bool {
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for fakecli.ProcessAlive(pid) {
		if time.Now().After(deadline) {
			return false
		}
		<-tick.C
	}
	return true
}

// writeScript writes an executable shell script and returns its path: a stand-in CLI for the
// few outcomes the fake cannot produce.
func writeScript(t testing.TB, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "claude.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// onlyInvocation returns the fake's single logged invocation, failing the test if there were more or none.
func (h *harness) onlyInvocation() fakecli.Invocation {
	h.t.Helper()
	invs := h.invocations()
	if len(invs) != 1 {
		h.t.Fatalf("fake invoked %d times, want 1", len(invs))
	}
	return invs[0]
}

// eventTypes lists "type/subtype" of events.
func eventTypes(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Type+"/"+e.Subtype)
	}
	return out
}
