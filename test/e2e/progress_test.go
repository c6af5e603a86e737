package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// discordLimit is Discord's per-channel limit on message changes (sends, edits, deletes), which the fake enforces
// with real 429s in these tests.
var discordLimit = fakediscord.Options{ChannelMessageLimit: fakediscord.MessageLimit{N: 5, Per: 5 * time.Second}}

// statusOf waits for the status message of msgID's run and returns it.
func (d *daemon) statusOf(channel, msgID string) fakediscord.Message {
	d.t.Helper()
	var st fakediscord.Message
	d.until("the status message of "+msgID, func() bool {
		var ok bool
		st, ok = d.status(channel, msgID)
		return ok
	})
	return st
}

// stopButtonOf returns the custom id of the Stop button on a status message ("" when it has none).
func stopButtonOf(components json.RawMessage) string {
	var rows []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
			Label    string `json:"label"`
		} `json:"components"`
	}
	if json.Unmarshal(components, &rows) != nil {
		return ""
	}
	for _, r := range rows {
		for _, c := range r.Components {
			if c.Label == "Stop" {
				return c.CustomID
			}
		}
	}
	return ""
}

// A run's status message is edited at most every progress_interval however many events come, never draws a 429
// from Discord's per-channel limit, ends in its final line without the Stop button, and the answer comes as a new
// message after it.
func TestProgressEditsArePacedAndFinal(t *testing.T) {
	d := startDaemon(t, setup{discord: discordLimit})
	m := d.mention(chanA, alice, "fake:tools=25,100ms go") // 50 events over 2.5 s
	st := d.statusOf(chanA, m.ID)
	if !strings.HasPrefix(st.Content, "⚙️ Working") || !strings.HasPrefix(stopButtonOf(st.Components), "stop:"+m.ID+":"+alice.ID) {
		t.Errorf("first status = %q with components %s, want Working with a Stop button for alice", st.Content, st.Components)
	}
	d.reacted(chanA, m.ID, "✅")

	edits := d.discord.Edits(st.ID)
	if len(edits) < 2 || len(edits) > 4 { // 2.5 s at one edit per 2 s, plus the final line
		t.Fatalf("status edited %d times, want 2 to 4: %+v", len(edits), edits)
	}
	progress, final := edits[:len(edits)-1], edits[len(edits)-1]
	if !strings.Contains(progress[0].Content, "🔧 Bash `echo step") {
		t.Errorf("progress edit = %q, want the current tool and its command", progress[0].Content)
	}
	prev := st.Time
	for i, e := range progress {
		if gap := e.At.Sub(prev); gap < 2*time.Second {
			t.Errorf("progress edit %d came %v after the previous change, want at least the 2s interval", i, gap)
		}
		prev = e.At
	}
	if !strings.HasPrefix(final.Content, "✅ Done in ") || !strings.Contains(final.Content, "26 turns · 25 tool calls · $0.0503") {
		t.Errorf("final status = %q", final.Content)
	}
	if stopButtonOf(final.Components) != "" {
		t.Errorf("the final status still has a Stop button: %s", final.Components)
	}
	rep := d.replies(chanA, m.ID)
	if len(rep) != 1 || rep[0].Content != "echo: fake:tools=25,100ms go" || rep[0].ID <= st.ID {
		t.Errorf("answer = %+v, want one new message after the status", rep)
	}
	if n := d.discord.RateLimited(); n != 0 {
		t.Errorf("Discord answered %d requests with 429", n)
	}
}

// A burst of hundreds of events collapses: the status is not edited per event.
func TestProgressBurstCollapses(t *testing.T) {
	d := startDaemon(t, setup{discord: discordLimit})
	m := d.mention(chanA, alice, "fake:tools=300,0s burst")
	d.reacted(chanA, m.ID, "✅")
	st := d.statusOf(chanA, m.ID)
	if edits := d.discord.Edits(st.ID); len(edits) > 2 { // a progress edit at most, and the final line
		t.Fatalf("600 events gave %d edits, want at most 2", len(edits))
	}
	d.until("the final status", func() bool {
		m, _ := d.discord.FindMessage(st.ID)
		return strings.HasPrefix(m.Content, "✅ Done in ")
	})
	if final, _ := d.discord.FindMessage(st.ID); !strings.Contains(final.Content, "301 turns · 300 tool calls") {
		t.Errorf("final status = %q", final.Content)
	}
	if n := d.discord.RateLimited(); n != 0 {
		t.Errorf("Discord answered %d requests with 429", n)
	}
}

// Full verbosity shows Claude's words and the recent tools; hide_cost leaves the cost out of the final line.
func TestProgressFullVerbosityAndHiddenCost(t *testing.T) {
	d := startDaemon(t, setup{discord: discordLimit, extraYAML: "    progress: full\n    hide_cost: true\n"})
	m := d.mention(chanA, alice, "fake:tools=8,500ms go") // 4 s: a progress edit at 2 s
	d.reacted(chanA, m.ID, "✅")
	st := d.statusOf(chanA, m.ID)
	edits := d.discord.Edits(st.ID)
	if len(edits) < 2 {
		t.Fatalf("status edited %d times, want a progress edit and the final one", len(edits))
	}
	p := edits[0].Content
	for _, want := range []string{"💬 Working on step ", "🕘 `Bash echo step 1` · `Bash echo step 2`"} {
		if !strings.Contains(p, want) {
			t.Errorf("full progress %q lacks %q", p, want)
		}
	}
	final := edits[len(edits)-1].Content
	if !strings.HasPrefix(final, "✅ Done in ") || strings.Contains(final, "$") {
		t.Errorf("final status = %q, want done without the cost", final)
	}
}

