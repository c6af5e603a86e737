package fakediscord_test

import (
	"slices"
	"testing"
	"time"

	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// nextThreadEvent returns the next event that is a MESSAGE_CREATE or a thread event, in arrival order.
func nextThreadEvent(t *testing.T, b *bot) any {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		select {
		case ev := <-b.events:
			switch ev.(type) {
			case *gateway.MessageCreateEvent, *gateway.ThreadCreateEvent, *gateway.ThreadUpdateEvent,
				*gateway.ThreadMembersUpdateEvent:
				return ev
			}
		case <-deadline:
			t.Fatalf("no message or thread event within %v", waitFor)
			return nil
		}
	}
}

func TestThreadCreateDeferredAfterFirstMessage(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	th := srv.CreateThread(chanA, alice, "deploy", fakediscord.ThreadOptions{DeferCreateEvent: true})
	if th.ParentID != chanA || th.GuildID != guildID || th.OwnerID != alice.ID || th.Name != "deploy" || th.Private {
		t.Fatalf("CreateThread %+v", th)
	}
	posted := srv.PostMessage(th.ID, alice, "<@"+botID+"> ship it", botID)

	// The race the bot must survive: the message arrives before THREAD_CREATE.
	mc, isMsg := nextThreadEvent(t, b).(*gateway.MessageCreateEvent)
	if !isMsg {
		t.Fatal("an event about the thread arrived before its first message")
	}
	if mc.ID.String() != posted.ID || mc.ChannelID.String() != th.ID || mc.GuildID.String() != guildID || mc.Member == nil {
		t.Fatalf("MESSAGE_CREATE in thread: channel %v guild %v member %v", mc.ChannelID, mc.GuildID, mc.Member)
	}
	// The state has never heard of the thread: it asks GET /channels/{thread}, which knows the parent.
	ch, err := b.Channel(cid(t, th.ID))
	if err != nil {
		t.Fatal(err)
	}
	if ch.Type != discord.GuildPublicThread || ch.ParentID.String() != chanA || ch.OwnerID.String() != alice.ID ||
		ch.ThreadMetadata == nil || ch.ThreadMetadata.Archived || ch.ThreadMetadata.AutoArchiveDuration != 1440 ||
		ch.MessageCount != 1 || ch.MemberCount != 1 {
		t.Errorf("GET /channels/{thread} %+v metadata %+v", ch, ch.ThreadMetadata)
	}
	fetched := slices.ContainsFunc(srv.Requests(), func(r fakediscord.Request) bool {
		return r.Route == "GET /channels/{channel}" && r.Path == "/api/v9/channels/"+th.ID && r.Status == 200
	})
	if !fetched {
		t.Error("no GET /channels/{thread} recorded")
	}
	_, err = b.Client.Channel(cid(t, "1300000000000000999"))
	httpErr(t, err, 404, 10003)

	if !srv.ReleaseThreadCreate(th.ID) {
		t.Fatal("ReleaseThreadCreate found no held event")
	}
	if srv.ReleaseThreadCreate(th.ID) {
		t.Error("THREAD_CREATE released twice")
	}
	tc := next[*gateway.ThreadCreateEvent](t, b)
	if tc.ID.String() != th.ID || tc.ParentID.String() != chanA || tc.Type != discord.GuildPublicThread {
		t.Errorf("THREAD_CREATE %+v", tc.Channel)
	}

	// REST on the thread works as on a channel.
	sent, err := b.SendMessage(cid(t, th.ID), "shipping")
	if err != nil {
		t.Fatal(err)
	}
	if own := next[*gateway.MessageCreateEvent](t, b); own.ID != sent.ID || own.ChannelID.String() != th.ID {
		t.Errorf("own message in thread %v in %v", own.ID, own.ChannelID)
	}
	if err := b.Typing(cid(t, th.ID)); err != nil {
		t.Error(err)
	}
	if msgs := srv.BotMessages(th.ID); len(msgs) != 1 || msgs[0].ChannelID != th.ID || msgs[0].GuildID != guildID {
		t.Errorf("BotMessages(thread) %+v", msgs)
	}
	if n := len(srv.Messages(chanA)); n != 0 {
		t.Errorf("thread messages leaked into the parent: %d", n)
	}
}

