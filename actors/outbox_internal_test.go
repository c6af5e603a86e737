package actors

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rs/zerolog"
)

// collect sends regular files in name order within the count, per-file and total limits, and lists the rest:
// symlinks, folders, a file over 8 MiB, files past the 24 MiB total or past the tenth.
func TestOutboxCollectLimits(t *testing.T) {
	log := zerolog.Nop()
	out := openOutbox(log, t.TempDir(), "m1")
	write := func(name string, n int) {
		if err := os.WriteFile(filepath.Join(out.dir, name), bytes.Repeat([]byte("y"), n), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"a1", "a2", "a3"} {
		write(n, 7<<20) // 21 MiB
	}
	write("a4", 4<<20)             // over the total
	write("a5", MaxOutFileBytes+1) // over the per-file limit
	for i := range 8 {
		write(fmt.Sprintf("b%d", i), 10)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(out.dir, "c-link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(out.dir, "d-dir"), 0o700); err != nil {
		t.Fatal(err)
	}
	got := out.collect(log)
	var names []string
	for _, f := range got.sent {
		names = append(names, f.Name)
	}
	wantSent := []string{"a1", "a2", "a3", "b0", "b1", "b2", "b3", "b4", "b5", "b6"}
	wantNot := []string{"a4 (4 MiB, over the 24 MiB total)", "a5 (8 MiB, over 8 MiB)", "b7 (over 10 files)",
		"c-link (a symbolic link)", "d-dir/ (a folder)"}
	if !slices.Equal(names, wantSent) || !slices.Equal(got.notSent, wantNot) {
		t.Errorf("sent %q not sent %q, want %q and %q", names, got.notSent, wantSent, wantNot)
	}
	out.remove(log)
	if _, err := os.Lstat(filepath.Dir(out.dir)); !os.IsNotExist(err) {
		t.Errorf("outbox not removed: %v", err)
	}
}