// With progress off there is no status message: reactions, typing and the answer only.
func TestProgressOff(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: "    progress: \"off\"\n"})
	m := d.mention(chanA, alice, "fake:tools=2,0s go")
	d.reacted(chanA, m.ID, "✅")
	if st, ok := d.status(chanA, m.ID); ok {
		t.Errorf("status message with progress off: %+v", st)
	}
	if n := len(d.discord.BotMessages(chanA)); n != 1 {
		t.Errorf("%d bot messages, want the answer only", n)
	}
}

// The Stop button stops the run for its asker and for admins; anyone else's press is refused and the run goes on.
// The channel is free afterwards.
func TestStopButton(t *testing.T) {
	d := startDaemon(t, setup{})
	run := d.mention(chanA, alice, "fake:hang")
	st := d.statusOf(chanA, run.ID)
	button := stopButtonOf(st.Components)
	if button == "" {
		t.Fatalf("status %q has no Stop button", st.Content)
	}
	for _, who := range []fakediscord.Author{bob, mallory} {
		r := d.response(d.discord.Click(chanA, who, st.ID, button))
		if r.Flags&ephemeralFlag == 0 || !strings.Contains(r.Content, "not allowed") && !strings.Contains(r.Content, "Only the person who asked") {
			t.Errorf("%s's press answered %+v, want an ephemeral refusal", who.Name, r)
		}
	}
	if got := d.discord.Reactions(chanA, run.ID); strings.Join(got, "") != "👀" {
		t.Fatalf("after refused presses the run shows %v, want it still running", got)
	}

	r := d.response(d.discord.Click(chanA, alice, st.ID, button))
	if r.Type != 6 { // acknowledged; the bot edits the status itself, so its final line always lands last
		t.Errorf("alice's press answered %+v, want a deferred update", r)
	}
	d.reacted(chanA, run.ID, "🛑")
	d.until("the final status", func() bool {
		m, _ := d.discord.FindMessage(st.ID)
		return strings.HasPrefix(m.Content, "🛑 Stopped after ") && strings.Contains(m.Content, " by alice")
	})
	if rep := d.replies(chanA, run.ID); len(rep) != 0 {
		t.Errorf("a stopped run with a status message got replies %+v", rep)
	}
	again := d.response(d.discord.Click(chanA, alice, st.ID, button))
	if !strings.Contains(again.Content, "already ended") {
		t.Errorf("a press after the end answered %+v", again)
	}

	next := d.mention(chanA, bob, "fake:hang next") // the channel is free: bob's run starts, and an admin stops it
	nextStatus := d.statusOf(chanA, next.ID)
	r = d.response(d.discord.Click(chanA, admin, nextStatus.ID, stopButtonOf(nextStatus.Components)))
	if r.Type != 6 {
		t.Errorf("the admin's press answered %+v", r)
	}
	d.reacted(chanA, next.ID, "🛑")
	after := d.mention(chanA, alice, "after")
	d.reacted(chanA, after.ID, "✅")
}

// A status message left by a run that a crash interrupted is finalised after the restart: it no longer says
// Working, and its Stop button is gone.
func TestStaleStatusFinalisedAfterACrash(t *testing.T) {
	d := startDaemon(t, setup{})
	m := d.mention(chanA, alice, "fake:hang")
	st := d.statusOf(chanA, m.ID)
	d.log.waitFor(t, `"status_id":"`+st.ID+`"`) // journaled
	d.kill9()
	d.restart()
	d.until("the stale status finalised", func() bool {
		cur, _ := d.discord.FindMessage(st.ID)
		return strings.HasPrefix(cur.Content, "⚠️ Interrupted") && stopButtonOf(cur.Components) == ""
	})
	d.reacted(chanA, m.ID, "❌") // and its asker is offered a retry, as before
}

// /status names what the running turn is doing now.
func TestStatusShowsTheCurrentTool(t *testing.T) {
	d := startDaemon(t, setup{})
	m := d.mention(chanA, alice, "fake:tools=10,500ms go") // 5 s
	st := d.statusOf(chanA, m.ID)
	d.until("a progress edit", func() bool {
		cur, _ := d.discord.FindMessage(st.ID)
		return strings.Contains(cur.Content, "🔧 Bash")
	})
	r := d.response(d.discord.Command(chanA, alice, "status", nil))
	if !strings.Contains(r.Content, "**Now** ") || !strings.Contains(r.Content, "🔧 Bash `echo step ") {
		t.Errorf("/status = %q, want the current tool", r.Content)
	}
	d.reacted(chanA, m.ID, "✅")
}
