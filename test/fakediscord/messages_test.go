package fakediscord_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"
	"github.com/diamondburned/arikawa/v3/utils/httputil"
	"github.com/diamondburned/arikawa/v3/utils/json/option"
	"github.com/diamondburned/arikawa/v3/utils/sendpart"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

func cid(t *testing.T, s string) discord.ChannelID { return discord.ChannelID(mustSnowflake(t, s)) }
func mid(t *testing.T, s string) discord.MessageID { return discord.MessageID(mustSnowflake(t, s)) }

// httpErr asserts err is arikawa's *httputil.HTTPError with status and Discord code.
func httpErr(t *testing.T, err error, status int, code httputil.ErrorCode) {
	t.Helper()
	var he *httputil.HTTPError
	if !errors.As(err, &he) {
		t.Fatalf("error %v (%T), want *httputil.HTTPError", err, err)
	}
	if he.Status != status || he.Code != code {
		t.Fatalf("HTTPError status %d code %d (%s), want %d %d", he.Status, he.Code, he.Message, status, code)
	}
}

func TestSendMessageStoredAndDispatched(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	user := srv.PostMessage(chanA, alice, "question")
	next[*gateway.MessageCreateEvent](t, b)

	sent, err := b.SendMessageComplex(cid(t, chanA), api.SendMessageData{
		Content:         "answer",
		Reference:       &discord.MessageReference{MessageID: mid(t, user.ID)},
		AllowedMentions: &api.AllowedMentions{Parse: []api.AllowedMentionType{}, RepliedUser: option.False},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sent.Author.ID.String() != botID || sent.Content != "answer" || sent.Reference == nil ||
		sent.Reference.MessageID.String() != user.ID || sent.ReferencedMessage == nil {
		t.Errorf("returned %+v", sent)
	}
	// The bot receives its own message, as on Discord.
	own := next[*gateway.MessageCreateEvent](t, b)
	if own.ID != sent.ID || !own.Author.Bot || own.Author.ID.String() != botID {
		t.Errorf("own MESSAGE_CREATE %+v", own.Message)
	}
	msgs := srv.BotMessages(chanA)
	if len(msgs) != 1 || msgs[0].ReplyTo != user.ID || msgs[0].Content != "answer" || len(msgs[0].Pinged) != 0 {
		t.Fatalf("BotMessages %+v", msgs)
	}
	if !strings.Contains(string(msgs[0].AllowedMentions), `"parse":[]`) {
		t.Errorf("AllowedMentions %s", msgs[0].AllowedMentions)
	}
	if all := srv.Messages(chanA); len(all) != 2 || all[0].ID != user.ID {
		t.Errorf("Messages %d", len(all))
	}
}

func TestPingedEveryone(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	user := srv.PostMessage(chanA, alice, "hi")
	none := []api.AllowedMentionType{}
	tests := []struct {
		name    string
		content string
		reply   bool
		allowed *api.AllowedMentions
		want    []string
	}{
		{"no allowed_mentions pings everyone", "@everyone look", false, nil, []string{"everyone"}},
		{"no allowed_mentions pings here, users, roles", "@here <@!" + bob.ID + "> <@&" + roleOps + ">", false, nil,
			[]string{"here", "user:" + bob.ID, "role:" + roleOps}},
		{"empty parse pings nobody", "@everyone <@" + bob.ID + "> <@&" + roleOps + ">", false,
			&api.AllowedMentions{Parse: none}, nil},
		{"null parse pings nobody", "@everyone <@" + bob.ID + ">", false, &api.AllowedMentions{}, nil},
		{"parse everyone", "@everyone <@" + bob.ID + ">", false,
			&api.AllowedMentions{Parse: []api.AllowedMentionType{api.AllowEveryoneMention}}, []string{"everyone"}},
		{"listed user in content", "<@" + bob.ID + "> <@" + alice.ID + ">", false,
			&api.AllowedMentions{Parse: none, Users: []discord.UserID{discord.UserID(mustSnowflake(t, bob.ID))}},
			[]string{"user:" + bob.ID}},
		{"unknown role does not ping", "<@&1300000000000000999>", false, nil, nil},
		{"reply pings author by default", "ok", true, nil, []string{"user:" + alice.ID}},
		{"reply with replied_user false", "ok", true, &api.AllowedMentions{Parse: none, RepliedUser: option.False}, nil},
		{"reply with replied_user true", "ok", true, &api.AllowedMentions{Parse: none, RepliedUser: option.True},
			[]string{"user:" + alice.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := api.SendMessageData{Content: tt.content, AllowedMentions: tt.allowed}
			if tt.reply {
				data.Reference = &discord.MessageReference{MessageID: mid(t, user.ID)}
			}
			sent, err := c.SendMessageComplex(cid(t, chanA), data)
			if err != nil {
				t.Fatal(err)
			}
			m, _ := srv.FindMessage(sent.ID.String())
			if !slices.Equal(m.Pinged, tt.want) {
				t.Errorf("Pinged %q, want %q", m.Pinged, tt.want)
			}
			if sent.MentionEveryone != slices.ContainsFunc(tt.want, func(p string) bool { return p == "everyone" || p == "here" }) {
				t.Errorf("mention_everyone %v", sent.MentionEveryone)
			}
		})
	}
}

func TestSendValidation(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	ch := cid(t, chanA)

	_, err := c.SendMessage(ch, strings.Repeat("é", 2001))
	httpErr(t, err, 400, 50035)
	if _, err := c.SendMessage(ch, strings.Repeat("é", 2000)); err != nil {
		t.Errorf("2000 runes (4000 bytes) refused: %v", err)
	}
	_, err = c.SendMessageComplex(ch, api.SendMessageData{Components: discord.Components(
		&discord.ButtonComponent{Label: "go", Style: discord.PrimaryButtonStyle(), CustomID: "x"})})
	if !errors.Is(err, api.ErrEmptyMessage) { // arikawa checks this one itself
		t.Errorf("components only: %v", err)
	}
	_, err = c.SendMessage(cid(t, "1300000000000000999"), "hi")
	httpErr(t, err, 404, 10003)
	_, err = c.SendMessageReply(ch, "hi", mid(t, "1300000000000000998"))
	httpErr(t, err, 400, 50035)
	_, err = c.SendMessageComplex(ch, api.SendMessageData{Content: "dup", Components: discord.Components(
		&discord.ButtonComponent{Label: "a", Style: discord.PrimaryButtonStyle(), CustomID: "same"},
		&discord.ButtonComponent{Label: "b", Style: discord.SecondaryButtonStyle(), CustomID: "same"})})
	httpErr(t, err, 400, 50035)
	_, err = newClient(t, srv, "wrong").SendMessage(ch, "hi")
	httpErr(t, err, 401, 0)
	if n := len(srv.BotMessages(chanA)); n != 1 {
		t.Errorf("stored %d bot messages, want only the valid one", n)
	}
}

func TestEmptyMessageRefused(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	status, _, body := call(t, srv, "POST", "/channels/"+chanA+"/messages", `{"content":"","flags":0}`)
	if status != 400 || body["code"] != float64(50006) {
		t.Errorf("empty message: %d %v, want 400 code 50006", status, body)
	}
}

func TestRateLimitWaitedOut(t *testing.T) {
	t.Parallel()
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	srv.RateLimit("POST", "/channels/"+chanA+"/messages", 1, time.Second)
	start := time.Now()
	sent, err := c.SendMessage(cid(t, chanA), "patient")
	if err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("arikawa retried after %v, before Retry-After", waited)
	}
	var statuses []int
	for _, r := range srv.Requests() {
		if r.Route == "POST /channels/{channel}/messages" {
			statuses = append(statuses, r.Status)
		}
	}
	if !slices.Equal(statuses, []int{429, 200}) {
		t.Errorf("statuses %v", statuses)
	}
	if msgs := srv.BotMessages(chanA); len(msgs) != 1 || msgs[0].ID != sent.ID.String() {
		t.Errorf("stored %+v", msgs)
	}
}

func TestFailInjection(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	srv.Fail("POST", "/api/v9/channels/"+chanA, 1, 403, 50013, "Missing Permissions")
	_, err := c.SendMessage(cid(t, chanA), "no")
	httpErr(t, err, 403, 50013)
	if _, err := c.SendMessage(cid(t, chanA), "yes"); err != nil {
		t.Errorf("after the fault: %v", err)
	}
}

func TestMultipartUploadRecorded(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	big := bytes.Repeat([]byte("x"), 70000)
	sent, err := c.SendMessageComplex(cid(t, chanA), api.SendMessageData{
		Content: "logs attached",
		Files: []sendpart.File{
			{Name: "out.txt", Reader: strings.NewReader("hello")},
			{Name: "big.log", Reader: bytes.NewReader(big)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent.Attachments) != 2 || sent.Attachments[1].Size != uint64(len(big)) {
		t.Fatalf("returned attachments %+v", sent.Attachments)
	}
	msgs := srv.BotMessages(chanA)
	if len(msgs) != 1 || msgs[0].Content != "logs attached" || len(msgs[0].Attachments) != 2 {
		t.Fatalf("stored %+v", msgs)
	}
	a := msgs[0].Attachments
	if a[0].Filename != "out.txt" || string(a[0].Content) != "hello" || a[0].Size != 5 ||
		a[1].Filename != "big.log" || !bytes.Equal(a[1].Content, big) {
		t.Errorf("attachments %q/%d %q/%d", a[0].Filename, a[0].Size, a[1].Filename, a[1].Size)
	}
	// The attachment URL serves the content.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(string(sent.Attachments[0].URL))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != "hello" {
		t.Errorf("attachment URL served %q", got)
	}
}

func TestEditDeleteAndHistory(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	b := connect(t, srv)
	user := srv.PostMessage(chanA, alice, "one")
	sent, err := b.SendMessage(cid(t, chanA), "working…")
	if err != nil {
		t.Fatal(err)
	}
	edited, err := b.EditText(cid(t, chanA), sent.ID, "done")
	if err != nil || edited.Content != "done" || !edited.EditedTimestamp.IsValid() {
		t.Fatalf("EditText %+v %v", edited, err)
	}
	if m, _ := srv.FindMessage(sent.ID.String()); m.Content != "done" || m.Edits != 1 {
		t.Errorf("stored after edit %+v", m)
	}
	_, err = b.EditText(cid(t, chanA), mid(t, user.ID), "hijack")
	httpErr(t, err, 403, 50005)

	hist, err := b.Client.Messages(cid(t, chanA), 10)
	if err != nil || len(hist) != 2 || hist[0].ID != sent.ID || hist[1].ID.String() != user.ID {
		t.Fatalf("history %v (%d), newest first expected", err, len(hist))
	}
	if err := b.DeleteMessage(cid(t, chanA), sent.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.BotMessages(chanA)); n != 0 {
		t.Errorf("%d bot messages after delete", n)
	}
	del := next[*gateway.MessageDeleteEvent](t, b)
	if del.ID != sent.ID {
		t.Errorf("MESSAGE_DELETE %+v", del)
	}
}

func TestUnknownRouteRecorded(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	_, err := c.Client.Request("GET", srv.URL()+"/api/v9/nope/nothing")
	httpErr(t, err, 404, 0)
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if last.Route != "" || last.Status != 404 || last.Path != "/api/v9/nope/nothing" {
		t.Errorf("recorded %+v", last)
	}
	if got := last.Header.Get("Authorization"); got != "[redacted]" {
		t.Errorf("Authorization recorded as %q", got)
	}
}

func TestMetaEndpoints(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	c := newClient(t, srv, "")
	bd, err := c.BotURL()
	if err != nil || bd.URL != srv.GatewayURL() || bd.Shards != 1 || bd.StartLimit == nil {
		t.Errorf("BotURL %+v %v", bd, err)
	}
	me, err := c.Me()
	if err != nil || me.ID.String() != botID || !me.Bot {
		t.Errorf("Me %+v %v", me, err)
	}
	app, err := c.CurrentApplication() // arikawa's double-slash URL
	if err != nil || app.ID.String() != appID {
		t.Errorf("CurrentApplication %+v %v", app, err)
	}
	ch, err := c.Channel(cid(t, chanB))
	if err != nil || ch.ID.String() != chanB || ch.Type != discord.GuildText {
		t.Errorf("Channel %+v %v", ch, err)
	}
	srv.PostMessage(chanA, alice, "so I'm known")
	mem, err := c.Member(discord.GuildID(mustSnowflake(t, guildID)), discord.UserID(mustSnowflake(t, alice.ID)))
	if err != nil || len(mem.RoleIDs) != 1 || mem.User.Username != "alice" {
		t.Errorf("Member %+v %v", mem, err)
	}
	dm, err := c.CreatePrivateChannel(discord.UserID(mustSnowflake(t, bob.ID)))
	if err != nil || dm.ID.String() != srv.DMChannel(bob.ID) {
		t.Errorf("CreatePrivateChannel %+v %v", dm, err)
	}
}
