package actors_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
)

// busyPolicy sets the busy policy of every mapped channel's project.
func busyPolicy(policy string) harnessOption {
	return func(o *actors.Options, _ *claudeOptions) {
		for _, p := range o.Projects {
			p.BusyPolicy = policy
		}
	}
}

// sendAs submits text in channel from user and returns the message id.
func (h *harness) sendAs(channel, user, text string) string {
	h.t.Helper()
	msgSeq.Lock()
	msgSeq.n++
	id := fmt.Sprintf("m%d", msgSeq.n)
	msgSeq.Unlock()
	if err := h.sys.Submit(actors.Inbound{ChannelID: channel, MessageID: id, UserID: user, UserName: user, Text: text}); err != nil {
		h.t.Fatalf("submit: %v", err)
	}
	return id
}

// prompts lists the prompts the fake CLI ran, in order.
func (h *harness) prompts() []string {
	h.t.Helper()
	var out []string
	for _, inv := range h.invocations() {
		out = append(out, inv.Prompt())
	}
	return out
}

// hanging waits until the fake CLI has logged the run of message id's prompt, so that it is really
// running (Started comes before the process is up) and the runs seen in the log are complete.
func (h *harness) hanging(id, prompt string, runs int) {
	h.t.Helper()
	h.outcome(id, actors.Started)
	waitFor(h.t, "the fake CLI to run "+prompt, func() bool {
		p := h.prompts()
		return len(p) == runs && p[runs-1] == prompt
	})
}

// With the interrupt policy, a new message of the user whose message runs stops that run (Cancelled
// by a newer message, no restart) and runs next, ahead of another user's queued message, resuming
// the channel's session.
func TestBusyInterruptSameUser(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", busyPolicy(actors.BusyInterrupt))
	if o := h.final(h.sendAs("c1", "ann", "warm-up")); o.Kind != actors.Answered {
		t.Fatalf("warm-up: %+v", o)
	}
	sess, ok, err := h.store.GetSession("c1")
	if err != nil || !ok || sess.ClaudeSessionID == "" {
		t.Fatalf("stored session = %+v, %v, %v", sess, ok, err)
	}

	running := h.sendAs("c1", "ann", "fake:hang")
	h.hanging(running, "fake:hang", 2)
	other := h.sendAs("c1", "bob", "from bob")
	if o := h.outcome(other, actors.Queued); o.Position != 1 {
		t.Fatalf("bob's message queued at %d, want 1", o.Position)
	}
	newer := h.sendAs("c1", "ann", "again")
	if o := h.outcome(newer, actors.Queued); o.Position != 1 {
		t.Fatalf("ann's newer message queued at %d, want 1 (ahead of bob's)", o.Position)
	}

	all := h.collect([]string{running, other, newer})
	finals := map[string]actors.Outcome{}
	for _, o := range all {
		if isFinal(o.Kind) {
			finals[o.MessageID] = o
		}
	}
	if o := finals[running]; o.Kind != actors.Cancelled || o.CancelBy != actors.CancelByNewerMessage {
		t.Errorf("interrupted run: %+v, want Cancelled by %q", o, actors.CancelByNewerMessage)
	}
	for _, id := range []string{newer, other} {
		if o := finals[id]; o.Kind != actors.Answered {
			t.Errorf("message %s: %+v, want Answered", id, o)
		}
	}

	got := h.prompts()
	want := []string{"warm-up", "fake:hang", "again", "from bob"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("runs = %q, want %q", got, want)
	}
	inv := h.invocations()
	if r := inv[2].Flag("--resume"); r != sess.ClaudeSessionID {
		t.Errorf("the interrupting run resumed %q, want the channel's session %q", r, sess.ClaudeSessionID)
	}
	if got := metricSum(t, h.reg, "coordinator_actor_restarts_total"); got != 0 {
		t.Errorf("restarts = %v, want 0: an interrupt is not a failure", got)
	}
	h.noProcessLeft()
}

// With the interrupt policy, a message from another user is queued and the run goes on; so are
// the messages of a user whose own message is only queued, not running.
func TestBusyInterruptOtherUserQueues(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", busyPolicy(actors.BusyInterrupt))
	running := h.sendAs("c1", "ann", "fake:hang")
	h.hanging(running, "fake:hang", 1)
	first := h.sendAs("c1", "bob", "one")
	second := h.sendAs("c1", "bob", "two")
	if o := h.outcome(second, actors.Queued); o.Position != 2 {
		t.Fatalf("bob's second message queued at %d, want 2", o.Position)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	st, err := h.sys.Status(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Running == nil || st.Running.MessageID != running || st.Queued != 2 {
		t.Fatalf("status = %+v, want ann's run going on with 2 queued", st)
	}
	if _, err := h.sys.Cancel(ctx, "c1", "admin", false); err != nil {
		t.Fatal(err)
	}
	if o := h.final(running); o.Kind != actors.Cancelled || o.CancelBy != "admin" {
		t.Fatalf("ann's run: %+v, want Cancelled by admin", o)
	}
	for _, id := range []string{first, second} {
		if o := h.final(id); o.Kind != actors.Answered {
			t.Errorf("bob's message %s: %+v, want Answered", id, o)
		}
	}
	if got, want := h.prompts(), []string{"fake:hang", "one", "two"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("runs = %q, want %q", got, want)
	}
	h.noProcessLeft()
}

// With the queue policy (explicit or the default ""), the same user's new message waits its turn.
func TestBusyQueueSameUserWaits(t *testing.T) {
	for _, policy := range []string{actors.BusyQueue, ""} {
		t.Run(fmt.Sprintf("policy %q", policy), func(t *testing.T) {
			h := newHarness(t, []string{"c1"}, "", busyPolicy(policy))
			running := h.sendAs("c1", "ann", "fake:hang")
			h.hanging(running, "fake:hang", 1)
			next := h.sendAs("c1", "ann", "again")
			if o := h.outcome(next, actors.Queued); o.Position != 1 {
				t.Fatalf("queued position = %d, want 1", o.Position)
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			st, err := h.sys.Status(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			if st.Running == nil || st.Running.MessageID != running {
				t.Fatalf("status = %+v, want the first run going on", st)
			}
			if _, err := h.sys.Cancel(ctx, "c1", "admin", false); err != nil {
				t.Fatal(err)
			}
			if o := h.final(running); o.Kind != actors.Cancelled || o.CancelBy != "admin" {
				t.Fatalf("first run: %+v, want Cancelled by admin", o)
			}
			if o := h.final(next); o.Kind != actors.Answered {
				t.Fatalf("second: %+v, want Answered", o)
			}
			h.noProcessLeft()
		})
	}
}
