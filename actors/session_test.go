package actors_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/store"
)

// An idle channel is passivated; its next message brings it back with its session: the fake
// CLI's log shows --resume with the stored id.
func TestPassivationKeepsTheSession(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", func(o *actors.Options, _ *claudeOptions) { o.PassivateAfter = 100 * time.Millisecond })
	first := h.final(h.send("c1", "hello"))
	if first.Kind != actors.Answered {
		t.Fatalf("first: %+v", first)
	}
	waitFor(t, "the channel actor to passivate", func() bool { return metricSum(t, h.reg, "coordinator_channel_actors") == 0 })
	sess, ok, err := h.store.GetSession("c1")
	if err != nil || !ok || sess.ClaudeSessionID == "" {
		t.Fatalf("stored session = %+v, %v, %v", sess, ok, err)
	}
	if o := h.final(h.send("c1", "again")); o.Kind != actors.Answered {
		t.Fatalf("after passivation: %+v", o)
	}
	inv := h.invocations()
	if len(inv) != 2 {
		t.Fatalf("fake CLI ran %d times, want 2", len(inv))
	}
	if got := inv[0].Flag("--session-id"); got != sess.ClaudeSessionID {
		t.Errorf("first run --session-id = %q, want the stored %q", got, sess.ClaudeSessionID)
	}
	if got := inv[1].Flag("--resume"); got != sess.ClaudeSessionID {
		t.Errorf("second run --resume = %q, want %q", got, sess.ClaudeSessionID)
	}
}

// A new actor system on the same store file resumes every channel's session.
func TestNewSystemOnTheSameStoreResumes(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "shared.db")
	h1 := newHarness(t, []string{"c1", "c2"}, dbPath)
	h1.collect([]string{h1.send("c1", "one"), h1.send("c2", "two")})
	want := map[string]string{}
	for _, ch := range []string{"c1", "c2"} {
		s, ok, err := h1.store.GetSession(ch)
		if err != nil || !ok || s.ClaudeSessionID == "" {
			t.Fatalf("session of %s = %+v, %v, %v", ch, s, ok, err)
		}
		want[ch] = s.ClaudeSessionID
	}
	h1.stop()

	h2 := newHarness(t, []string{"c1", "c2"}, dbPath, func(_ *actors.Options, c *claudeOptions) {
		c.Environ = []string{"PATH=" + envPath(), "HOME=" + h1.home} // the same Claude home: sessions exist
	})
	h2.collect([]string{h2.send("c1", "three"), h2.send("c2", "four")})
	inv := h2.invocations()
	if len(inv) != 2 {
		t.Fatalf("fake CLI ran %d times, want 2", len(inv))
	}
	for _, i := range inv {
		got := i.Flag("--resume")
		if got != want["c1"] && got != want["c2"] {
			t.Errorf("run %q resumed %q, want one of %v", i.Prompt(), got, want)
		}
	}
	if inv[0].Flag("--resume") == inv[1].Flag("--resume") {
		t.Errorf("both channels resumed the same session")
	}
}

// A stored session the CLI does not know is dropped and the message retried in a new session.
func TestStaleSessionIsReplaced(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	stale := "00000000-0000-4000-8000-000000000000"
	if err := h.store.PutSession(store.Session{ChannelID: "c1", Project: "demo", ClaudeSessionID: stale}); err != nil {
		t.Fatal(err)
	}
	o := h.final(h.send("c1", "hello"))
	if o.Kind != actors.Answered || !o.NewSession {
		t.Fatalf("outcome = %+v, want Answered with NewSession", o)
	}
	inv := h.invocations()
	if len(inv) != 2 || inv[0].Flag("--resume") != stale || inv[1].Flag("--session-id") == "" {
		t.Fatalf("invocations: %+v", inv)
	}
	s, _, err := h.store.GetSession("c1")
	if err != nil || s.ClaudeSessionID != inv[1].Flag("--session-id") {
		t.Fatalf("stored session %+v (%v), want the new id %s", s, err, inv[1].Flag("--session-id"))
	}
}

