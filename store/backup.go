package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole store file to w, from one read transaction, and
// returns the number of bytes written. Writes go on meanwhile; the copy holds none of them.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("back up store %s: %w", s.path, err)
	}
	return n, nil
}

// Info describes a store file checked by Verify.
type Info struct {
	Path             string
	Size             int64 // bytes
	SchemaVersion    int
	Sessions         int // channels with a stored session
	ChannelsWithRuns int // channels with a run log
	Runs             int // entries in all run logs
	JournalEntries   int
}

// Verify checks that the file at path is a coordinator store this code can open: a sound bbolt
// file (bbolt's consistency check passes) with a schema version from 1 to SchemaVersion and
// JSON session and journal values. It opens the file read-only and never changes it; a file held
// by an open Store fails after DefaultTimeout with an error that wraps ErrInUse, and one of a
// newer schema with an error that wraps ErrNewerSchema.
func Verify(path string) (Info, error) {
	info := Info{Path: path}
	fi, err := os.Stat(path)
	if err != nil {
		return info, fmt.Errorf("verify store: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return info, fmt.Errorf("verify store %s: not a regular file", path)
	}
	if fi.Size() == 0 {
		return info, fmt.Errorf("verify store %s: the file is empty", path)
	}
	info.Size = fi.Size()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: DefaultTimeout})
	if err != nil {
		return info, openError(path, err)
	}
	defer db.Close()
	// A truncated copy (a partial download, a full disk) would make bbolt read past the end of
	// the mapped file and crash the process: refuse it before the consistency check looks.
	err = db.View(func(tx *bolt.Tx) error {
		if need := tx.Size(); need > info.Size {
			return fmt.Errorf("verify store %s: the file is truncated: %d bytes, its pages need %d", path, info.Size, need)
		}
		return nil
	})
	if err != nil {
		return info, err
	}
	if err := checkDB(db); err != nil {
		return info, fmt.Errorf("verify store %s: consistency check failed: %w", path, err)
	}
	if err := db.View(func(tx *bolt.Tx) error { return countInto(tx, path, &info) }); err != nil {
		return info, err
	}
	return info, nil
}

// countInto checks the schema version of the file open in tx and counts its records into info.
// A bucket added within the schema version may be missing from an older file; it counts as empty.
func countInto(tx *bolt.Tx, path string, info *Info) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true)) // a bad page address panics instead of crashing
	defer func() {
		if p := recover(); p != nil { // bbolt panics on some corrupt pages the check did not reach
			err = fmt.Errorf("verify store %s: corrupt file: %v", path, p)
		}
	}()
	v, err := readVersion(tx, path)
	if err != nil {
		return err
	}
	switch {
	case v == 0:
		return fmt.Errorf("verify store %s: not a coordinator store (a bbolt file with no buckets)", path)
	case v > SchemaVersion:
		return newerSchemaError(path, v, SchemaVersion)
	}
	info.SchemaVersion = v
	if info.Sessions, err = countJSON(tx.Bucket(bucketSessions)); err != nil {
		return fmt.Errorf("verify store %s: bucket %s: %w", path, bucketSessions, err)
	}
	if info.JournalEntries, err = countJSON(tx.Bucket(bucketJournal)); err != nil {
		return fmt.Errorf("verify store %s: bucket %s: %w", path, bucketJournal, err)
	}
	if runs := tx.Bucket(bucketRuns); runs != nil {
		err = runs.ForEachBucket(func(k []byte) error {
			n, err := countJSON(runs.Bucket(k))
			if err != nil {
				return fmt.Errorf("runs of channel %s: %w", k, err)
			}
			info.ChannelsWithRuns++
			info.Runs += n
			return nil
		})
		if err != nil {
			return fmt.Errorf("verify store %s: bucket %s: %w", path, bucketRuns, err)
		}
	}
	return nil
}

// countJSON counts the keys of b (nil counts as empty) and checks that every value is JSON.
func countJSON(b *bolt.Bucket) (int, error) {
	if b == nil {
		return 0, nil
	}
	n := 0
	err := b.ForEach(func(k, v []byte) error {
		if v == nil || !json.Valid(v) || !bytes.HasPrefix(v, []byte("{")) {
			return fmt.Errorf("key %q: value is not a JSON object", k)
		}
		n++
		return nil
	})
	return n, err
}
