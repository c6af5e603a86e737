package e2e

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// A file Claude writes to the run's outbox is attached to its reply, a file over the size limit is listed in
// the reply, and the outbox is gone once the answer is posted.
func TestOutboxFilesAreAttachedToTheReply(t *testing.T) {
	d := startDaemon(t, setup{})
	m := d.discord.Post(chanA, alice, fakediscord.Post{Content: "<@" + botID + "> report fake:write=report.md fake:write-big=big.bin",
		Mentions: []string{botID}})
	d.reacted(chanA, m.ID, "✅")
	var found, listed bool
	for _, r := range d.replies(chanA, m.ID) {
		for _, a := range r.Attachments {
			if a.Filename == "report.md" {
				found = true
				if string(a.Content) != "file report.md from the fake" {
					t.Errorf("report.md content %q", a.Content)
				}
			}
			if a.Filename == "big.bin" {
				t.Errorf("big.bin (9 MiB) was attached")
			}
		}
		listed = listed || strings.Contains(r.Content, "*Files not sent: big.bin (9 MiB, over 8 MiB)*")
	}
	if !found || !listed {
		t.Errorf("report.md attached %v, big.bin listed %v, in %+v", found, listed, d.replies(chanA, m.ID))
	}
	if _, err := os.Stat(filepath.Join(d.dir, "project", ".coordinator-outbox")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the outbox is still in the project dir after the answer (stat: %v)", err)
	}
}