// Passivation hands over without losing a message: messages to three channels whose actors
// check for idleness every millisecond and passivate after 2 ms of quiet arrive with gaps around
// those 2 ms, so that messages race the passivation hand-over; each is answered exactly once.
func TestPassivationLosesNoMessage(t *testing.T) {
	channels := []string{"c1", "c2", "c3"}
	h := newHarness(t, channels, "", func(o *actors.Options, _ *claudeOptions) {
		o.PassivateAfter, o.QueueLimit = 2*time.Millisecond, 100
	})
	const rounds = 60
	rng := rand.New(rand.NewPCG(1, 2))
	answers := map[string]int{}
	for r := range rounds {
		var ids []string
		for _, ch := range channels {
			ids = append(ids, h.send(ch, fmt.Sprintf("round%d-%s", r, ch)))
		}
		for _, o := range h.collect(ids) {
			if isFinal(o.Kind) {
				if o.Kind != actors.Answered {
					t.Fatalf("message %s: %s %s", o.MessageID, o.Kind, o.Text)
				}
				answers[o.MessageID]++
			}
		}
		// Not a wait for an event: a gap of 0-4 ms that lands the next round before, during or
		// after the hand-over.
		<-time.After(time.Duration(rng.IntN(4000)) * time.Microsecond)
	}
	if len(answers) != rounds*len(channels) {
		t.Fatalf("%d messages answered, want %d", len(answers), rounds*len(channels))
	}
	for id, n := range answers {
		if n != 1 {
			t.Errorf("message %s answered %d times", id, n)
		}
	}
	if got := metricSum(t, h.reg, "coordinator_channel_passivations_total"); got == 0 {
		t.Error("no channel was passivated: the test did not exercise the hand-over")
	}
	t.Logf("passivations: %v", metricSum(t, h.reg, "coordinator_channel_passivations_total"))
}

// /model and /reset go through the channel actor: the next run uses the model, a reset starts a
// new session, and a reset during a run keeps that run's session from being stored.
func TestSetModelAndReset(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	ctx := context.Background()
	h.final(h.send("c1", "first"))
	if r, err := h.sys.SetModel(ctx, "c1", "haiku", "admin"); err != nil || r.Previous != "" {
		t.Fatalf("SetModel = %+v, %v", r, err)
	}
	h.final(h.send("c1", "second"))
	st, err := h.sys.Status(ctx, "c1")
	if err != nil || st.Model != "haiku" || st.Turns != 2 || st.SessionID == "" {
		t.Fatalf("status = %+v, %v", st, err)
	}
	if r, err := h.sys.Reset(ctx, "c1", "admin"); err != nil || !r.HadSession {
		t.Fatalf("Reset = %+v, %v", r, err)
	}
	h.final(h.send("c1", "third"))

	// A reset while a run is in flight: that run's session is not kept.
	running := h.send("c1", "fourth fake:sleep=300ms")
	h.outcome(running, actors.Started)
	if _, err := h.sys.Reset(ctx, "c1", "admin"); err != nil {
		t.Fatal(err)
	}
	h.final(running)
	h.final(h.send("c1", "fifth"))

	inv := h.invocations()
	if len(inv) != 5 {
		t.Fatalf("fake CLI ran %d times, want 5", len(inv))
	}
	if inv[0].Flag("--model") != "" || inv[1].Flag("--model") != "haiku" {
		t.Errorf("--model: first %q, second %q; want none then haiku", inv[0].Flag("--model"), inv[1].Flag("--model"))
	}
	if inv[1].Flag("--resume") == "" {
		t.Error("second run did not resume")
	}
	for _, i := range []int{2, 4} {
		if inv[i].Flag("--resume") != "" || inv[i].Flag("--session-id") == "" {
			t.Errorf("run %d after a reset: argv %v, want a new --session-id", i+1, inv[i].Argv)
		}
	}
}

// Cancel with DropQueue answers the running and the queued messages as cancelled.
func TestCancelDropsTheQueue(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	running := h.send("c1", "fake:hang")
	h.outcome(running, actors.Started)
	queued := []string{h.send("c1", "a"), h.send("c1", "b")}
	r, err := h.sys.Cancel(context.Background(), "c1", "ann", true)
	if err != nil || !r.Cancelled || r.Dropped != 2 {
		t.Fatalf("Cancel = %+v, %v", r, err)
	}
	for _, o := range h.collect(append([]string{running}, queued...)) {
		if isFinal(o.Kind) && o.Kind != actors.Cancelled {
			t.Errorf("message %s: %+v, want Cancelled", o.MessageID, o)
		}
	}
	if n := len(h.invocations()); n > 1 { // 0 when the cancel beat the fake's first log line
		t.Errorf("fake CLI ran %d times, want at most 1: the dropped messages must not run", n)
	}
}

// A channel mapped at run time is served from then on; a mapped channel cannot be mapped again.
func TestAddProjectAtRunTime(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	if o := h.final(h.send("c9", "before")); o.Kind != actors.NotMapped {
		t.Fatalf("unmapped channel: %+v", o)
	}
	if err := h.sys.AddProject("c9", &actors.Project{Name: "late", Dir: h.dir}); err != nil {
		t.Fatal(err)
	}
	if o := h.final(h.send("c9", "after")); o.Kind != actors.Answered || o.Project != "late" {
		t.Fatalf("after AddProject: %+v", o)
	}
	if err := h.sys.AddProject("c1", &actors.Project{Name: "steal", Dir: h.dir}); err == nil {
		t.Fatal("a mapped channel was mapped again")
	}
}
