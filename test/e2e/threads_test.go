package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakecli"
	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// threadsYAML turns threads on for project alpha.
const threadsYAML = "    threads: true\n"

// sessionOf returns the Claude session an invocation used: the new one it started or the one it resumed.
func sessionOf(inv fakecli.Invocation) string {
	if id := inv.Flag("--session-id"); id != "" {
		return id
	}
	return inv.Flag("--resume")
}

// invocationFor returns the fake CLI invocation whose prompt starts with prompt.
func (d *daemon) invocationFor(prompt string) fakecli.Invocation {
	d.t.Helper()
	for _, inv := range d.invocations() {
		if strings.HasPrefix(inv.Prompt(), prompt) {
			return inv
		}
	}
	d.t.Fatalf("no Claude run for %q", prompt)
	return fakecli.Invocation{}
}

// Two threads under one mapped channel are channels of their own: the bot joins them, their runs go at the same
// time in the project's dir, each in its own Claude session (and apart from the parent channel's), and each thread
// resumes its own session.
func TestThreadsRunInParallelWithTheirOwnSessions(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: threadsYAML})
	one := d.discord.CreateThread(chanA, alice, "first topic", fakediscord.ThreadOptions{})
	two := d.discord.CreateThread(chanA, bob, "second topic", fakediscord.ThreadOptions{})
	d.until("the bot joined both threads", func() bool {
		return slices.Contains(d.discord.ThreadMembers(one.ID), botID) && slices.Contains(d.discord.ThreadMembers(two.ID), botID)
	})
	a := d.mention(one.ID, alice, "fake:sleep=1s topic one")
	b := d.mention(two.ID, bob, "fake:sleep=1s topic two")
	d.reacted(one.ID, a.ID, "✅")
	d.reacted(two.ID, b.ID, "✅")
	if rep := d.replies(one.ID, a.ID); len(rep) != 1 || rep[0].Content != "echo: fake:sleep=1s topic one" {
		t.Errorf("answer in the first thread: %+v", rep)
	}
	first, second := d.invocationFor("fake:sleep=1s topic one"), d.invocationFor("fake:sleep=1s topic two")
	if !first.Start.Before(second.End) || !second.Start.Before(first.End) {
		t.Errorf("the threads ran one after the other: %v-%v and %v-%v", first.Start, first.End, second.Start, second.End)
	}
	if first.Cwd != second.Cwd || !strings.HasSuffix(first.Cwd, "/project") {
		t.Errorf("runs worked in %q and %q, want the project's dir", first.Cwd, second.Cwd)
	}
	parent := d.mention(chanA, alice, "in the channel")
	d.reacted(chanA, parent.ID, "✅")
	sessions := []string{sessionOf(first), sessionOf(second), sessionOf(d.invocationFor("in the channel"))}
	if sessions[0] == "" || sessions[0] == sessions[1] || sessions[0] == sessions[2] || sessions[1] == sessions[2] {
		t.Errorf("sessions %q, want three different ones", sessions)
	}

	again := d.mention(one.ID, alice, "more on topic one")
	d.reacted(one.ID, again.ID, "✅")
	if got := d.invocationFor("more on topic one").Flag("--resume"); got != sessions[0] {
		t.Errorf("the first thread resumed %q, want its own session %q", got, sessions[0])
	}

	// After a restart the thread is found again (its mapping is not stored) and resumes its session.
	if code := d.stop(); code != 0 {
		t.Fatalf("stop: exit %d", code)
	}
	d.restart()
	later := d.mention(one.ID, alice, "after the restart")
	d.reacted(one.ID, later.ID, "✅")
	if got := d.invocationFor("after the restart").Flag("--resume"); got != sessions[0] {
		t.Errorf("after the restart the thread resumed %q, want %q", got, sessions[0])
	}
}

