package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coordinator.db")
	writeVersionedFile(t, path, 99)
	s, err := Open(path, Options{})
	if err == nil {
		_ = s.Close()
		t.Fatal("Open of a version 99 file succeeded")
	}
	if !errors.Is(err, ErrNewerSchema) {
		t.Errorf("error %v does not wrap ErrNewerSchema", err)
	}
	want := fmt.Sprintf("store %s has schema version 99, this coordinator understands up to %d: upgrade coordinator", path, SchemaVersion)
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if got := fileVersion(t, path); got != 99 {
		t.Errorf("refused file now has version %d, want it untouched at 99", got)
	}
	if bucketsOf(t, path)["sessions"] {
		t.Error("refused file got a sessions bucket")
	}
}

func TestMigrationsRunInOrderOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coordinator.db")
	v1, err := open(path, Options{}, schema{version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := v1.PutSession(Session{ChannelID: "c1", Model: "old-model"}); err != nil {
		t.Fatal(err)
	}
	if err := v1.Close(); err != nil {
		t.Fatal(err)
	}

	var ran []int
	v3 := schema{version: 3, migrations: map[int]migration{
		1: func(tx *bolt.Tx) error { // rewrite a record: proves the migration sees and changes the data
			ran = append(ran, 1)
			b := tx.Bucket(bucketSessions)
			raw := b.Get([]byte("c1"))
			return b.Put([]byte("c1"), bytes.Replace(raw, []byte("old-model"), []byte("new-model"), 1))
		},
		2: func(tx *bolt.Tx) error {
			ran = append(ran, 2)
			_, err := tx.CreateBucket([]byte("added-in-v3"))
			return err
		},
	}}
	s, err := open(path, Options{}, v3)
	if err != nil {
		t.Fatalf("open with migrations: %v", err)
	}
	if !slices.Equal(ran, []int{1, 2}) {
		t.Errorf("migrations ran %v, want [1 2]", ran)
	}
	sess, ok, err := s.GetSession("c1")
	if err != nil || !ok || sess.Model != "new-model" {
		t.Errorf("after migration GetSession = %+v, %v, %v; want Model new-model", sess, ok, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := fileVersion(t, path); got != 3 {
		t.Errorf("schema_version after migration = %d, want 3", got)
	}
	if !bucketsOf(t, path)["added-in-v3"] {
		t.Error("bucket created by migration 2 is missing")
	}

	ran = nil
	s, err = open(path, Options{}, v3)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if len(ran) != 0 {
		t.Errorf("reopening an up-to-date file ran migrations %v", ran)
	}
	mustCheckFile(t, path)

	// This coordinator's own Open now refuses the file.
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Open of the migrated file = %v, want ErrNewerSchema", err)
	}
}

func TestMigrationFailureLeavesFileUntouched(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		sch  schema
		want error  // matched with errors.Is when set
		text string // substring of the error
	}{
		{"failing migration", schema{version: 3, migrations: map[int]migration{
			1: func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("half-done")); return err },
			2: func(*bolt.Tx) error { return boom },
		}}, boom, "from schema version 2 to 3"},
		{"missing migration", schema{version: 2}, nil, "no migration from schema version 1 to 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "coordinator.db")
			writeVersionedFile(t, path, 1)
			s, err := open(path, Options{}, tt.sch)
			if err == nil {
				_ = s.Close()
				t.Fatal("open succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v does not wrap %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) || !strings.Contains(err.Error(), path) {
				t.Errorf("error = %q, want one naming %s and saying %q", err, path, tt.text)
			}
			if got := fileVersion(t, path); got != 1 {
				t.Errorf("schema_version = %d, want 1", got)
			}
			if bucketsOf(t, path)["half-done"] {
				t.Error("work of the earlier migration was committed")
			}
		})
	}
}

// writeVersionedFile writes a bbolt file whose meta bucket says version v, using bbolt directly.
func writeVersionedFile(t *testing.T, path string, v uint64) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(keyVersion, binary.BigEndian.AppendUint64(nil, v))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fileVersion reads the schema version of a closed store file with bbolt directly.
func fileVersion(t *testing.T, path string) uint64 {
	t.Helper()
	var v uint64
	withFile(t, path, func(tx *bolt.Tx) {
		if meta := tx.Bucket(bucketMeta); meta != nil && len(meta.Get(keyVersion)) == 8 {
			v = binary.BigEndian.Uint64(meta.Get(keyVersion))
		}
	})
	return v
}

// bucketsOf returns the names of the top-level buckets of a closed store file.
func bucketsOf(t *testing.T, path string) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	withFile(t, path, func(tx *bolt.Tx) {
		_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error { names[string(name)] = true; return nil })
	})
	return names
}

// withFile runs fn in a read transaction on a closed store file opened read-only.
func withFile(t *testing.T, path string, fn func(tx *bolt.Tx)) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error { fn(tx); return nil }); err != nil {
		t.Fatal(err)
	}
}
