package fakediscord_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"
	"github.com/diamondburned/arikawa/v3/utils/ws"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

func TestConnectReadyGuildCreate(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)

	ready := next[*gateway.ReadyEvent](t, b)
	if ready.User.ID.String() != botID || !ready.User.Bot || ready.SessionID == "" {
		t.Errorf("READY user %+v session %q", ready.User, ready.SessionID)
	}
	if ready.Application.ID.String() != appID {
		t.Errorf("READY application %v", ready.Application.ID)
	}
	if len(ready.Guilds) != 1 || ready.Guilds[0].ID.String() != guildID || !ready.Guilds[0].Unavailable {
		t.Errorf("READY guilds %+v", ready.Guilds)
	}
	gc := next[*gateway.GuildCreateEvent](t, b)
	if gc.ID.String() != guildID || len(gc.Channels) != 2 || gc.Joined.Time().IsZero() {
		t.Errorf("GUILD_CREATE id %v channels %d joined %v", gc.ID, len(gc.Channels), gc.Joined)
	}
	// The state cached the guild: channels and roles resolve without REST.
	before := len(srv.Requests())
	ch, err := b.Cabinet.Channel(discord.ChannelID(mustSnowflake(t, chanB)))
	if err != nil || ch.Name == "" || ch.GuildID.String() != guildID {
		t.Errorf("cached channel %+v, %v", ch, err)
	}
	if _, err := b.Cabinet.Role(discord.GuildID(mustSnowflake(t, guildID)), discord.RoleID(mustSnowflake(t, roleOps))); err != nil {
		t.Errorf("cached role: %v", err)
	}
	me, err := b.Me()
	if err != nil || me.ID.String() != botID {
		t.Errorf("Me %+v %v", me, err)
	}
	if got := len(srv.Requests()); got != before {
		t.Errorf("cache lookups made %d REST calls", got-before)
	}
	if srv.Identifies() != 1 || srv.Connections() != 1 {
		t.Errorf("identifies %d connections %d", srv.Identifies(), srv.Connections())
	}
}

func TestHeartbeatAcked(t *testing.T) {
	// Short enough for a quick test, long enough that no ACK is in flight when the test closes the bot
	// right after the third one (see connect).
	srv := newServer(t, fakediscord.Options{HeartbeatInterval: 200 * time.Millisecond})
	b := connect(t, srv)
	deadline := time.After(waitFor)
	for acks := 0; acks < 3; {
		select {
		case ev := <-b.events:
			if _, isAck := ev.(*gateway.HeartbeatAckEvent); isAck {
				acks++
			}
		case <-deadline:
			t.Fatal("fewer than 3 heartbeat ACKs")
		}
	}
	if b.Gateway().EchoBeat().IsZero() {
		t.Error("arikawa saw no echo beat")
	}
}

func TestMessageCreateWithMemberRoles(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	posted := srv.PostMessage(chanA, alice, "<@"+botID+"> hello", botID)

	mc := next[*gateway.MessageCreateEvent](t, b)
	if mc.ID.String() != posted.ID || mc.Content != "<@"+botID+"> hello" || mc.Author.ID.String() != alice.ID {
		t.Fatalf("MESSAGE_CREATE %+v", mc.Message)
	}
	if mc.Member == nil || len(mc.Member.RoleIDs) != 1 || mc.Member.RoleIDs[0].String() != roleDev {
		t.Errorf("member %+v", mc.Member)
	}
	if len(mc.Mentions) != 1 || mc.Mentions[0].ID.String() != botID {
		t.Errorf("mentions %+v", mc.Mentions)
	}
	if mc.GuildID.String() != guildID || mc.Timestamp.Time().IsZero() {
		t.Errorf("guild %v timestamp %v", mc.GuildID, mc.Timestamp)
	}

	dm := srv.PostDM(bob, "psst")
	got := next[*gateway.MessageCreateEvent](t, b)
	if got.ID.String() != dm.ID || got.GuildID.IsValid() || got.Member != nil || got.Content != "psst" {
		t.Errorf("DM %+v member %v", got.Message, got.Member)
	}
}

