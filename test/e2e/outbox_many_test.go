package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
)

// A run that writes 12 outbox files and answers more than max_chunks messages' worth gets ONE reply: a head with
// answer.md and the first actors.MaxOutFiles-1 files attached (Discord's 10 attachments per message), and an italic
// line listing the files left out: two beyond the outbox's 10-file limit, and the tenth, which had no room beside
// answer.md.
func TestManyOutboxFilesWithALongAnswer(t *testing.T) {
	const maxChunks, answerLen = 2, 5000 // more than maxChunks × 2000 characters
	d := startDaemon(t, setup{discordYAML: fmt.Sprintf(", max_chunks: %d", maxChunks), extraYAML: noProgressYAML})
	var writes []string
	for i := 1; i <= 12; i++ {
		writes = append(writes, fmt.Sprintf("fake:write=f%02d.txt", i))
	}
	m := d.mention(chanA, alice, fmt.Sprintf("many files %s fake:huge=%d", strings.Join(writes, " "), answerLen))
	d.reacted(chanA, m.ID, "✅")

	rep := d.replies(chanA, m.ID)
	if len(rep) != 1 {
		t.Fatalf("%d replies, want one: %+v", len(rep), rep)
	}
	a := rep[0]

	var names []string
	for _, f := range a.Attachments {
		names = append(names, f.Filename)
	}
	want := []string{"answer.md"}
	for i := 1; i <= actors.MaxOutFiles-1; i++ {
		want = append(want, fmt.Sprintf("f%02d.txt", i))
	}
	if !slices.Equal(names, want) {
		t.Errorf("attachments = %q, want %q", names, want)
	}
	for _, f := range a.Attachments {
		switch {
		case f.Filename == "answer.md" && string(f.Content) != strings.Repeat("x", answerLen):
			t.Errorf("answer.md has %d bytes, want the whole answer of %d 'x'", len(f.Content), answerLen)
		case f.Filename != "answer.md" && string(f.Content) != "file "+f.Filename+" from the fake":
			t.Errorf("%s content %q", f.Filename, f.Content)
		}
	}

	notSent := "*Files not sent: f11.txt (over 10 files); f12.txt (over 10 files); f10.txt (no room beside answer.md)*"
	if !strings.Contains(a.Content, notSent) {
		t.Errorf("the reply does not list the files left out as %q:\n%s", notSent, a.Content)
	}
	if !strings.Contains(a.Content, "*(The full answer is attached.)*") || len([]rune(a.Content)) > 2000 {
		t.Errorf("the reply is not a head of at most 2000 characters saying the answer is attached (%d characters)",
			len([]rune(a.Content)))
	}
	var accepted int
	for _, r := range d.discord.Requests() {
		if r.Method != http.MethodPost || r.Route != "POST /channels/{channel}/messages" {
			continue
		}
		if r.Status >= 300 {
			t.Errorf("the fake Discord refused a message: %s %s → %d: %s", r.Method, r.Path, r.Status, r.Body)
			continue
		}
		accepted++
	}
	if accepted == 0 {
		t.Error("the fake Discord logged no accepted message post")
	}
}
