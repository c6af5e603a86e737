package e2e

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// A mention with an attachment, queued behind a run when the daemon stops (SIGTERM: it is Postponed; kill -9: it
// stays accepted in the journal), runs after the restart: its attachment is downloaded again from the journaled URL
// into the project's inbox, the fake CLI reads the file's content from its working folder, and the inbox is gone
// once the answer is posted.
func TestJournaledAttachmentsDownloadedAgainAfterRestart(t *testing.T) {
	const content = "the attachment's content, fetched after the restart"
	for _, tc := range []struct {
		name string
		stop func(d *daemon)
	}{
		{"sigterm", func(d *daemon) {
			if code := d.stop(); code != 0 {
				d.t.Fatalf("exit code %d after SIGTERM, want 0", code)
			}
		}},
		{"kill9", func(d *daemon) { d.kill9() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := startDaemon(t, setup{args: []string{"-grace", "300ms"}, extraYAML: noProgressYAML})
			long := d.mention(chanA, alice, "fake:hang")
			d.until("the long run to start", func() bool { return len(d.invocations()) == 1 })
			m := d.discord.Post(chanA, alice, fakediscord.Post{Content: "<@" + botID + "> show it fake:reply-file=inbox-proof.txt",
				Mentions:    []string{botID},
				Attachments: []fakediscord.Attachment{{Filename: "notes.txt", ContentType: "text/plain", Content: []byte(content)}}})
			d.reacted(chanA, m.ID, "⏳")
			// The fake CLI replies with the file it finds at ./inbox-proof.txt in its working folder: a link to where the
			// attachment must be when the run starts (the inbox folder is named after the message).
			proof := filepath.Join(d.dir, "project", "inbox-proof.txt")
			if err := os.Symlink(filepath.Join(".coordinator-inbox", m.ID, "notes.txt"), proof); err != nil {
				t.Fatal(err)
			}

			tc.stop(d)
			if n := len(d.invocations()); n != 1 {
				t.Fatalf("fake CLI ran %d times before the restart, want 1 (the queued mention must not have run)", n)
			}
			if tc.name == "sigterm" {
				rep := d.replies(chanA, m.ID)
				if len(rep) == 0 || !strings.Contains(rep[len(rep)-1].Content, "runs after the restart") {
					t.Errorf("the queued mention was not told it runs after the restart: %+v", rep)
				}
			}
			d.restart()

			d.reacted(chanA, m.ID, "✅")
			rep := d.replies(chanA, m.ID)
			if last := rep[len(rep)-1].Content; last != noteRecoveredText+"\n\n"+content {
				t.Errorf("answer after the restart = %q, want the recovered note and the file's content %q", last, content)
			}
			inv := d.invocations()
			if len(inv) != 2 {
				t.Fatalf("fake CLI ran %d times in all, want 2 (the long run, then the queued mention once)", len(inv))
			}
			want := "show it fake:reply-file=inbox-proof.txt\n\nAttached files (in ./.coordinator-inbox/" + m.ID + "/): notes.txt"
			if got := inv[1].Prompt(); got != want {
				t.Errorf("prompt after the restart = %q, want %q", got, want)
			}
			if _, err := os.Stat(filepath.Join(d.dir, "project", ".coordinator-inbox")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the inbox is still in the project dir after the answer (stat: %v)", err)
			}
			if tc.name == "kill9" { // the interrupted long run is offered again, not run
				d.until("the interrupted run to be reported", func() bool {
					for _, r := range d.replies(chanA, long.ID) {
						if strings.Contains(string(r.Components), "retry:"+long.ID) {
							return true
						}
					}
					return false
				})
			}
		})
	}
}

// noteRecoveredText is the note before the answer to a mention accepted before a restart (gateway.noteRecovered).
const noteRecoveredText = "_This message arrived before a restart; here is its answer._"
