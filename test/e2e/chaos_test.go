package e2e

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/store"
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

	runs, at := map[string]int{}, map[string]int{}
	for i, inv := range d.invocations() {
		runs[inv.Prompt()]++
		at[inv.Prompt()] = i
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
	if at["queued a1"] > at["queued a2"] {
		t.Errorf("channel A's queued mentions ran out of order: a1 at %d, a2 at %d", at["queued a1"], at["queued a2"])
	}

	// The asker can run the interrupted message again.
	rep := d.replies(chanA, runA.ID)
	notice := rep[len(rep)-1]
	r := d.response(d.discord.Click(chanA, alice, notice.ID, "retry:"+runA.ID))
	if !strings.Contains(r.Content, "Running it again") {
		t.Fatalf("retry click = %+v", r)
	}
	d.until("the retried run", func() bool { return len(d.invocations()) == len(runs)+1 })
}

// With retry_interrupted, a run interrupted by kill -9 runs again on its own after the restart.
func TestRetryInterruptedAutomatically(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: "    retry_interrupted: true\n"})
	m := d.mention(chanA, alice, "interrupted fake:sleep=2s")
	d.until("the run to start", func() bool { return len(d.invocations()) == 1 })
	d.kill9()
	d.restart()
	d.reacted(chanA, m.ID, "✅")
	rep := d.replies(chanA, m.ID)
	if len(rep) != 1 || !strings.Contains(rep[0].Content, "ran again from the start") {
		t.Errorf("answer after the automatic retry: %+v", rep)
	}
	if n := len(d.invocations()); n != 2 {
		t.Errorf("fake CLI ran %d times, want 2", n)
	}
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

// 200 runs with the fake CLI failing at random (crash, hang, garbage, huge output): every mention
// is answered, no channel is stuck, no process is left behind.
func TestRandomCLIFailures(t *testing.T) {
	d := startDaemon(t, setup{channels: 2, timeout: "1s", channelsYAML: ", max_restarts: 1000, queue_limit: 100"})
	failures := []string{"", "", "fake:exit=1", "fake:hang", "fake:malformed", "fake:huge=17000000", "fake:stream=2,10ms fake:exit=3"}
	rng := rand.New(rand.NewPCG(7, 7))
	channels := []string{chanA, chanB, extraChannel(0), extraChannel(1)}
	type sent struct{ ch, id string }
	var all []sent
	for i := range 200 {
		ch := channels[i%len(channels)]
		m := d.mention(ch, alice, fmt.Sprintf("run %d %s", i, failures[rng.IntN(len(failures))]))
		all = append(all, sent{ch, m.ID})
	}
	d.until("every mention answered", func() bool {
		for _, s := range all {
			r := d.discord.Reactions(s.ch, s.id)
			if !contains(r, "✅") && !contains(r, "❌") {
				return false
			}
		}
		return true
	})
	for _, ch := range channels {
		m := d.mention(ch, alice, "after the storm")
		d.reacted(ch, m.ID, "✅")
	}
	if code := d.stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	d.noProcessLeft()
}

// A store another process holds, or a store file that is not a store, stops the daemon at once
// with a clear error and a non-zero exit.
func TestBadStoreFile(t *testing.T) {
	t.Run("locked", func(t *testing.T) {
		d := startDaemon(t, setup{})
		d.kill9()
		// Hold the store as a running coordinator would, then start the daemon on it.
		st, err := store.Open(filepath.Join(d.dir, "data", "coordinator.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		d.launch()
		if code := d.exit(); code == 0 {
			t.Fatal("exit code 0 on a store in use")
		}
		if !strings.Contains(d.log.String(), "in use by another coordinator") {
			t.Errorf("no clear error:\n%s", d.log.String())
		}
	})
	t.Run("corrupt", func(t *testing.T) {
		d := startDaemon(t, setup{})
		d.kill9()
		if err := os.WriteFile(filepath.Join(d.dir, "data", "coordinator.db"), bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
			t.Fatal(err)
		}
		d.launch()
		if code := d.exit(); code == 0 {
			t.Fatal("exit code 0 on a corrupt store")
		}
		if !strings.Contains(d.log.String(), "coordinator.db") {
			t.Errorf("the error does not name the store:\n%s", d.log.String())
		}
	})
}

// A live mention that arrives while the restart's catch-up is still fetching its channel waits: the mention posted
// while the bot was down runs first, as the channel's order wants.
func TestLiveMentionWaitsForTheCatchUp(t *testing.T) {
	d := startDaemon(t, setup{})
	first := d.mention(chanA, alice, "before the stop")
	d.reacted(chanA, first.ID, "✅")
	if code := d.stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	down := d.mention(chanA, alice, "while down")
	d.discord.RateLimit("GET", "/channels/"+chanA+"/messages", 1, 2*time.Second) // the catch-up's fetch waits 2 s
	d.restart()
	live := d.mention(chanA, bob, "live after the restart")
	d.reacted(chanA, live.ID, "✅")
	d.reacted(chanA, down.ID, "✅")
	var order []string
	for _, inv := range d.invocations() {
		order = append(order, inv.Prompt())
	}
	if strings.Join(order, "|") != "before the stop|while down|live after the restart" {
		t.Errorf("runs: %q, want the missed mention before the live one", order)
	}
}
