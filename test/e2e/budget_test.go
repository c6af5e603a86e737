package e2e

import (
	"strings"
	"testing"
)

// budgetYAML gives project alpha a daily budget of $1 and a monthly one of $20, and no status message (the replies
// are then the answers and refusals only).
const budgetYAML = "    daily_budget_usd: 1.0\n    monthly_budget_usd: 20.0\n" + noProgressYAML

// overBudgetText is the start of the refusal once the daily budget is used up.
const overBudgetText = "This project's daily budget ($1.00) is used up"

// A project's daily budget end to end: an answer that brings the spend to 85 % carries the warning, /usage and
// /status show the figures, a run that goes past 100 % is still answered (with the warning), and the next mention
// is refused with 🚫 and a reply, without running Claude.
func TestDailyBudgetWarnsThenRefuses(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: budgetYAML})

	near := d.mention(chanA, alice, "spend a lot fake:cost=0.85")
	d.reacted(chanA, near.ID, "✅")
	warn := "*⚠️ This project has used $0.85 of the daily budget of $1.00 (85 %).*"
	if rep := d.replies(chanA, near.ID); len(rep) != 1 || !strings.HasSuffix(rep[0].Content, "\n\n"+warn) ||
		!strings.HasPrefix(rep[0].Content, "echo: spend a lot") {
		t.Fatalf("answer at 85 %% of the budget: %+v, want the echo ending with %q", rep, warn)
	}

	usage := d.response(d.discord.Command(chanA, bob, "usage", nil))
	wantUsage := "**Project** alpha\n**Today** (UTC) $0.85 of $1.00 (85 %)\n**This month** (UTC) $0.85 of $20.00 (4 %)\n"
	if usage.Flags&ephemeralFlag == 0 || usage.Content != wantUsage {
		t.Errorf("/usage = %q (flags %d), want ephemeral %q", usage.Content, usage.Flags, wantUsage)
	}
	status := d.response(d.discord.Command(chanA, bob, "status", nil))
	if want := "**Project spend** today $0.85 of $1.00 (85 %), this month $0.85 of $20.00 (4 %)\n"; !strings.Contains(status.Content, want) {
		t.Errorf("/status = %q, want a line %q", status.Content, want)
	}

	over := d.mention(chanA, alice, "a bit more fake:cost=0.2")
	d.reacted(chanA, over.ID, "✅")
	warn = "*⚠️ This project has used $1.05 of the daily budget of $1.00 (105 %).*"
	if rep := d.replies(chanA, over.ID); len(rep) != 1 || !strings.HasSuffix(rep[0].Content, warn) {
		t.Fatalf("answer past 100 %% of the budget: %+v, want it to end with %q", rep, warn)
	}

	refused := d.mention(chanB, bob, "one more please") // the budget is the project's, whatever the channel
	d.reacted(chanB, refused.ID, "🚫")
	if rep := d.replies(chanB, refused.ID); len(rep) != 1 || !strings.HasPrefix(rep[0].Content, overBudgetText) {
		t.Errorf("replies to the refused mention: %+v, want one starting %q", rep, overBudgetText)
	}
	if got := prompts(d); strings.Join(got, "|") != "spend a lot fake:cost=0.85|a bit more fake:cost=0.2" {
		t.Errorf("fake CLI runs = %q: the refused mention must not run", got)
	}
	usage = d.response(d.discord.Command(chanA, bob, "usage", nil))
	if want := "**Today** (UTC) $1.05 of $1.00 (105 %)\n"; !strings.Contains(usage.Content, want) {
		t.Errorf("/usage after the refusal = %q, want %q", usage.Content, want)
	}
}

// A mention queued while the budget still had room is refused when its turn comes, after the run ahead of it used
// the budget up: it was ⏳ first, then 🚫 with the refusal, and Claude never ran for it.
func TestQueuedMentionRefusedWhenBudgetRunsOut(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: budgetYAML})
	// The sleep only keeps the run going while the next mention queues; the test checks that it did queue.
	first := d.mention(chanA, alice, "use it all fake:cost=1.5 fake:sleep=3s")
	d.reacted(chanA, first.ID, "👀")
	queued := d.mention(chanA, bob, "behind the big one")
	d.reacted(chanA, queued.ID, "🚫")
	if added := reactionsAdded(d, queued.ID); len(added) != 2 || added[0] != "⏳" {
		t.Fatalf("reactions added to the second mention: %q, want ⏳ then 🚫 (if 🚫 alone, the first run ended before it queued)", added)
	}
	d.reacted(chanA, first.ID, "✅")
	var refusal bool
	for _, r := range d.replies(chanA, queued.ID) {
		refusal = refusal || strings.HasPrefix(r.Content, overBudgetText)
	}
	if !refusal {
		t.Errorf("no refusal among the replies to the queued mention: %+v", d.replies(chanA, queued.ID))
	}
	d.until("the queue note deleted", func() bool { // it no longer waits: its "Queued #1" note goes
		for _, r := range d.replies(chanA, queued.ID) {
			if strings.HasPrefix(r.Content, "Queued #") {
				return false
			}
		}
		return true
	})
	if got := prompts(d); len(got) != 1 || got[0] != "use it all fake:cost=1.5 fake:sleep=3s" {
		t.Errorf("fake CLI runs = %q, want only the first mention's", got)
	}
	// The channel is not stuck, and a new mention is refused at once.
	next := d.mention(chanA, alice, "and now")
	d.reacted(chanA, next.ID, "🚫")
	if n := len(d.invocations()); n != 1 {
		t.Errorf("fake CLI ran %d times, want 1", n)
	}
}

// prompts lists the prompts of the fake CLI's runs, in order.
func prompts(d *daemon) []string {
	var out []string
	for _, inv := range d.invocations() {
		out = append(out, inv.Prompt())
	}
	return out
}

// reactionsAdded lists the reactions the bot added to a message, in order, including those it removed since.
func reactionsAdded(d *daemon, messageID string) []string {
	var out []string
	for _, ev := range d.discord.ReactionLog() {
		if ev.MessageID == messageID && ev.Added {
			out = append(out, ev.Emoji)
		}
	}
	return out
}

// noProgressYAML turns project alpha's status message off, so that the replies to a mention are its answer only.
const noProgressYAML = "    progress: \"off\"\n"
