package e2e

import (
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// response waits for the first answer to an interaction and checks it came in time.
func (d *daemon) response(in fakediscord.Interaction) fakediscord.Response {
	d.t.Helper()
	d.until("an answer to interaction "+in.ID, func() bool { return len(d.discord.InteractionResponses(in.ID)) > 0 })
	r := d.discord.InteractionResponses(in.ID)[0]
	if r.Status >= 300 {
		d.t.Fatalf("interaction answer refused: %+v", r)
	}
	return r
}

const ephemeralFlag = 1 << 6

// The commands are registered in the configured guild on READY.
func TestSlashCommandsRegistered(t *testing.T) {
	d := startDaemon(t, setup{})
	d.until("commands registered", func() bool { return len(d.discord.Commands(guildID)) == 5 })
	var names []string
	for _, c := range d.discord.Commands(guildID) {
		names = append(names, c["name"].(string))
	}
	if got := strings.Join(names, ","); got != "status,reset,model,stop,usage" {
		t.Errorf("commands = %s", got)
	}
}

// /status while a run is in flight, then /stop frees the channel.
func TestStatusAndStopWhileRunning(t *testing.T) {
	d := startDaemon(t, setup{})
	run := d.mention(chanA, alice, "fake:hang")
	d.until("the run to start", func() bool { return contains(d.discord.Reactions(chanA, run.ID), "👀") })
	queued := d.mention(chanA, alice, "after the stop")
	d.until("the second mention to queue", func() bool { return contains(d.discord.Reactions(chanA, queued.ID), "⏳") })

	st := d.response(d.discord.Command(chanA, bob, "status", nil))
	if st.Flags&ephemeralFlag == 0 || !strings.Contains(st.Content, "**Running** a message from <@"+alice.ID+">") ||
		!strings.Contains(st.Content, "**Queued** 1") || !strings.Contains(st.Content, "alpha") {
		t.Fatalf("/status = %+v", st)
	}
	stop := d.response(d.discord.Command(chanA, alice, "stop", nil))
	if !strings.Contains(stop.Content, "Stopping the running turn") {
		t.Fatalf("/stop = %+v", stop)
	}
	d.reacted(chanA, run.ID, "🛑")
	d.reacted(chanA, queued.ID, "✅") // the channel is free again
}

// /reset asks for confirmation with buttons only the invoker can press, then clears the session.
func TestResetWithConfirmation(t *testing.T) {
	d := startDaemon(t, setup{})
	first := d.mention(chanA, alice, "remember me")
	d.reacted(chanA, first.ID, "✅")

	denied := d.response(d.discord.Command(chanA, alice, "reset", nil)) // allowed user, but not admin
	if !strings.Contains(denied.Content, "Only admins") {
		t.Fatalf("/reset by a non-admin = %+v", denied)
	}
	prompt := d.response(d.discord.Command(chanA, admin, "reset", nil))
	if prompt.Flags&ephemeralFlag == 0 || !strings.Contains(string(prompt.Components), "reset-confirm:"+admin.ID) {
		t.Fatalf("/reset prompt = %+v", prompt)
	}
	other := d.response(d.discord.Click(chanA, alice, prompt.MessageID, "reset-confirm:"+admin.ID))
	if !strings.Contains(other.Content, "Only the person who ran /reset") {
		t.Fatalf("a click by someone else = %+v", other)
	}
	done := d.response(d.discord.Click(chanA, admin, prompt.MessageID, "reset-confirm:"+admin.ID))
	if done.Type != 7 || !strings.Contains(done.Content, "Session reset") {
		t.Fatalf("confirm = %+v", done)
	}
	next := d.mention(chanA, alice, "who am I")
	d.reacted(chanA, next.ID, "✅")
	inv := d.invocations()
	if len(inv) != 2 || inv[1].Flag("--resume") != "" || inv[1].Flag("--session-id") == "" {
		t.Fatalf("the run after /reset did not start a new session: %v", inv[len(inv)-1].Argv)
	}
}

// /model sets the channel's model for the next runs.
func TestModelCommand(t *testing.T) {
	d := startDaemon(t, setup{})
	r := d.response(d.discord.Command(chanA, alice, "model", map[string]any{"name": "haiku"}))
	if !strings.Contains(r.Content, "**haiku**") {
		t.Fatalf("/model = %+v", r)
	}
	m := d.mention(chanA, alice, "which model")
	d.reacted(chanA, m.ID, "✅")
	if inv := d.invocations(); len(inv) != 1 || inv[0].Flag("--model") != "haiku" {
		t.Fatalf("run after /model: %+v", inv)
	}
}

// A stranger's slash command is refused and changes nothing.
func TestStrangerCommandRefused(t *testing.T) {
	d := startDaemon(t, setup{})
	for _, name := range []string{"status", "stop", "reset"} {
		r := d.response(d.discord.Command(chanA, mallory, name, nil))
		if r.Flags&ephemeralFlag == 0 || !strings.Contains(r.Content, "not allowed") {
			t.Errorf("/%s from a stranger = %+v", name, r)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// /add-project maps an unmapped channel to a directory under an allowed root (admins only).
func TestAddProject(t *testing.T) {
	d := startDaemon(t, setup{dirs: []string{"roots/late", "elsewhere"}, extraYAML: "dynamic_projects: {roots: [./roots]}\n"})
	d.until("commands registered", func() bool { return len(d.discord.Commands(guildID)) == 6 })
	if r := d.response(d.discord.Command(chanOther, alice, "add-project", map[string]any{"dir": "late"})); !strings.Contains(r.Content, "Only admins") {
		t.Fatalf("/add-project by a non-admin = %+v", r)
	}
	if r := d.response(d.discord.Command(chanOther, admin, "add-project", map[string]any{"dir": "../elsewhere"})); !strings.Contains(r.Content, "not under an allowed project root") {
		t.Fatalf("/add-project outside the roots = %+v", r)
	}
	if r := d.response(d.discord.Command(chanA, admin, "add-project", map[string]any{"dir": "late"})); !strings.Contains(r.Content, "already mapped") {
		t.Fatalf("/add-project in a mapped channel = %+v", r)
	}
	r := d.response(d.discord.Command(chanOther, admin, "add-project", map[string]any{"dir": "late", "name": "late-project"}))
	if !strings.Contains(r.Content, "**late-project**") {
		t.Fatalf("/add-project = %+v", r)
	}
	m := d.mention(chanOther, alice, "fake:pwd")
	d.reacted(chanOther, m.ID, "✅")
	if rep := d.replies(chanOther, m.ID); len(rep) != 1 || !strings.HasSuffix(rep[0].Content, "/roots/late") {
		t.Fatalf("run in the added project: %+v", rep)
	}
}
