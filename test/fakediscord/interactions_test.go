package fakediscord_test

import (
	"testing"
	"time"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"
	"github.com/diamondburned/arikawa/v3/utils/json/option"

	"github.com/discord-coordinator/coordinator/test/fakeclock"
	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

func textResponse(content string) api.InteractionResponse {
	return api.InteractionResponse{Type: api.MessageInteractionWithSource, Data: &api.InteractionResponseData{
		Content: option.NewNullableString(content),
	}}
}

func TestCommandRespondOnce(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	in := srv.Command(chanA, alice, "ask", map[string]any{"prompt": "hi", "verbose": true})

	ev := next[*gateway.InteractionCreateEvent](t, b)
	cmd, isCmd := ev.Data.(*discord.CommandInteraction)
	if !isCmd || cmd.Name != "ask" || len(cmd.Options) != 2 || cmd.Options.Find("prompt").String() != "hi" {
		t.Fatalf("interaction data %#v", ev.Data)
	}
	if v, err := cmd.Options.Find("verbose").BoolValue(); err != nil || !v {
		t.Errorf("bool option %v %v", v, err)
	}
	if ev.ID.String() != in.ID || ev.Token != in.Token || ev.AppID.String() != appID ||
		ev.Member == nil || ev.Member.RoleIDs[0].String() != roleDev || ev.SenderID().String() != alice.ID {
		t.Errorf("interaction %+v member %+v", ev, ev.Member)
	}

	if err := b.RespondInteraction(ev.ID, ev.Token, textResponse("pong")); err != nil {
		t.Fatalf("first callback: %v", err)
	}
	httpErr(t, b.RespondInteraction(ev.ID, ev.Token, textResponse("again")), 400, 40060)

	rs := srv.InteractionResponses(in.ID)
	if len(rs) != 2 || rs[0].Kind != "callback" || rs[0].Type != 4 || rs[0].Status != 204 || rs[0].Content != "pong" ||
		rs[1].Status != 400 || rs[1].Code != 40060 {
		t.Fatalf("responses %+v", rs)
	}
	msgs := srv.BotMessages(chanA)
	if len(msgs) != 1 || msgs[0].Content != "pong" || msgs[0].InteractionID != in.ID || msgs[0].ID != rs[0].MessageID {
		t.Errorf("channel messages %+v", msgs)
	}
	if mc := next[*gateway.MessageCreateEvent](t, b); mc.Content != "pong" || mc.Author.ID.String() != botID {
		t.Errorf("response MESSAGE_CREATE %+v", mc.Message)
	}
}

func TestCallbackAfterDeadline(t *testing.T) {
	clk := fakeclock.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := newServer(t, fakediscord.Options{Now: clk.Now})
	c := newClient(t, srv, "")
	in := srv.Command(chanA, alice, "ask", nil)
	clk.Advance(3*time.Second + time.Millisecond)
	err := c.RespondInteraction(discord.InteractionID(mustSnowflake(t, in.ID)), in.Token, textResponse("late"))
	httpErr(t, err, 404, 10062)
	if rs := srv.InteractionResponses(in.ID); len(rs) != 1 || rs[0].Code != 10062 {
		t.Errorf("responses %+v", rs)
	}
	if n := len(srv.BotMessages(chanA)); n != 0 {
		t.Errorf("late response stored %d messages", n)
	}

	in2 := srv.Command(chanA, alice, "ask", nil)
	clk.Advance(3 * time.Second)
	if err := c.RespondInteraction(discord.InteractionID(mustSnowflake(t, in2.ID)), in2.Token, textResponse("just in time")); err != nil {
		t.Errorf("callback at the deadline: %v", err)
	}
}

func TestDeferredEditAndFollowUp(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	in := srv.Command(chanB, bob, "run", nil)
	id, app := discord.InteractionID(mustSnowflake(t, in.ID)), discord.AppID(mustSnowflake(t, appID))

	_, err := c.EditInteractionResponse(app, in.Token, api.EditInteractionResponseData{Content: option.NewNullableString("early")})
	httpErr(t, err, 404, 10015)

	if err := c.RespondInteraction(id, in.Token, api.InteractionResponse{Type: api.DeferredMessageInteractionWithSource}); err != nil {
		t.Fatal(err)
	}
	if msgs := srv.BotMessages(chanB); len(msgs) != 1 || msgs[0].Flags&(1<<7) == 0 {
		t.Fatalf("placeholder %+v", msgs)
	}
	edited, err := c.EditInteractionResponse(app, in.Token, api.EditInteractionResponseData{
		Content: option.NewNullableString("<@" + bob.ID + "> done")})
	if err != nil || edited.Content != "<@"+bob.ID+"> done" {
		t.Fatalf("edit @original %+v %v", edited, err)
	}
	msgs := srv.BotMessages(chanB)
	if len(msgs) != 1 || msgs[0].Flags != 0 || len(msgs[0].Pinged) != 1 || msgs[0].Edits != 0 {
		t.Errorf("after the first edit %+v (the deferred response's first edit is its send)", msgs)
	}

	f, err := c.FollowUpInteraction(app, in.Token, api.InteractionResponseData{
		Content: option.NewNullableString("only you"), Flags: discord.EphemeralMessage})
	if err != nil || f.WebhookID.String() != appID {
		t.Fatalf("follow-up %+v %v", f, err)
	}
	if n := len(srv.BotMessages(chanB)); n != 1 {
		t.Errorf("ephemeral follow-up visible in channel (%d messages)", n)
	}
	if _, err := c.EditInteractionFollowup(app, f.ID, in.Token, api.EditInteractionResponseData{
		Content: option.NewNullableString("only you, edited")}); err != nil {
		t.Errorf("edit follow-up: %v", err)
	}
	var kinds []string
	for _, r := range srv.InteractionResponses(in.ID) {
		kinds = append(kinds, r.Kind)
	}
	want := []string{"edit_original", "callback", "edit_original", "followup", "edit_followup"}
	if len(kinds) != len(want) {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("kinds %v, want %v", kinds, want)
		}
	}
}

