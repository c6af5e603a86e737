package e2e

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// A file attached to a mention is downloaded from the attachment URL into the project's inbox, the prompt
// names it (a leading dot dropped, a repeated name made unique), and the inbox is gone once the answer is posted.
func TestAttachmentsReachThePromptAndAreRemoved(t *testing.T) {
	d := startDaemon(t, setup{})
	m := d.discord.Post(chanA, alice, fakediscord.Post{Content: "<@" + botID + "> read the file", Mentions: []string{botID},
		Attachments: []fakediscord.Attachment{
			{Filename: "notes.txt", ContentType: "text/plain", Content: []byte("hello from the file")},
			{Filename: ".env", Content: []byte("x")},
			{Filename: "notes.txt", Content: []byte("another")},
		}})
	d.reacted(chanA, m.ID, "✅")
	want := "read the file\n\nAttached files (in ./.coordinator-inbox/" + m.ID + "/): notes.txt, env, notes-2.txt"
	var prompts []string
	for _, inv := range d.invocations() {
		prompts = append(prompts, inv.Prompt())
	}
	if len(prompts) != 1 || prompts[0] != want {
		t.Errorf("prompts = %q, want one: %q", prompts, want)
	}
	var answered bool
	for _, r := range d.replies(chanA, m.ID) {
		answered = answered || strings.Contains(r.Content, "echo: read the file")
	}
	if !answered {
		t.Errorf("no answer echoing the prompt among %d replies", len(d.replies(chanA, m.ID)))
	}
	if _, err := os.Stat(filepath.Join(d.dir, "project", ".coordinator-inbox")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the inbox is still in the project dir after the answer (stat: %v)", err)
	}
}
