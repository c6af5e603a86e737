package actors_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/test/fakeclock"
)

// A crash (rc 1, no output) and a hang (timeout) each get an error reply with an id, restart the
// channel actor, and the messages queued behind them run afterwards, in order.
func TestCrashAndHangRestartAndKeepTheQueue(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", func(_ *actors.Options, c *claudeOptions) { c.Timeout = 700 * time.Millisecond })
	ids := []string{
		h.send("c1", "fake:exit=1"),
		h.send("c1", "after-crash"),
		h.send("c1", "fake:hang fake:ignore-term"),
		h.send("c1", "after-hang"),
	}
	finals := map[string]actors.Outcome{}
	var order []string
	for _, o := range h.collect(ids) {
		if isFinal(o.Kind) {
			finals[o.MessageID] = o
			order = append(order, o.MessageID)
		}
	}
	if strings.Join(order, ",") != strings.Join(ids, ",") {
		t.Fatalf("final outcomes in order %v, want %v", order, ids)
	}
	crash, hang := finals[ids[0]], finals[ids[2]]
	if crash.Kind != actors.Failed || crash.Class != claude.OutcomeCrash || !strings.HasPrefix(crash.ErrorID, "E-") {
		t.Errorf("crash outcome = %+v, want Failed/crash with an error id", crash)
	}
	if hang.Kind != actors.Failed || hang.Class != claude.OutcomeTimeout || hang.ErrorID == "" {
		t.Errorf("hang outcome = %+v, want Failed/timeout with an error id", hang)
	}
	for _, id := range []string{ids[1], ids[3]} {
		if o := finals[id]; o.Kind != actors.Answered {
			t.Errorf("message %s behind a failure: %+v, want Answered", id, o)
		}
	}
	if got := metricSum(t, h.reg, "coordinator_actor_restarts_total"); got != 2 {
		t.Errorf("restarts = %v, want 2", got)
	}
	h.noProcessLeft()

	// The failures are in the run log with their error ids.
	runs, err := h.store.ListRuns("c1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 4 || runs[0].ErrorID != crash.ErrorID || runs[2].ErrorID != hang.ErrorID {
		t.Fatalf("run log = %+v", runs)
	}
}

// A channel that keeps failing trips its breaker: it answers "failing" with the last error id
// during the cool-down, then runs messages again.
func TestBreakerTripsAndRecovers(t *testing.T) {
	clock := fakeclock.New(time.Now())
	h := newHarness(t, []string{"c1"}, "", func(o *actors.Options, _ *claudeOptions) {
		o.MaxRestarts, o.RestartWindow, o.BreakerCooldown, o.Now = 1, time.Minute, time.Minute, clock.Now
	})
	first := h.final(h.send("c1", "fake:exit=2"))
	second := h.final(h.send("c1", "fake:exit=2"))
	if first.Kind != actors.Failed || second.Kind != actors.Failed {
		t.Fatalf("failures: %+v, %+v", first, second)
	}
	refused := h.final(h.send("c1", "while open"))
	if refused.Kind != actors.BreakerOpen || refused.ErrorID != second.ErrorID || !strings.Contains(refused.Text, second.ErrorID) {
		t.Fatalf("during cool-down: %+v, want BreakerOpen naming %s", refused, second.ErrorID)
	}
	if got := metricSum(t, h.reg, "coordinator_breaker_trips_total"); got != 1 {
		t.Errorf("breaker trips = %v, want 1", got)
	}
	clock.Advance(time.Minute + time.Second)
	if o := h.final(h.send("c1", "after cool-down")); o.Kind != actors.Answered {
		t.Fatalf("after cool-down: %+v, want Answered", o)
	}
	if n := len(h.invocations()); n != 3 {
		t.Fatalf("fake CLI ran %d times, want 3 (nothing ran while the breaker was open)", n)
	}
}

// Status and cancel are answered while a run is in flight; cancel frees the channel without a
// restart.
func TestStatusAndCancelWhileRunning(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	running := h.send("c1", "fake:hang")
	h.outcome(running, actors.Started)
	queued := h.send("c1", "next")
	if o := h.outcome(queued, actors.Queued); o.Position != 1 {
		t.Fatalf("queued position = %d, want 1", o.Position)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	st, err := h.sys.Status(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Running == nil || st.Running.MessageID != running || st.Queued != 1 || !st.Active {
		t.Fatalf("status = %+v, want running %s with 1 queued", st, running)
	}
	rep, err := h.sys.Cancel(ctx, "c1", "admin", false)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Cancelled || rep.MessageID != running {
		t.Fatalf("cancel = %+v", rep)
	}
	if o := h.final(running); o.Kind != actors.Cancelled || o.CancelBy != "admin" {
		t.Fatalf("cancelled run: %+v", o)
	}
	if o := h.final(queued); o.Kind != actors.Answered {
		t.Fatalf("message behind the cancelled one: %+v", o)
	}
	if got := metricSum(t, h.reg, "coordinator_actor_restarts_total"); got != 0 {
		t.Errorf("restarts = %v, want 0: a cancel is not a failure", got)
	}
	h.noProcessLeft()
}

// The message over the queue limit gets an explicit QueueFull.
func TestQueueFull(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", func(o *actors.Options, _ *claudeOptions) { o.QueueLimit = 2 })
	running := h.send("c1", "fake:hang")
	h.outcome(running, actors.Started)
	a, b := h.send("c1", "a"), h.send("c1", "b")
	if o := h.outcome(b, actors.Queued); o.Position != 2 {
		t.Fatalf("second queued position = %d, want 2", o.Position)
	}
	if o := h.final(h.send("c1", "c")); o.Kind != actors.QueueFull {
		t.Fatalf("third: %+v, want QueueFull", o)
	}
	if _, err := h.sys.Cancel(context.Background(), "c1", "test", false); err != nil {
		t.Fatal(err)
	}
	h.collect([]string{running, a, b})
}
