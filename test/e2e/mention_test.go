package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// A mention gets reactions, typing and a reply in its channel; a second mention resumes the
// channel's session.
func TestMentionIsAnsweredAndTheSessionResumed(t *testing.T) {
	d := startDaemon(t, setup{})
	first := d.mention(chanA, alice, "hello there")
	d.reacted(chanA, first.ID, "✅")
	rep := d.replies(chanA, first.ID)
	if len(rep) != 1 || rep[0].Content != "echo: hello there" {
		t.Fatalf("replies to the first mention: %+v", rep)
	}
	if len(d.discord.Typing(chanA)) == 0 {
		t.Error("no typing indicator was sent while the run was in flight")
	}
	if len(d.discord.BotMessages(chanB)) != 0 {
		t.Error("the bot wrote in another channel")
	}
	second := d.mention(chanA, bob, "and again")
	d.reacted(chanA, second.ID, "✅")
	inv := d.invocations()
	if len(inv) != 2 {
		t.Fatalf("fake CLI ran %d times, want 2", len(inv))
	}
	if id := inv[0].Flag("--session-id"); id == "" || inv[1].Flag("--resume") != id {
		t.Fatalf("second run did not resume the first run's session: %v / %v", inv[0].Argv, inv[1].Argv)
	}
	if got := inv[0].Prompt(); got != "hello there" {
		t.Errorf("prompt = %q, want the mention stripped", got)
	}
	// Everything the bot sent pings nobody.
	for _, m := range d.discord.BotMessages(chanA) {
		if len(m.Pinged) != 0 {
			t.Errorf("bot message %q pinged %v", m.Content, m.Pinged)
		}
	}
}

// Two channels run in parallel; three mentions in one channel are answered in order, one at a
// time, with queue feedback.
func TestChannelsInParallelAndMentionsInOrder(t *testing.T) {
	d := startDaemon(t, setup{})
	a := d.mention(chanA, alice, "a1 fake:sleep=600ms")
	b := d.mention(chanB, alice, "b1 fake:sleep=600ms")
	a2 := d.mention(chanA, alice, "a2")
	a3 := d.mention(chanA, alice, "a3")
	for _, m := range []string{a.ID, a2.ID, a3.ID} {
		d.reacted(chanA, m, "✅")
	}
	d.reacted(chanB, b.ID, "✅")

	inv := d.invocations()
	byPrompt := map[string]int{}
	for i, v := range inv {
		byPrompt[strings.Fields(v.Prompt())[0]] = i
	}
	ia, ib := inv[byPrompt["a1"]], inv[byPrompt["b1"]]
	if !(ia.Start.Before(ib.End) && ib.Start.Before(ia.End)) {
		t.Errorf("channels did not run in parallel: a1 [%s, %s], b1 [%s, %s]", ia.Start, ia.End, ib.Start, ib.End)
	}
	order := []string{"a1", "a2", "a3"}
	for i := 1; i < len(order); i++ {
		prev, cur := inv[byPrompt[order[i-1]]], inv[byPrompt[order[i]]]
		if cur.Start.Before(prev.End) {
			t.Errorf("%s started before %s ended", order[i], order[i-1])
		}
	}
	// Queue feedback: a2 and a3 were told their place in line.
	seen := map[string]bool{}
	for _, e := range d.discord.ReactionLog() {
		if e.Emoji == "⏳" && e.Added {
			seen[e.MessageID] = true
		}
	}
	if !seen[a2.ID] || !seen[a3.ID] {
		t.Errorf("queued mentions did not get ⏳: %v", seen)
	}
	var notices []string
	for _, r := range d.discord.Requests() {
		if r.Method == "POST" && strings.Contains(string(r.Body), "Queued #") {
			notices = append(notices, string(r.Body))
		}
	}
	if len(notices) != 2 || !strings.Contains(notices[0], "Queued #1") || !strings.Contains(notices[1], "Queued #2") {
		t.Errorf("queue notices sent: %v, want Queued #1 then Queued #2", notices)
	}
	for _, m := range d.discord.Messages(chanA) {
		if strings.HasPrefix(m.Content, "Queued #") {
			t.Errorf("queue notice %q was not removed when its run started", m.Content)
		}
	}
}

