package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// writeBackup backs s up into a new file in dir and returns its path.
func writeBackup(t *testing.T, s *Store, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Backup(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != n {
		t.Fatalf("Backup reported %d bytes, file: %v %v", n, fi, err)
	}
	return path
}

// Backups taken while another goroutine keeps committing new sessions and runs are sound
// snapshots: Verify accepts each, and each holds every session committed before the copy began and
// none that was committed after it ended.
func TestBackupDuringWritesIsConsistent(t *testing.T) {
	s := openTestStore(t, Options{})
	var committed atomic.Int64 // sessions committed so far; session i has channel id "ch-<i>"
	stop, done := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			ch := fmt.Sprintf("ch-%d", i)
			if err := s.RecordRun(Session{ChannelID: ch, Project: "p"}, Run{ChannelID: ch, Outcome: "ok"}); err != nil {
				done <- err
				return
			}
			if _, err := s.JournalAdd(JournalEntry{MessageID: fmt.Sprint(i), ChannelID: ch}); err != nil {
				done <- err
				return
			}
			committed.Add(1)
		}
	}()
	stopped := false
	defer func() {
		if !stopped {
			close(stop)
			<-done
		}
	}()

	dir := t.TempDir()
	first := committed.Load()
	deadline := time.Now().Add(20 * time.Second)
	backups := 0
	for ; backups < 3 || committed.Load()-first < 20; backups++ {
		if time.Now().After(deadline) {
			t.Fatalf("the writer committed only %d sessions during %d backups", committed.Load()-first, backups)
		}
		before := committed.Load()
		path := writeBackup(t, s, dir, fmt.Sprintf("backup-%d.db", backups))
		after := committed.Load()
		info, err := Verify(path)
		if err != nil {
			t.Fatalf("Verify(backup %d): %v", backups, err)
		}
		// A session and its journal entry commit separately: the copy may hold one more session.
		if n := int64(info.Sessions); n < before || n > after+1 {
			t.Errorf("backup %d has %d sessions; %d were committed before it began, %d when it ended", backups, n, before, after)
		}
		if info.ChannelsWithRuns != info.Sessions || info.Runs != info.Sessions || info.SchemaVersion != SchemaVersion {
			t.Errorf("backup %d: %+v", backups, info)
		}
		if j := info.JournalEntries; j != info.Sessions && j != info.Sessions-1 {
			t.Errorf("backup %d: %d journal entries for %d sessions", backups, j, info.Sessions)
		}
	}
	close(stop)
	stopped = true
	if err := <-done; err != nil {
		t.Fatalf("writer: %v", err)
	}

	// A backup opens as a store with the data.
	b, err := Open(filepath.Join(dir, "backup-0.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, ok, err := b.GetSession(fmt.Sprintf("ch-%d", first)); first > 0 && (!ok || err != nil) {
		t.Errorf("backup lacks session ch-%d: %v %v", first, ok, err)
	}
}

func TestVerifyCountsARealStore(t *testing.T) {
	s := openTestStore(t, Options{})
	for _, ch := range []string{"1", "2"} {
		if err := s.PutSession(Session{ChannelID: ch}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		if err := s.AppendRun(Run{ChannelID: "1", Outcome: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.JournalAdd(JournalEntry{MessageID: "10", ChannelID: "1"}); err != nil {
		t.Fatal(err)
	}
	path := writeBackup(t, s, t.TempDir(), "b.db")
	info, err := Verify(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	want := Info{Path: path, Size: fi.Size(), SchemaVersion: 1, Sessions: 2, ChannelsWithRuns: 1, Runs: 3, JournalEntries: 1}
	if info != want {
		t.Errorf("Verify = %+v, want %+v", info, want)
	}
	// The live file is locked by s: Verify does not read it under a writer's feet.
	if _, err := Verify(s.Path()); !errors.Is(err, ErrInUse) {
		t.Errorf("Verify of an open store: %v, want ErrInUse", err)
	}
}

func TestVerifyRefusesWhatIsNotAGoodStore(t *testing.T) {
	dir := t.TempDir()
	good := func() []byte { // a real store file, for the truncated case
		s := openTestStore(t, Options{})
		for i := 0; i < 200; i++ {
			if err := s.PutSession(Session{ChannelID: fmt.Sprint(i), Project: strings.Repeat("x", 200)}); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if _, err := s.Backup(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	bboltFile := func(name string, fill func(tx *bolt.Tx) error) string {
		path := filepath.Join(dir, name)
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Update(fill); err != nil {
			t.Fatal(err)
		}
		return path
	}
	file := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	newer := filepath.Join(dir, "newer.db")
	writeVersionedFile(t, newer, SchemaVersion+1)

	for _, tc := range []struct {
		name, path, want string
		is               error
	}{
		{"missing", filepath.Join(dir, "nope.db"), "no such file", nil},
		{"directory", dir, "not a regular file", nil},
		{"empty", file("empty.db", nil), "the file is empty", nil},
		{"text", file("text.db", []byte("sessions:\n  - hello\n")), "not a valid bbolt database", nil},
		{"garbage", file("garbage.db", bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 4096)), "not a valid bbolt database", nil},
		{"truncated", file("truncated.db", good[:len(good)/2]), "truncated", nil},
		{"no buckets", bboltFile("nobuckets.db", func(*bolt.Tx) error { return nil }), "not a coordinator store", nil},
		{"foreign", bboltFile("foreign.db", func(tx *bolt.Tx) error {
			_, err := tx.CreateBucket([]byte("widgets"))
			return err
		}), "not a coordinator store", nil},
		{"newer schema", newer, "schema version 2, this coordinator understands up to 1", ErrNewerSchema},
		{"bad session value", bboltFile("badvalue.db", func(tx *bolt.Tx) error {
			meta, err := tx.CreateBucket(bucketMeta)
			if err != nil {
				return err
			}
			if err := meta.Put(keyVersion, encodeVersion(1)); err != nil {
				return err
			}
			sessions, err := tx.CreateBucket(bucketSessions)
			if err != nil {
				return err
			}
			return sessions.Put([]byte("1"), []byte("not json"))
		}), `key "1": value is not a JSON object`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Verify(tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Verify = %v, want an error with %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
		})
	}
	// Verify changed nothing: the newer file still has its version.
	if v := fileVersion(t, newer); v != SchemaVersion+1 {
		t.Errorf("newer file now has version %d", v)
	}
}
