package claude

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

func TestRunCancelledByCaller(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var types []string
	res := h.run(ctx, Request{Prompt: "fake:hang", OnEvent: func(e Event) {
		types = append(types, e.Type)
		cancel() // the CLI is running and has printed its init line
	}})
	if res.Outcome != OutcomeCancelled || !errors.Is(res.Err, context.Canceled) {
		t.Fatalf("outcome %s err %v, want cancelled wrapping context.Canceled", res.Outcome, res.Err)
	}
	if res.ExitCode != 143 || len(types) != 1 || res.SessionID == "" {
		t.Errorf("exit %d, events %q, session %q; want 143, [system], the init's session id", res.ExitCode, types, res.SessionID)
	}
}

func TestRunTimeouts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		prompt     string
		wall, idle time.Duration
		want       Outcome
	}{
		{"wall clock on a hang", "fake:hang", 300 * time.Millisecond, hangDeadline, OutcomeTimeout},
		{"idle on a hang", "fake:hang", hangDeadline, 300 * time.Millisecond, OutcomeIdleTimeout},
		{"idle on silence", "fake:silent", hangDeadline, 300 * time.Millisecond, OutcomeIdleTimeout},
		{"wall clock while output flows", "fake:stream=200,50ms", 1 * time.Second, 500 * time.Millisecond, OutcomeTimeout},
		{"flowing output keeps idle away", "fake:stream=20,50ms", hangDeadline, 500 * time.Millisecond, OutcomeOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, func(o *Options) { o.Timeout, o.IdleTimeout = tc.wall, tc.idle })
			events := 0
			res := h.run(t.Context(), Request{Prompt: tc.prompt, OnEvent: func(Event) { events++ }})
			if res.Outcome != tc.want {
				t.Fatalf("outcome %s (err %v) after %d events, want %s", res.Outcome, res.Err, events, tc.want)
			}
			if tc.want != OutcomeOK && (!res.Outcome.IsFailure() || res.Err == nil) {
				t.Errorf("IsFailure %v err %v, want a failure with an error", res.Outcome.IsFailure(), res.Err)
			}
			if strings.HasPrefix(tc.name, "wall clock while") && events < 5 {
				t.Errorf("%d events before the wall timeout, want output to have flowed", events)
			}
		})
	}
}

func TestRunTimeoutDisabled(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(o *Options) { o.Timeout, o.IdleTimeout = -1, -1 })
	if res := h.run(t.Context(), Request{Prompt: "fake:sleep=100ms"}); res.Outcome != OutcomeOK {
		t.Fatalf("outcome %s (%v), want ok with both timeouts disabled", res.Outcome, res.Err)
	}
}

// TestRunKillsGrandchild runs a CLI and a grandchild that both ignore SIGTERM, the grandchild
// holding stdout: Run must still return, and nothing may survive it.
func TestRunKillsGrandchild(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(o *Options) { o.Timeout = 300 * time.Millisecond })
	res := h.run(t.Context(), Request{Prompt: "fake:grandchild fake:ignore-term"})
	if res.Outcome != OutcomeTimeout || res.ExitCode != -1 {
		t.Fatalf("outcome %s exit %d (err %v), want timeout and a SIGKILLed CLI", res.Outcome, res.ExitCode, res.Err)
	}
	inv := h.onlyInvocation()
	if inv.GrandchildPID == 0 || inv.PGID != inv.PID {
		t.Fatalf("invocation %+v, want a grandchild pid and the CLI leading its own group", inv)
	}
	if !waitDead(inv.GrandchildPID) || !waitDead(inv.PID) {
		t.Errorf("CLI %d alive %v, grandchild %d alive %v; want both dead",
			inv.PID, fakecli.ProcessAlive(inv.PID), inv.GrandchildPID, fakecli.ProcessAlive(inv.GrandchildPID))
	}
}

// TestRunKillsStragglers: a grandchild that ignores SIGTERM outlives a CLI that exits on it;
// Run kills the group once the CLI is gone.
func TestRunKillsStragglers(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(o *Options) { o.IdleTimeout = 300 * time.Millisecond })
	res := h.run(t.Context(), Request{Prompt: "fake:grandchild"})
	if res.Outcome != OutcomeIdleTimeout || res.ExitCode != 143 {
		t.Fatalf("outcome %s exit %d (err %v), want idle_timeout and exit 143", res.Outcome, res.ExitCode, res.Err)
	}
	if inv := h.onlyInvocation(); inv.GrandchildPID == 0 || !waitDead(inv.GrandchildPID) {
		t.Errorf("grandchild %d still alive, want it killed with the group", inv.GrandchildPID)
	}
}

func TestRunLineLimit(t *testing.T) {
	t.Parallel()
	t.Run("over the limit is a crash", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, func(o *Options) { o.MaxLineBytes = 1 << 20 })
		var types []string
		res := h.run(t.Context(), Request{Prompt: "fake:huge=2000000", OnEvent: func(e Event) { types = append(types, e.Type) }})
		if res.Outcome != OutcomeCrash || res.Err == nil || !strings.Contains(res.Err.Error(), "output line exceeds 1048576 bytes") {
			t.Fatalf("outcome %s err %v, want crash: output line exceeds 1048576 bytes", res.Outcome, res.Err)
		}
		if len(types) == 0 || types[0] != "system" {
			t.Errorf("events %q, want the init line before the huge one", types)
		}
	})
	t.Run("under the limit is read whole", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, func(o *Options) { o.MaxLineBytes = 1 << 20 })
		res := h.run(t.Context(), Request{Prompt: "fake:huge=500000"})
		if res.Outcome != OutcomeOK || len(res.Text) != 500000 || strings.Trim(res.Text, "x") != "" {
			t.Fatalf("outcome %s text %d bytes (err %v), want ok with 500000 x", res.Outcome, len(res.Text), res.Err)
		}
	})
}

func TestRunCancelCause(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	cause := errors.New("channel reset by user")
	ctx, cancel := context.WithCancelCause(t.Context())
	defer cancel(nil)
	res := h.run(ctx, Request{Prompt: "fake:hang", OnEvent: func(Event) { cancel(cause) }})
	if res.Outcome != OutcomeCancelled || !errors.Is(res.Err, context.Canceled) || !errors.Is(res.Err, cause) {
		t.Fatalf("outcome %s err %v, want cancelled wrapping context.Canceled and the cause", res.Outcome, res.Err)
	}
}