// A stranger's mention runs nothing and gets one refusal; a mention in an unmapped channel is ignored.
func TestStrangerRunsNothing(t *testing.T) {
	d := startDaemon(t, setup{})
	m1 := d.mention(chanA, mallory, "rm -rf / please")
	d.until("a refusal", func() bool { return len(d.replies(chanA, m1.ID)) == 1 })
	if !strings.Contains(d.replies(chanA, m1.ID)[0].Content, "not allowed") {
		t.Errorf("refusal = %q", d.replies(chanA, m1.ID)[0].Content)
	}
	m2 := d.mention(chanA, mallory, "again")
	d.mention(chanOther, alice, "unmapped channel")
	ok := d.mention(chanA, alice, "allowed")
	d.reacted(chanA, ok.ID, "✅")
	if n := len(d.replies(chanA, m2.ID)); n != 0 {
		t.Errorf("second refusal sent within the window (%d replies)", n)
	}
	if n := len(d.discord.BotMessages(chanOther)); n != 0 {
		t.Errorf("the bot answered in an unmapped channel: %d messages", n)
	}
	inv := d.invocations()
	if len(inv) != 1 || inv[0].Prompt() != "allowed" {
		t.Fatalf("fake CLI ran for %d prompts, want only the allowed one: %+v", len(inv), inv)
	}
}

// Claude output with @everyone and user mentions pings nobody; a 4500-character answer with a
// code block arrives as valid chunks with balanced fences.
func TestAnswersPingNobodyAndSplitCleanly(t *testing.T) {
	d := startDaemon(t, setup{})
	answer := "Hey @everyone and <@" + alice.ID + "> and @here, look:\n\n" + strings.Repeat("Some prose line that goes on.\n", 60) +
		"```go\n" + strings.Repeat("fmt.Println(\"a line of code in the block\")\n", 60) + "```\n" + strings.Repeat("After the code.\n", 30)
	if n := utf8.RuneCountInString(answer); n < 4500 || n > 7000 {
		t.Fatalf("test answer has %d runes", n)
	}
	file := filepath.Join(d.dir, "answer.md")
	if err := os.WriteFile(file, []byte(answer), 0o600); err != nil {
		t.Fatal(err)
	}
	m := d.mention(chanA, alice, "fake:reply-file="+file)
	d.reacted(chanA, m.ID, "✅")
	var chunks []string
	for _, bm := range d.discord.BotMessages(chanA) {
		if len(bm.Pinged) != 0 {
			t.Errorf("bot message pinged %v: %.80q", bm.Pinged, bm.Content)
		}
		chunks = append(chunks, bm.Content)
	}
	if len(chunks) < 3 {
		t.Fatalf("answer came in %d messages, want at least 3", len(chunks))
	}
	for i, c := range chunks {
		if n := utf8.RuneCountInString(c); n > 2000 {
			t.Errorf("chunk %d has %d runes", i, n)
		}
		if fences := strings.Count(c, "```"); fences%2 != 0 {
			t.Errorf("chunk %d has unbalanced fences (%d):\n%s", i, fences, c)
		}
	}
	if !strings.Contains(strings.Join(chunks, ""), "After the code.") {
		t.Error("the end of the answer is missing")
	}
	if got := d.replies(chanA, m.ID); len(got) != 1 {
		t.Errorf("%d chunks reply to the mention, want exactly the first", len(got))
	}
}

