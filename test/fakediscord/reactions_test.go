package fakediscord_test

import (
	"slices"
	"testing"

	"github.com/diamondburned/arikawa/v3/gateway"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

func TestReactionsAddRemove(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	m := srv.PostMessage(chanA, alice, "do it")
	ch, id := cid(t, chanA), mid(t, m.ID)
	if err := b.React(ch, id, "👀"); err != nil {
		t.Fatal(err)
	}
	if err := b.React(ch, id, "✅"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Reactions(chanA, m.ID); !slices.Equal(got, []string{"👀", "✅"}) {
		t.Errorf("Reactions %q", got)
	}
	add := next[*gateway.MessageReactionAddEvent](t, b)
	if add.Emoji.Name != "👀" || add.UserID.String() != botID || add.MessageID != id {
		t.Errorf("MESSAGE_REACTION_ADD %+v", add)
	}
	if err := b.Unreact(ch, id, "👀"); err != nil {
		t.Fatal(err)
	}
	if rm := next[*gateway.MessageReactionRemoveEvent](t, b); rm.Emoji.Name != "👀" {
		t.Errorf("MESSAGE_REACTION_REMOVE %+v", rm)
	}
	if got := srv.Reactions(chanA, m.ID); !slices.Equal(got, []string{"✅"}) {
		t.Errorf("Reactions after remove %q", got)
	}
	log := srv.ReactionLog()
	if len(log) != 3 || !log[0].Added || log[2].Added || log[2].Emoji != "👀" {
		t.Errorf("ReactionLog %+v", log)
	}
	httpErr(t, b.React(ch, id, "eyes"), 400, 10014)
	httpErr(t, b.React(ch, mid(t, "1300000000000000998"), "👀"), 404, 10008)
}

func TestTyping(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	for range 2 {
		if err := c.Typing(cid(t, chanB)); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.Typing(chanB); len(got) != 2 || got[0].IsZero() {
		t.Errorf("Typing %v", got)
	}
	if got := srv.Typing(chanA); len(got) != 0 {
		t.Errorf("Typing in the other channel %v", got)
	}
	httpErr(t, c.Typing(cid(t, "1300000000000000999")), 404, 10003)
}
