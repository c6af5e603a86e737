package fakediscord_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/diamondburned/arikawa/v3/gateway"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

func TestOptionsValidated(t *testing.T) {
	tests := []struct {
		name string
		opts fakediscord.Options
		want string
	}{
		{"no token", fakediscord.Options{}, "Token is required"},
		{"bad channel", fakediscord.Options{Token: "t", Channels: []string{"general"}}, "Channels[0]"},
		{"bad role", fakediscord.Options{Token: "t", Roles: []string{"<@&1>"}}, "Roles[0]"},
		{"bad bot id", fakediscord.Options{Token: "t", BotID: "x"}, "BotID"},
		{"limit without window", fakediscord.Options{Token: "t",
			ChannelMessageLimit: fakediscord.MessageLimit{N: 5}}, "ChannelMessageLimit"},
		{"negative limit", fakediscord.Options{Token: "t",
			ChannelMessageLimit: fakediscord.MessageLimit{N: -1, Per: time.Second}}, "ChannelMessageLimit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := fakediscord.New(tt.opts)
			if err == nil {
				srv.Close()
				t.Fatal("New accepted bad options")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %q", err, tt.want)
			}
		})
	}
}

func TestWait(t *testing.T) {
	srv, err := fakediscord.New(fakediscord.Options{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ch := fakediscord.DefaultChannelID

	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		done <- srv.Wait(ctx, func() bool { return len(srv.Messages(ch)) == 2 })
	}()
	srv.PostMessage(ch, alice, "one")
	srv.PostMessage(ch, alice, "two")
	if err := <-done; err != nil {
		t.Fatalf("Wait: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := srv.Wait(ctx, func() bool { return false }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait past the deadline = %v", err)
	}

	srv.Close()
	srv.Close() // idempotent
	if err := srv.Wait(context.Background(), func() bool { return false }); !errors.Is(err, fakediscord.ErrClosed) {
		t.Errorf("Wait after Close = %v", err)
	}
}

func TestPostReplyAttachmentsAndNewChannel(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	first := srv.PostMessage(chanA, bob, "first")
	next[*gateway.MessageCreateEvent](t, b)

	reply := srv.Post(chanA, alice, fakediscord.Post{
		Content: "see file", ReplyTo: first.ID,
		Attachments: []fakediscord.Attachment{{Filename: "notes.md", Content: []byte("# hi")}},
	})
	if reply.ReplyTo != first.ID || len(reply.Pinged) != 1 || reply.Pinged[0] != "user:"+bob.ID {
		t.Errorf("reply %+v", reply)
	}
	mc := next[*gateway.MessageCreateEvent](t, b)
	if mc.ReferencedMessage == nil || mc.ReferencedMessage.ID.String() != first.ID || len(mc.Attachments) != 1 {
		t.Fatalf("reply event %+v", mc.Message)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(string(mc.Attachments[0].URL))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "# hi" || mc.Attachments[0].Size != 4 {
		t.Errorf("attachment %q size %d", body, mc.Attachments[0].Size)
	}

	quiet := srv.Post(chanA, alice, fakediscord.Post{Content: "no ping", ReplyTo: first.ID, NoReplyPing: true})
	if len(quiet.Pinged) != 0 {
		t.Errorf("NoReplyPing pinged %v", quiet.Pinged)
	}
	next[*gateway.MessageCreateEvent](t, b)

	const other = "1300000000000000099"
	srv.PostMessage(other, alice, "elsewhere")
	cc := next[*gateway.ChannelCreateEvent](t, b)
	if cc.ID.String() != other {
		t.Errorf("CHANNEL_CREATE %v", cc.ID)
	}
	if mc := next[*gateway.MessageCreateEvent](t, b); mc.ChannelID.String() != other {
		t.Errorf("message in new channel went to %v", mc.ChannelID)
	}
}