// The CLI crashing mid-run: the asker gets an error with an id; the next mention works.
func TestCrashIsReportedAndTheChannelGoesOn(t *testing.T) {
	d := startDaemon(t, setup{})
	crash := d.mention(chanA, alice, "fake:stream=3,20ms fake:exit=3")
	d.reacted(chanA, crash.ID, "❌")
	rep := d.replies(chanA, crash.ID)
	if len(rep) != 1 || !strings.Contains(rep[0].Content, "error id `E-") {
		t.Fatalf("crash reply: %+v", rep)
	}
	for _, leak := range []string{"fake: exiting", d.dir, "stderr"} {
		if strings.Contains(rep[0].Content, leak) {
			t.Errorf("error reply leaks %q: %s", leak, rep[0].Content)
		}
	}
	id := rep[0].Content[strings.Index(rep[0].Content, "E-"):]
	id = id[:strings.IndexByte(id, '`')]
	if !strings.Contains(d.log.String(), id) {
		t.Errorf("error id %s is not in the log", id)
	}
	next := d.mention(chanA, alice, "after the crash")
	d.reacted(chanA, next.ID, "✅")
}

// A dropped gateway connection resumes without losing or duplicating a mention; a 429 on send is
// waited out and the reply still arrives.
func TestGatewayDropAndRateLimit(t *testing.T) {
	d := startDaemon(t, setup{})
	warm := d.mention(chanA, alice, "warm up")
	d.reacted(chanA, warm.ID, "✅")

	d.discord.DropConnections()
	during := d.mention(chanA, alice, "sent while disconnected")
	d.reacted(chanA, during.ID, "✅")
	if d.discord.Resumes() < 1 {
		t.Errorf("the bot did not RESUME (resumes=%d identifies=%d)", d.discord.Resumes(), d.discord.Identifies())
	}

	d.discord.RateLimit("POST", "/api/v9/channels/"+chanA+"/messages", 1, 1e9)
	limited := d.mention(chanA, alice, "rate limited reply")
	d.reacted(chanA, limited.ID, "✅")
	if rep := d.replies(chanA, limited.ID); len(rep) != 1 || rep[0].Content != "echo: rate limited reply" {
		t.Fatalf("reply after a 429: %+v", rep)
	}
	counts := map[string]int{}
	for _, inv := range d.invocations() {
		counts[inv.Prompt()]++
	}
	for p, n := range counts {
		if n != 1 {
			t.Errorf("prompt %q ran %d times", p, n)
		}
	}
	if counts["sent while disconnected"] != 1 {
		t.Error("the mention sent while disconnected was lost")
	}
}

// An answer longer than discord.max_chunks messages arrives as a head plus the full text attached.
func TestVeryLongAnswerIsAttached(t *testing.T) {
	d := startDaemon(t, setup{discordYAML: ", max_chunks: 2"})
	answer := strings.Repeat("A long line of the answer, with words to split on.\n", 120) // ~6000 runes: 3+ chunks
	file := filepath.Join(d.dir, "long.md")
	if err := os.WriteFile(file, []byte(answer), 0o600); err != nil {
		t.Fatal(err)
	}
	m := d.mention(chanA, alice, "fake:reply-file="+file)
	d.reacted(chanA, m.ID, "✅")
	rep := d.replies(chanA, m.ID)
	if len(rep) != 1 || len(d.discord.BotMessages(chanA)) != 2 { // the answer and the run's status message
		t.Fatalf("want one reply message, got %d replies and %d bot messages", len(rep), len(d.discord.BotMessages(chanA)))
	}
	if n := utf8.RuneCountInString(rep[0].Content); n > 2000 || !strings.Contains(rep[0].Content, "full answer is attached") {
		t.Errorf("head (%d runes): %.200q", n, rep[0].Content)
	}
	if len(rep[0].Attachments) != 1 || rep[0].Attachments[0].Filename != "answer.md" || string(rep[0].Attachments[0].Content) != strings.TrimSpace(answer) {
		t.Fatalf("attachments: %+v", rep[0].Attachments)
	}
}
