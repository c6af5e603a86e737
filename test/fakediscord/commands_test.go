package fakediscord_test

import (
	"testing"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

func TestBulkOverwriteCommands(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	app := discord.AppID(mustSnowflake(t, appID))
	guild := discord.GuildID(mustSnowflake(t, guildID))
	cmds := []api.CreateCommandData{
		{Name: "ask", Description: "Ask Claude", Options: discord.CommandOptions{
			&discord.StringOption{OptionName: "prompt", Description: "what to ask", Required: true},
			&discord.IntegerOption{OptionName: "turns", Description: "max turns"},
		}},
		{Name: "reset", Description: "Forget the session"},
	}
	got, err := b.BulkOverwriteGuildCommands(app, guild, cmds)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[0].ID.IsValid() || got[0].GuildID != guild || got[0].AppID != app || got[1].Name != "reset" {
		t.Fatalf("returned %+v", got)
	}
	again, err := b.BulkOverwriteGuildCommands(app, guild, cmds[:1])
	if err != nil || len(again) != 1 || again[0].ID != got[0].ID {
		t.Fatalf("re-overwrite kept ids? %+v %v", again, err)
	}
	if reg := srv.Commands(guildID); len(reg) != 1 || reg[0]["name"] != "ask" {
		t.Errorf("Commands(guild) %v", reg)
	}
	if _, err := b.BulkOverwriteCommands(app, []api.CreateCommandData{{Name: "status", Description: "Show status"}}); err != nil {
		t.Fatal(err)
	}
	if reg := srv.Commands(""); len(reg) != 1 || reg[0]["name"] != "status" {
		t.Errorf("Commands(global) %v", reg)
	}

	// The registered option type is used: an integer, not a string.
	srv.Command(chanA, alice, "ask", map[string]any{"prompt": "hi", "turns": 3})
	ev := next[*gateway.InteractionCreateEvent](t, b)
	cmd := ev.Data.(*discord.CommandInteraction)
	if cmd.ID != got[0].ID {
		t.Errorf("command id %v, want %v", cmd.ID, got[0].ID)
	}
	if n, err := cmd.Options.Find("turns").IntValue(); err != nil || n != 3 || cmd.Options.Find("turns").Type != discord.IntegerOptionType {
		t.Errorf("turns %v %v", n, err)
	}
}

func TestCommandValidation(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	app := discord.AppID(mustSnowflake(t, appID))
	tests := []struct {
		name string
		cmd  api.CreateCommandData
	}{
		{"uppercase name", api.CreateCommandData{Name: "Ask", Description: "x"}},
		{"space in name", api.CreateCommandData{Name: "ask me", Description: "x"}},
		{"no description", api.CreateCommandData{Name: "ask"}},
		{"required after optional", api.CreateCommandData{Name: "ask", Description: "x", Options: discord.CommandOptions{
			&discord.StringOption{OptionName: "a", Description: "a"},
			&discord.StringOption{OptionName: "b", Description: "b", Required: true},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.BulkOverwriteCommands(app, []api.CreateCommandData{tt.cmd})
			httpErr(t, err, 400, 50035)
		})
	}
	_, err := c.BulkOverwriteCommands(app, []api.CreateCommandData{
		{Name: "ask", Description: "x"}, {Name: "ask", Description: "y"}})
	httpErr(t, err, 400, 50035)
	if reg := srv.Commands(""); len(reg) != 0 {
		t.Errorf("invalid overwrite stored %v", reg)
	}
}
