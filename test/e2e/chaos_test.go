package e2e

import (
	"strings"
	"testing"
)

// kill -9 while runs are in flight with more mentions queued over two channels; after the
// restart every accepted mention is answered or explicitly reported, none runs twice, and the
// channels' sessions resume.
func TestKillDashNineRecovers(t *testing.T) {
	d := startDaemon(t, setup{})
	warmA, warmB := d.mention(chanA, alice, "warm a"), d.mention(chanB, alice, "warm b")
	d.reacted(chanA, warmA.ID, "✅")
	d.reacted(chanB, warmB.ID, "✅")
	sessions := map[string]string{}
	for _, inv := range d.invocations() {
		sessions[inv.Prompt()] = inv.Flag("--session-id")
	}

	runA := d.mention(chanA, alice, "long a fake:hang")
	runB := d.mention(chanB, alice, "long b fake:hang")
	d.until("both runs to start", func() bool { return len(d.invocations()) == 4 })
	queued := []struct{ ch, id, text string }{}
	for _, q := range []struct{ ch, text string }{{chanA, "queued a1"}, {chanA, "queued a2"}, {chanB, "queued b1"}} {
		m := d.mention(q.ch, alice, q.text)
		d.until("the mention to queue", func() bool { return contains(d.discord.Reactions(q.ch, m.ID), "⏳") })
		queued = append(queued, struct{ ch, id, text string }{q.ch, m.ID, q.text})
	}

	d.kill9()
	d.restart()

	for _, q := range queued {
		d.reacted(q.ch, q.id, "✅")
		rep := d.replies(q.ch, q.id)
		last := rep[len(rep)-1].Content
		if !strings.Contains(last, "before a restart") || !strings.Contains(last, "echo: "+q.text) {
			t.Errorf("answer to %q after the restart: %q", q.text, last)
		}
	}
	for _, m := range []struct{ ch, id string }{{chanA, runA.ID}, {chanB, runB.ID}} {
		d.until("the interrupted run to be reported", func() bool {
			for _, r := range d.replies(m.ch, m.id) {
				if strings.Contains(r.Content, "restart interrupted") && strings.Contains(string(r.Components), "retry:"+m.id) {
					return true
				}
			}
			return false
		})
	}

	runs := map[string]int{}
	for _, inv := range d.invocations() {
		runs[inv.Prompt()]++
		switch {
		case strings.HasPrefix(inv.Prompt(), "queued a"):
			if got := inv.Flag("--resume"); got != sessions["warm a"] {
				t.Errorf("%q resumed %q, want channel A's session %q", inv.Prompt(), got, sessions["warm a"])
			}
		case inv.Prompt() == "queued b1":
			if got := inv.Flag("--resume"); got != sessions["warm b"] {
				t.Errorf("%q resumed %q, want channel B's session %q", inv.Prompt(), got, sessions["warm b"])
			}
		}
	}
	for p, n := range runs {
		if n != 1 {
			t.Errorf("%q ran %d times", p, n)
		}
	}

	// The asker can run the interrupted message again.
	notice := d.replies(chanA, runA.ID)[len(d.replies(chanA, runA.ID))-1]
	r := d.response(d.discord.Click(chanA, alice, notice.ID, "retry:"+runA.ID))
	if !strings.Contains(r.Content, "Running it again") {
		t.Fatalf("retry click = %+v", r)
	}
	d.until("the retried run", func() bool { return len(d.invocations()) == len(runs)+1 })
}

// Mentions posted while the daemon is down are answered after it comes back, in order.
func TestMentionsWhileDownAreAnswered(t *testing.T) {
	d := startDaemon(t, setup{})
	first := d.mention(chanA, alice, "before the stop")
	d.reacted(chanA, first.ID, "✅")
	if code := d.stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	down1 := d.mention(chanA, alice, "while down one")
	down2 := d.mention(chanA, bob, "while down two")
	chatter := d.discord.PostMessage(chanA, alice, "just talking, no mention")
	d.restart()
	d.reacted(chanA, down1.ID, "✅")
	d.reacted(chanA, down2.ID, "✅")
	for _, id := range []string{down1.ID, down2.ID} {
		rep := d.replies(chanA, id)
		if len(rep) != 1 || !strings.Contains(rep[0].Content, "sent while I was offline") {
			t.Errorf("reply to a mention sent while down: %+v", rep)
		}
	}
	if n := len(d.replies(chanA, chatter.ID)); n != 0 {
		t.Errorf("a message without a mention was answered")
	}
	var order []string
	for _, inv := range d.invocations() {
		order = append(order, inv.Prompt())
	}
	if strings.Join(order, "|") != "before the stop|while down one|while down two" {
		t.Errorf("runs: %v", order)
	}
	// Restarting again answers nothing twice.
	if code := d.stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	d.restart()
	again := d.mention(chanA, alice, "after the second restart")
	d.reacted(chanA, again.ID, "✅")
	if n := len(d.invocations()); n != 4 {
		t.Errorf("fake CLI ran %d times, want 4: a restart re-ran something", n)
	}
}