func TestMessageContentIntent(t *testing.T) {
	t.Run("denied in the portal", func(t *testing.T) {
		srv := newServer(t, fakediscord.Options{DenyMessageContent: true})
		b := newBot(t, srv, "", botIntents)
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		err := b.Open(ctx)
		var ce *ws.CloseEvent
		if !errors.As(err, &ce) || ce.Code != 4014 {
			t.Fatalf("Open = %v, want close 4014", err)
		}
	})
	t.Run("not requested: content only when mentioned", func(t *testing.T) {
		srv := newServer(t, fakediscord.Options{})
		b := newBot(t, srv, "", gateway.IntentGuilds|gateway.IntentGuildMessages)
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		if err := b.Open(ctx); err != nil {
			t.Fatal(err)
		}
		srv.PostMessage(chanA, alice, "secret")
		if got := next[*gateway.MessageCreateEvent](t, b); got.Content != "" {
			t.Errorf("content without intent: %q", got.Content)
		}
		srv.PostMessage(chanA, alice, "<@"+botID+"> visible")
		if got := next[*gateway.MessageCreateEvent](t, b); got.Content != "<@"+botID+"> visible" {
			t.Errorf("mentioning content: %q", got.Content)
		}
	})
}

func TestBadTokenClosesWith4004(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := newBot(t, srv, "wrong", botIntents)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	err := b.Open(ctx)
	var ce *ws.CloseEvent
	if !errors.As(err, &ce) || ce.Code != 4004 {
		t.Fatalf("Open = %v, want close 4004", err)
	}
	if srv.Identifies() != 0 {
		t.Errorf("identifies = %d", srv.Identifies())
	}
}

func TestCloseGatewayFatalEndsConnect(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	go func() { done <- b.Wait(ctx) }()
	srv.CloseGateway(4004, "Authentication failed.")
	select {
	case err := <-done:
		var ce *ws.CloseEvent
		if !errors.As(err, &ce) || ce.Code != 4004 {
			t.Fatalf("Wait = %v, want close 4004", err)
		}
	case <-time.After(waitFor):
		t.Fatal("session still running after a 4004 close")
	}
	if srv.Sessions() != 0 {
		t.Errorf("sessions after 4004 = %d", srv.Sessions())
	}
}

func TestDropConnectionsResumes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	next[*gateway.GuildCreateEvent](t, b)

	srv.DropConnections()
	waitUntil(t, srv, "the drop", func() bool { return srv.Connections() == 0 })
	missed := srv.PostMessage(chanA, alice, "sent while away")
	waitUntil(t, srv, "a resume", func() bool { return srv.Resumes() == 1 })

	if got := next[*gateway.MessageCreateEvent](t, b); got.ID.String() != missed.ID {
		t.Fatalf("first message after resume %v, want %v", got.ID, missed.ID)
	}
	next[*gateway.ResumedEvent](t, b)
	after := srv.PostMessage(chanA, alice, "after")
	if got := next[*gateway.MessageCreateEvent](t, b); got.ID.String() != after.ID {
		t.Fatalf("message after resume %v (missed one delivered twice?), want %v", got.ID, after.ID)
	}
	if srv.Identifies() != 1 || srv.Resumes() != 1 {
		t.Errorf("identifies %d resumes %d", srv.Identifies(), srv.Resumes())
	}
}

func TestInvalidateSessionsReidentifies(t *testing.T) {
	t.Parallel()
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	first := next[*gateway.ReadyEvent](t, b)

	srv.InvalidateSessions()
	second := next[*gateway.ReadyEvent](t, b)
	if second.SessionID == first.SessionID {
		t.Errorf("same session id after invalidation")
	}
	if srv.Identifies() != 2 || srv.Resumes() != 0 {
		t.Errorf("identifies %d resumes %d", srv.Identifies(), srv.Resumes())
	}
	next[*gateway.GuildCreateEvent](t, b)
	m := srv.PostMessage(chanB, bob, "on the new session")
	if got := next[*gateway.MessageCreateEvent](t, b); got.ID.String() != m.ID {
		t.Errorf("message on new session %v, want %v", got.ID, m.ID)
	}
}

func TestGracefulCloseEndsSession(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	if srv.Sessions() != 1 {
		t.Fatalf("sessions = %d", srv.Sessions())
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, srv, "the session to end", func() bool { return srv.Sessions() == 0 && srv.Connections() == 0 })
}

func TestMissingIntentsRejected(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := newBot(t, srv, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	err := b.Open(ctx)
	var ce *ws.CloseEvent
	if !errors.As(err, &ce) || ce.Code != 4013 {
		t.Fatalf("Open without intents = %v, want close 4013", err)
	}
}

func mustSnowflake(t *testing.T, s string) discord.Snowflake {
	t.Helper()
	sf, err := discord.ParseSnowflake(s)
	if err != nil {
		t.Fatal(err)
	}
	return sf
}

var _ = slices.Contains[[]string]