func TestButtonClickUpdateMessage(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	sent, err := b.SendMessageComplex(cid(t, chanA), api.SendMessageData{
		Content: "approve?",
		Components: discord.Components(
			&discord.ButtonComponent{Label: "Yes", Style: discord.SuccessButtonStyle(), CustomID: "approve:1"},
			&discord.ButtonComponent{Label: "No", Style: discord.DangerButtonStyle(), CustomID: "deny:1"},
		),
	})
	if err != nil {
		t.Fatal(err)
	}
	in := srv.Click(chanA, alice, sent.ID.String(), "approve:1")
	ev := next[*gateway.InteractionCreateEvent](t, b)
	btn, isBtn := ev.Data.(*discord.ButtonInteraction)
	if !isBtn || btn.CustomID != "approve:1" || ev.Message == nil || ev.Message.ID != sent.ID {
		t.Fatalf("click %#v message %v", ev.Data, ev.Message)
	}
	err = b.RespondInteraction(ev.ID, ev.Token, api.InteractionResponse{Type: api.UpdateMessage,
		Data: &api.InteractionResponseData{Content: option.NewNullableString("approved"),
			Components: &discord.ContainerComponents{}}})
	if err != nil {
		t.Fatal(err)
	}
	if up := next[*gateway.MessageUpdateEvent](t, b); up.ID != sent.ID || up.Content != "approved" {
		t.Errorf("MESSAGE_UPDATE %+v", up.Message)
	}
	m, _ := srv.FindMessage(sent.ID.String())
	if m.Content != "approved" || m.Components != nil || m.Edits != 1 {
		t.Errorf("after update %+v", m)
	}
	if rs := srv.InteractionResponses(in.ID); len(rs) != 1 || rs[0].Type != 7 || rs[0].MessageID != sent.ID.String() {
		t.Errorf("responses %+v", rs)
	}
}

func TestEphemeralButtons(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	in := srv.Command(chanA, alice, "reset", nil)
	err := c.RespondInteraction(discord.InteractionID(mustSnowflake(t, in.ID)), in.Token, api.InteractionResponse{
		Type: api.MessageInteractionWithSource, Data: &api.InteractionResponseData{
			Content: option.NewNullableString("sure?"), Flags: discord.EphemeralMessage,
			Components: discord.ComponentsPtr(&discord.ButtonComponent{Label: "Yes", CustomID: "yes", Style: discord.DangerButtonStyle()}),
		}})
	if err != nil {
		t.Fatal(err)
	}
	prompt := srv.InteractionResponses(in.ID)[0]
	if n := len(srv.Messages(chanA)); n != 0 || prompt.Flags != 1<<6 {
		t.Fatalf("ephemeral prompt: %d channel messages, flags %d", n, prompt.Flags)
	}
	click := srv.Click(chanA, alice, prompt.MessageID, "yes")
	err = c.RespondInteraction(discord.InteractionID(mustSnowflake(t, click.ID)), click.Token, api.InteractionResponse{
		Type: api.UpdateMessage, Data: &api.InteractionResponseData{
			Content: option.NewNullableString("done"), Components: &discord.ContainerComponents{}}})
	if err != nil {
		t.Fatal(err)
	}
	m, found := srv.FindMessage(prompt.MessageID)
	if !found || m.Content != "done" || m.Components != nil || m.Flags != 1<<6 {
		t.Errorf("updated ephemeral %+v (found %v)", m, found)
	}
	if n := len(srv.Messages(chanA)); n != 0 {
		t.Errorf("%d channel messages", n)
	}
}
