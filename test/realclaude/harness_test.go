package realclaude

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/test/fakeanthropic"
	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// runDeadline bounds one Run through the caller's context; the runner's own Timeout is shorter.
const runDeadline = 60 * time.Second

// harness is one test's world: a fake API, a HOME, a project dir and a TempRoot.
type harness struct {
	t        *testing.T
	cli      string
	api      *fakeanthropic.Server
	home     string
	dir      string
	tempRoot string
}

// newHarness starts a fake API and makes the directories; cleanup closes the fake.
func newHarness(t *testing.T) *harness {
	t.Helper()
	bin := requireCLI(t)
	api, err := fakeanthropic.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	base := t.TempDir()
	h := &harness{
		t:        t,
		cli:      bin,
		api:      api,
		home:     filepath.Join(base, "home"),
		dir:      filepath.Join(base, "work"),
		tempRoot: filepath.Join(base, "tmp"),
	}
	for _, d := range []string{h.home, h.dir, h.tempRoot} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// runner returns a Runner for the real CLI against the fake; mod, when set, adjusts the Options.
func (h *harness) runner(mod func(*claude.Options)) *claude.Runner {
	opts := claude.Options{
		Command:   h.cli,
		Timeout:   runDeadline / 2,
		KillGrace: 2 * time.Second,
		Environ:   []string{"PATH=" + os.Getenv("PATH")},
		Env: map[string]string{
			"ANTHROPIC_BASE_URL":                       h.api.URL(),
			"ANTHROPIC_API_KEY":                        "sk-fake",
			"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
			"DISABLE_AUTOUPDATER":                      "1",
			"CLAUDE_CODE_MAX_RETRIES":                  "0",
			"HOME":                                     h.home,
		},
		TempRoot: h.tempRoot,
	}
	if mod != nil {
		mod(&opts)
	}
	return claude.New(opts)
}

// run runs req in the project dir, logs the result, and checks that nothing is left behind.
func (h *harness) run(r *claude.Runner, req claude.Request) claude.Result {
	h.t.Helper()
	req.Dir = h.dir
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	res := r.Run(ctx, req)
	h.t.Logf("Run(%q): outcome %s in %s, exit %d, text %q, session %q, cost %v, err %v, stderr %q",
		req.Prompt, res.Outcome, res.Duration.Round(time.Millisecond), res.ExitCode, res.Text,
		res.SessionID, res.CostUSD, res.Err, res.StderrTail)
	h.checkLeftovers()
	return res
}

// checkLeftovers fails the test if a process of this harness is still alive (waiting up to 5 s
// for a killed one to go) or a TMPDIR is left under TempRoot.
func (h *harness) checkLeftovers() {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	left := h.processes()
	for len(left) > 0 && time.Now().Before(deadline) {
		<-tick.C
		left = h.processes()
	}
	for _, pid := range left {
		cmd, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		h.t.Errorf("process %d (%q) of this run is still alive", pid, bytes.ReplaceAll(cmd, []byte{0}, []byte{' '}))
	}
	entries, err := os.ReadDir(h.tempRoot)
	if err != nil {
		h.t.Fatal(err)
	}
	if len(entries) != 0 {
		h.t.Errorf("TempRoot holds %d entries after the run, want none (first %q)", len(entries), entries[0].Name())
	}
}

// processes returns the live processes whose environment has this harness's HOME: the CLI and
// whatever it spawned, wherever they were reparented. It may be called from Run's event callback.
func (h *harness) processes() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		h.t.Errorf("list processes: %v", err)
		return nil
	}
	marker := []byte("HOME=" + h.home)
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		if err != nil {
			continue // gone, or not ours to read
		}
		for kv := range bytes.SplitSeq(env, []byte{0}) {
			if bytes.Equal(kv, marker) {
				if fakecli.ProcessAlive(pid) {
					pids = append(pids, pid)
				}
				break
			}
		}
	}
	return pids
}
