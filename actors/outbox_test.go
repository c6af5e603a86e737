package actors_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
)

func withSystemPrompt(prompt string) harnessOption {
	return func(o *actors.Options, _ *claudeOptions) {
		for _, p := range o.Projects {
			p.AppendSystemPrompt = prompt
		}
	}
}

// outboxSentence is what the run's appended system prompt says about message id's outbox.
func outboxSentence(h *harness, id string) string {
	return "To send files back to the user, write them into the directory " +
		filepath.Join(h.dir, actors.OutboxDir, id) + "; they are attached to your reply."
}

// Files the run writes to its outbox come back with the answer; one over the per-file limit is listed with its
// size; the outbox is gone after the run; a resumed turn gets its own outbox sentence after the project's prompt.
func TestOutboxFilesComeBackWithTheAnswer(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", withSystemPrompt("Be brief."))
	id := h.send("c1", "make a report fake:write=report.md fake:write-big=big.bin")
	o := h.final(id)
	if o.Kind != actors.Answered {
		t.Fatalf("outcome %v %q, want answered", o.Kind, o.Text)
	}
	if len(o.Files) != 1 || o.Files[0].Name != "report.md" || string(o.Files[0].Data) != "file report.md from the fake" {
		t.Errorf("files %+v, want report.md with its content", o.Files)
	}
	if want := []string{"big.bin (9 MiB, over 8 MiB)"}; !slices.Equal(o.FilesNotSent, want) {
		t.Errorf("not sent %q, want %q", o.FilesNotSent, want)
	}
	if _, err := os.Lstat(filepath.Join(h.dir, actors.OutboxDir)); !os.IsNotExist(err) {
		t.Errorf("outbox still there after the run: %v", err)
	}

	id2 := h.send("c1", "fake:system-prompt")
	o2 := h.final(id2)
	want := "Be brief.\n\n" + outboxSentence(h, id2)
	if o2.Kind != actors.Answered || o2.Text != want {
		t.Errorf("resumed turn's effective system prompt %q, want %q", o2.Text, want)
	}
	if len(o2.Files) != 0 || len(o2.FilesNotSent) != 0 {
		t.Errorf("a run that wrote nothing reports files %+v, %q", o2.Files, o2.FilesNotSent)
	}
	inv := h.invocations()
	if len(inv) != 2 {
		t.Fatalf("%d invocations, want 2", len(inv))
	}
	argv := inv[1].Argv
	if !slices.Contains(argv, "--resume") {
		t.Errorf("second run did not resume: %q", argv)
	}
	i := slices.Index(argv, "--append-system-prompt")
	if i < 0 || i+1 >= len(argv) || argv[i+1] != want {
		t.Errorf("second run's argv %q lacks --append-system-prompt %q", argv, want)
	}
}

// A run that fails reports no files, and its outbox is removed all the same.
func TestOutboxRemovedWhenTheRunFails(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	id := h.send("c1", "fake:write=report.md fake:api-error=400")
	o := h.final(id)
	if o.Kind != actors.Failed || len(o.Files) != 0 || len(o.FilesNotSent) != 0 {
		t.Errorf("outcome %v files %+v not sent %q, want failed with no files", o.Kind, o.Files, o.FilesNotSent)
	}
	waitFor(t, "the outbox to go", func() bool {
		_, err := os.Lstat(filepath.Join(h.dir, actors.OutboxDir))
		return os.IsNotExist(err)
	})
	if inv := h.invocations(); len(inv) != 1 || !strings.Contains(strings.Join(inv[0].Argv, " "), outboxSentence(h, id)) {
		t.Errorf("the failed run was not told its outbox: %+v", inv)
	}
}