func TestThreadMembershipAndArchive(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	th := srv.CreateThread(chanA, alice, "work", fakediscord.ThreadOptions{})
	if tc := next[*gateway.ThreadCreateEvent](t, b); tc.ID.String() != th.ID || tc.OwnerID.String() != alice.ID {
		t.Fatalf("THREAD_CREATE %+v", tc.Channel)
	}
	thread := cid(t, th.ID)

	if err := b.JoinThread(thread); err != nil {
		t.Fatal(err)
	}
	if got := srv.ThreadMembers(th.ID); !slices.Equal(got, []string{alice.ID, botID}) {
		t.Errorf("ThreadMembers after join %v", got)
	}
	up := next[*gateway.ThreadMembersUpdateEvent](t, b)
	if up.ID != thread || up.MemberCount != 2 || len(up.AddedMembers) != 1 || up.AddedMembers[0].UserID.String() != botID {
		t.Errorf("THREAD_MEMBERS_UPDATE on join %+v", up)
	}
	if err := b.JoinThread(thread); err != nil {
		t.Errorf("joining twice: %v", err)
	}
	if err := b.LeaveThread(thread); err != nil {
		t.Fatal(err)
	}
	if got := srv.ThreadMembers(th.ID); !slices.Equal(got, []string{alice.ID}) {
		t.Errorf("ThreadMembers after leave %v", got)
	}
	// Joining twice sent nothing: the next members update is the leave.
	up = next[*gateway.ThreadMembersUpdateEvent](t, b)
	if len(up.RemovedMemberIDs) != 1 || up.RemovedMemberIDs[0].String() != botID || len(up.AddedMembers) != 0 {
		t.Errorf("THREAD_MEMBERS_UPDATE on leave %+v", up)
	}
	httpErr(t, b.JoinThread(cid(t, chanA)), 400, 50024)
	httpErr(t, b.JoinThread(cid(t, "1300000000000000999")), 404, 10003)

	if !srv.ArchiveThread(th.ID) || srv.ArchiveThread(chanA) {
		t.Fatal("ArchiveThread: thread not found, or a text channel archived")
	}
	if tu := next[*gateway.ThreadUpdateEvent](t, b); tu.ThreadMetadata == nil || !tu.ThreadMetadata.Archived {
		t.Fatalf("THREAD_UPDATE on archive %+v", tu.Channel)
	}
	httpErr(t, b.JoinThread(thread), 400, 50083)

	// A message in an archived thread unarchives it, before the message is delivered.
	back := srv.PostMessage(th.ID, alice, "one more thing")
	tu, isUpdate := nextThreadEvent(t, b).(*gateway.ThreadUpdateEvent)
	if !isUpdate || tu.ThreadMetadata == nil || tu.ThreadMetadata.Archived {
		t.Fatalf("want THREAD_UPDATE (unarchived) first, got %+v", tu)
	}
	if mc := next[*gateway.MessageCreateEvent](t, b); mc.ID.String() != back.ID {
		t.Errorf("message after unarchive %v", mc.ID)
	}
	if err := b.JoinThread(thread); err != nil {
		t.Errorf("join after unarchive: %v", err)
	}
	next[*gateway.ThreadMembersUpdateEvent](t, b)
}

func TestThreadsInGuildCreate(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	active := srv.CreateThread(chanA, alice, "active", fakediscord.ThreadOptions{})
	private := srv.CreateThread(chanB, bob, "secret", fakediscord.ThreadOptions{Private: true})
	archived := srv.CreateThread(chanA, alice, "old", fakediscord.ThreadOptions{})
	srv.ArchiveThread(archived.ID)

	b := connect(t, srv)
	gc := next[*gateway.GuildCreateEvent](t, b)
	var ids []string
	for _, th := range gc.Threads {
		ids = append(ids, th.ID.String())
	}
	if !slices.Equal(ids, []string{active.ID, private.ID}) {
		t.Fatalf("GUILD_CREATE threads %v, want the two active ones", ids)
	}
	if p := gc.Threads[1]; p.Type != discord.GuildPrivateThread || p.ParentID.String() != chanB {
		t.Errorf("private thread %+v", p)
	}
	if len(gc.Channels) != 2 {
		t.Errorf("GUILD_CREATE channels %d: threads belong in threads", len(gc.Channels))
	}
	// The state learned the thread from GUILD_CREATE: no REST call needed.
	before := len(srv.Requests())
	if ch, err := b.Cabinet.Channel(cid(t, active.ID)); err != nil || ch.ParentID.String() != chanA {
		t.Errorf("cached thread %+v %v", ch, err)
	}
	chans, err := b.Client.Channels(discord.GuildID(mustSnowflake(t, guildID)))
	if err != nil || len(chans) != 2 {
		t.Errorf("GET /guilds/{g}/channels lists %d channels (%v), threads excluded", len(chans), err)
	}
	if got := len(srv.Requests()) - before; got != 1 {
		t.Errorf("%d REST calls, want the one channel listing", got)
	}
}

func TestInteractionInThread(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	th := srv.CreateThread(chanA, alice, "ask here", fakediscord.ThreadOptions{})
	next[*gateway.ThreadCreateEvent](t, b)

	in := srv.Command(th.ID, alice, "ask", map[string]any{"prompt": "hi"})
	ev := next[*gateway.InteractionCreateEvent](t, b)
	if ev.ChannelID.String() != th.ID || ev.Channel == nil || ev.Channel.Type != discord.GuildPublicThread ||
		ev.Channel.ParentID.String() != chanA || ev.GuildID.String() != guildID {
		t.Fatalf("interaction channel %v %+v", ev.ChannelID, ev.Channel)
	}
	if err := b.RespondInteraction(ev.ID, ev.Token, textResponse("answer")); err != nil {
		t.Fatal(err)
	}
	if mc := next[*gateway.MessageCreateEvent](t, b); mc.ChannelID.String() != th.ID || mc.Content != "answer" {
		t.Errorf("response in %v: %q", mc.ChannelID, mc.Content)
	}
	msgs := srv.BotMessages(th.ID)
	if len(msgs) != 1 || msgs[0].InteractionID != in.ID {
		t.Fatalf("BotMessages(thread) %+v", msgs)
	}

	srv.Click(th.ID, alice, msgs[0].ID, "again")
	click := next[*gateway.InteractionCreateEvent](t, b)
	if click.Channel == nil || click.Channel.Type != discord.GuildPublicThread || click.Message == nil ||
		click.Message.ChannelID.String() != th.ID {
		t.Errorf("click channel %+v message %+v", click.Channel, click.Message)
	}
}