// The first messages of a thread can reach the bot before the thread's create event: they are held while the bot
// looks the thread up, then run in order; nothing is lost.
func TestThreadFirstMessageBeatsItsCreateEvent(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: threadsYAML})
	th := d.discord.CreateThread(chanA, alice, "racing", fakediscord.ThreadOptions{DeferCreateEvent: true})
	first := d.mention(th.ID, alice, "first words")
	second := d.mention(th.ID, alice, "second words")
	d.reacted(th.ID, first.ID, "✅")
	d.reacted(th.ID, second.ID, "✅")
	var prompts []string
	for _, inv := range d.invocations() {
		prompts = append(prompts, inv.Prompt())
	}
	if strings.Join(prompts, "|") != "first words|second words" {
		t.Errorf("runs %q, want the two messages in order", prompts)
	}
	looked := false
	for _, r := range d.discord.Requests() {
		looked = looked || r.Route == "GET /channels/{channel}" && strings.Contains(r.Path, th.ID)
	}
	if !looked {
		t.Error("the bot did not look the unknown thread up")
	}
	if !d.discord.ReleaseThreadCreate(th.ID) {
		t.Fatal("no create event was held")
	}
	third := d.mention(th.ID, alice, "third words")
	d.reacted(th.ID, third.ID, "✅")
}

// Without threads: true a mention in a thread runs nothing, and its author is told why.
func TestThreadsOffByDefault(t *testing.T) {
	d := startDaemon(t, setup{})
	th := d.discord.CreateThread(chanA, alice, "no threads here", fakediscord.ThreadOptions{})
	stranger := d.mention(th.ID, mallory, "hello from a stranger")
	m := d.mention(th.ID, alice, "hello")
	d.until("the hint", func() bool {
		rep := d.replies(th.ID, m.ID)
		return len(rep) == 1 && strings.Contains(rep[0].Content, "Threads are off for this channel's project")
	})
	if n := len(d.invocations()); n != 0 {
		t.Errorf("Claude ran %d times", n)
	}
	if rep := d.replies(th.ID, stranger.ID); len(rep) != 0 { // a stranger makes the bot do nothing here
		t.Errorf("replies to a stranger in a thread: %+v", rep)
	}
	if slices.Contains(d.discord.ThreadMembers(th.ID), botID) {
		t.Error("the bot joined a thread it does not serve")
	}
}

// A thread that existed before its channel was mapped with /add-project (threads on for added projects) is served
// once the channel is mapped, although the bot had looked it up before.
func TestThreadOfAChannelAddedLater(t *testing.T) {
	d := startDaemon(t, setup{dirs: []string{"roots/late"}, extraYAML: "dynamic_projects: {roots: [./roots], threads: true}\n"})
	th := d.discord.CreateThread(chanOther, alice, "older than the mapping", fakediscord.ThreadOptions{})
	before := d.mention(th.ID, alice, "anyone there?")
	if r := d.response(d.discord.Command(th.ID, alice, "status", nil)); !strings.Contains(r.Content, "not mapped") {
		t.Fatalf("/status in the thread before the mapping = %+v", r) // the bot looked the thread up and found no project
	}
	if r := d.response(d.discord.Command(chanOther, admin, "add-project", map[string]any{"dir": "late"})); !strings.Contains(r.Content, "**late**") {
		t.Fatalf("/add-project = %+v", r)
	}
	m := d.mention(th.ID, alice, "fake:pwd")
	d.reacted(th.ID, m.ID, "✅")
	if rep := d.replies(th.ID, m.ID); len(rep) != 1 || !strings.HasSuffix(rep[0].Content, "/roots/late") {
		t.Errorf("run in the thread: %+v", rep)
	}
	if rep := d.replies(th.ID, before.ID); len(rep) != 0 {
		t.Errorf("the mention before the mapping got %+v", rep)
	}
}

// When Discord will not say what an unknown thread is, the mention that asked is told to try again, and the next
// mention (held meanwhile, or later) looks the thread up afresh and runs: nothing is dropped without a word.
func TestThreadLookupFailureAsksToTryAgain(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: threadsYAML})
	th := d.discord.CreateThread(chanA, alice, "hidden for a moment", fakediscord.ThreadOptions{DeferCreateEvent: true})
	d.discord.Fail("GET", "/channels/"+th.ID, 1, 403, 50001, "Missing Access")
	first := d.mention(th.ID, alice, "first try")
	second := d.mention(th.ID, alice, "second try")
	d.until("the try-again notice", func() bool {
		rep := d.replies(th.ID, first.ID)
		return len(rep) == 1 && strings.Contains(rep[0].Content, "mention me again")
	})
	d.reacted(th.ID, second.ID, "✅")
	if got := d.invocations(); len(got) != 1 || got[0].Prompt() != "second try" {
		t.Errorf("runs: %d, want only the second mention's", len(got))
	}
}
