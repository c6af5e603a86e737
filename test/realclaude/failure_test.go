package realclaude

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// TestAPIError makes the fake fail the only request: api_error with the HTTP status, one request
// (CLAUDE_CODE_MAX_RETRIES=0).
func TestAPIError(t *testing.T) {
	requireCLI(t)
	for _, status := range []int{529, 500} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			h := newHarness(t)
			h.api.FailNext(1, status)
			res := h.run(h.runner(nil), claude.Request{Prompt: "hi"})
			if res.Outcome != claude.OutcomeAPIError || res.APIErrorStatus != status {
				t.Errorf("outcome %s, status %d (err %v); want api_error, %d", res.Outcome, res.APIErrorStatus, res.Err, status)
			}
			if !claude.ValidSessionID(res.SessionID) || res.Text == "" {
				t.Errorf("session %q, text %q: want the session id and the CLI's message", res.SessionID, res.Text)
			}
			if n := h.api.RequestCount(); n != 1 {
				t.Errorf("fake saw %d requests, want 1 (no retries)", n)
			}
		})
	}
}

// TestTimeoutKillsCLI stalls the API: the runner's wall-clock timeout ends the run as timeout,
// and the CLI (seen alive mid-run, pid taken from its init event) and everything it spawned are gone.
func TestTimeoutKillsCLI(t *testing.T) {
	h := newHarness(t)
	h.api.StallNext(1)
	const timeout, grace = 5 * time.Second, 2 * time.Second // the CLI needs ~0.6 s (up to ~3 s under load) to reach the API
	r := h.runner(func(o *claude.Options) { o.Timeout, o.KillGrace = timeout, grace })

	var initPID int
	var alive []int
	res := h.run(r, claude.Request{Prompt: "never answered", OnEvent: func(e claude.Event) {
		if e.Type == "system" && e.Subtype == "init" {
			initPID = socketPID(t, e)
			alive = h.processes()
		}
	}})
	if res.Outcome != claude.OutcomeTimeout {
		t.Errorf("outcome %s (err %v), want timeout", res.Outcome, res.Err)
	}
	if res.Duration < timeout || res.Duration > timeout+grace+5*time.Second {
		t.Errorf("run took %s, want between %s and %s", res.Duration, timeout, timeout+grace+5*time.Second)
	}
	if initPID == 0 || !slices.Contains(alive, initPID) {
		t.Fatalf("CLI pid %d from the init event not among this run's live processes %v", initPID, alive)
	}
	if fakecli.ProcessAlive(initPID) {
		t.Errorf("CLI pid %d still alive after the run", initPID)
	}
	// h.run has already checked that no process with this HOME is left.
	if n := h.api.RequestCount(); n != 1 {
		t.Errorf("fake saw %d requests, want the 1 stalled one", n)
	}
}

// socketPID returns the CLI's pid from the init event's messaging_socket_path (".../cc-socks/PID.sock").
func socketPID(t *testing.T, e claude.Event) int {
	var init struct {
		Socket string `json:"messaging_socket_path"`
	}
	if err := json.Unmarshal(e.Raw, &init); err != nil {
		t.Errorf("init event: %v", err)
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSuffix(filepath.Base(init.Socket), ".sock"))
	if err != nil {
		t.Errorf("init event messaging_socket_path %q has no pid: %v", init.Socket, err)
		return 0
	}
	return pid
}
