package fakediscord_test

import (
	"strings"
	"testing"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/utils/json/option"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// contents lists the Content of each edit.
func contents(edits []fakediscord.Edit) []string {
	out := make([]string, len(edits))
	for i, e := range edits {
		out[i] = e.Content
	}
	return out
}

func TestEditsRecordedInOrder(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	ch := cid(t, chanA)
	sent, err := c.SendMessage(ch, "working")
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Edits(sent.ID.String()); len(got) != 0 {
		t.Fatalf("a fresh message has edits %+v (the creation is not an edit)", got)
	}
	if _, err := c.EditText(ch, sent.ID, "step 1"); err != nil {
		t.Fatal(err)
	}
	_, err = c.EditText(ch, sent.ID, strings.Repeat("x", 2001))
	httpErr(t, err, 400, 50035)
	buttons := discord.Components(&discord.ButtonComponent{Label: "Stop", Style: discord.DangerButtonStyle(), CustomID: "stop"})
	if _, err := c.EditMessageComplex(ch, sent.ID, api.EditMessageData{
		Content: option.NewNullableString("step 2"), Components: &buttons,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.EditMessageComplex(ch, sent.ID, api.EditMessageData{
		Content: option.NewNullableString("done"), Components: &discord.ContainerComponents{},
	}); err != nil {
		t.Fatal(err)
	}

	edits := srv.Edits(sent.ID.String())
	if got := strings.Join(contents(edits), "|"); got != "step 1|step 2|done" {
		t.Fatalf("edit contents %q, want the three accepted edits in order", got)
	}
	if edits[0].Components != nil || !strings.Contains(string(edits[1].Components), `"custom_id":"stop"`) ||
		edits[2].Components != nil {
		t.Errorf("edit components %s / %s / %s", edits[0].Components, edits[1].Components, edits[2].Components)
	}
	for i := 1; i < len(edits); i++ {
		if edits[i].At.Before(edits[i-1].At) || edits[i].At.IsZero() {
			t.Errorf("edit times out of order: %v", edits)
		}
	}
	if m, _ := srv.FindMessage(sent.ID.String()); m.Edits != 3 {
		t.Errorf("Message.Edits %d, want 3", m.Edits)
	}
	if err := c.DeleteMessage(ch, sent.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Edits(sent.ID.String())); n != 3 {
		t.Errorf("history after delete has %d edits, want it kept", n)
	}
}

func TestInteractionEditsRecorded(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	app := discord.AppID(mustSnowflake(t, appID))

	in := srv.Command(chanA, alice, "run", nil)
	if err := c.RespondInteraction(discord.InteractionID(mustSnowflake(t, in.ID)), in.Token,
		api.InteractionResponse{Type: api.DeferredMessageInteractionWithSource}); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"first output", "final output"} {
		if _, err := c.EditInteractionResponse(app, in.Token, api.EditInteractionResponseData{
			Content: option.NewNullableString(text)}); err != nil {
			t.Fatal(err)
		}
	}
	original := srv.BotMessages(chanA)[0]
	if got := strings.Join(contents(srv.Edits(original.ID)), "|"); got != "first output|final output" {
		t.Errorf("@original edits %q (the deferred response's fill is an edit too)", got)
	}
	if original.Edits != 1 {
		t.Errorf("Message.Edits %d: the fill of a deferred response is its send, not a visible edit", original.Edits)
	}

	f, err := c.FollowUpInteraction(app, in.Token, api.InteractionResponseData{Content: option.NewNullableString("note")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.EditInteractionFollowup(app, f.ID, in.Token, api.EditInteractionResponseData{
		Content: option.NewNullableString("note, edited")}); err != nil {
		t.Fatal(err)
	}
	if got := contents(srv.Edits(f.ID.String())); len(got) != 1 || got[0] != "note, edited" {
		t.Errorf("follow-up edits %q", got)
	}

	click := srv.Click(chanA, alice, original.ID, "approve")
	if err := c.RespondInteraction(discord.InteractionID(mustSnowflake(t, click.ID)), click.Token,
		api.InteractionResponse{Type: api.UpdateMessage, Data: &api.InteractionResponseData{
			Content: option.NewNullableString("approved")}}); err != nil {
		t.Fatal(err)
	}
	if got := contents(srv.Edits(original.ID)); len(got) != 3 || got[2] != "approved" {
		t.Errorf("@original edits after an update %q", got)
	}
}
