package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Bucket and key names of the schema described in doc.go.
var (
	bucketMeta     = []byte("meta")
	bucketSessions = []byte("sessions")
	bucketRuns     = []byte("runs")
	bucketProjects = []byte("channel_projects")
	bucketJournal  = []byte("journal")
	bucketSpend    = []byte("spend")
	keyVersion     = []byte("schema_version")
)

// SchemaVersion is the schema version this code reads and writes.
const SchemaVersion = 1

// migration moves the data of a file from version N (its key in a migration table) to N+1.
type migration func(tx *bolt.Tx) error

// schema is a version and the migrations that lead up to it.
type schema struct {
	version    int
	migrations map[int]migration
}

// currentSchema returns the schema of this code. Add a migration here when SchemaVersion grows.
func currentSchema() schema {
	return schema{version: SchemaVersion, migrations: map[int]migration{}}
}

// apply brings the file open in tx up to sch.version: it initialises an empty file, runs the
// migrations of an older one, refuses a newer one or a foreign one, and makes sure every bucket
// exists. It runs inside the one write transaction of Open, so a failure leaves the file as it was.
func (sch schema) apply(tx *bolt.Tx, path string) error {
	have, err := readVersion(tx, path)
	if err != nil {
		return err
	}
	if have > sch.version {
		return newerSchemaError(path, have, sch.version)
	}
	for v := have; v > 0 && v < sch.version; v++ {
		m, ok := sch.migrations[v]
		if !ok {
			return fmt.Errorf("migrate store %s: no migration from schema version %d to %d", path, v, v+1)
		}
		if err := m(tx); err != nil {
			return fmt.Errorf("migrate store %s from schema version %d to %d: %w", path, v, v+1, err)
		}
	}
	for _, name := range [][]byte{bucketMeta, bucketSessions, bucketRuns, bucketProjects, bucketJournal, bucketSpend} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("open store %s: create bucket %s: %w", path, name, err)
		}
	}
	if have == sch.version {
		return nil
	}
	if err := tx.Bucket(bucketMeta).Put(keyVersion, encodeVersion(sch.version)); err != nil {
		return fmt.Errorf("open store %s: write schema version: %w", path, err)
	}
	return nil
}

// newerSchemaError is the error, wrapping ErrNewerSchema, of a file at path with schema version have when this code
// understands up to want.
func newerSchemaError(path string, have, want int) error {
	return &pathError{
		msg:  fmt.Sprintf("store %s has schema version %d, this coordinator understands up to %d: upgrade coordinator", path, have, want),
		kind: ErrNewerSchema,
	}
}

// readVersion returns the file's schema version, 0 for a file with no buckets at all.
func readVersion(tx *bolt.Tx, path string) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return 0, fmt.Errorf("open store %s: not a coordinator store (bbolt file without a %q bucket)", path, bucketMeta)
		}
		return 0, nil
	}
	raw := meta.Get(keyVersion)
	if len(raw) != 8 {
		return 0, fmt.Errorf("open store %s: bad %s/%s value (%d bytes, want 8)", path, bucketMeta, keyVersion, len(raw))
	}
	v := binary.BigEndian.Uint64(raw)
	if v == 0 || v > 1<<31 {
		return 0, fmt.Errorf("open store %s: bad schema version %d", path, v)
	}
	return int(v), nil
}

// encodeVersion is the 8-byte big-endian form of a schema version.
func encodeVersion(v int) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(v))
}
