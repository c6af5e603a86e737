package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Defaults for the zero fields of Options.
const (
	DefaultTimeout           = time.Second
	DefaultMaxRunsPerChannel = 1000
)

// Options tunes a Store; the zero value gives the defaults.
type Options struct {
	Timeout           time.Duration    // how long Open waits for the file lock; 0 means DefaultTimeout
	MaxRunsPerChannel int              // run log length per channel; 0 means DefaultMaxRunsPerChannel
	Now               func() time.Time // clock for zero CreatedAt, LastActive and Start; nil means time.Now
}

// withDefaults validates o and fills its zero fields.
func (o Options) withDefaults() (Options, error) {
	if o.Timeout < 0 {
		return o, fmt.Errorf("store options: Timeout %s is negative", o.Timeout)
	}
	if o.MaxRunsPerChannel < 0 {
		return o, fmt.Errorf("store options: MaxRunsPerChannel %d is negative", o.MaxRunsPerChannel)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxRunsPerChannel == 0 {
		o.MaxRunsPerChannel = DefaultMaxRunsPerChannel
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

// Store is an open session store. Its methods are safe for concurrent use.
type Store struct {
	path string
	opts Options
	db   *bolt.DB

	closeOnce sync.Once
	closeErr  error
}

// Open opens (creating if needed) the store file at path and brings its schema up to date.
func Open(path string, opts Options) (*Store, error) {
	return open(path, opts, currentSchema())
}

// open is Open with an explicit schema, so tests can inject versions and migrations.
func open(path string, opts Options, sch schema) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open store %s: create directory: %w", path, err)
	}
	bopts := *bolt.DefaultOptions
	bopts.Timeout = opts.Timeout
	db, err := bolt.Open(path, 0o600, &bopts)
	if err != nil {
		return nil, openError(path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { return sch.apply(tx, path) }); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Store{path: path, opts: opts, db: db}, nil
}

// openError turns a bbolt Open error into one that names the path and says what went wrong.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return &pathError{msg: fmt.Sprintf("store %s is in use by another coordinator", path), kind: ErrInUse, cause: err}
	case errors.Is(err, bolt.ErrInvalid), errors.Is(err, bolt.ErrVersionMismatch), errors.Is(err, bolt.ErrChecksum):
		return fmt.Errorf("open store %s: not a valid bbolt database (corrupt, or another kind of file): %w", path, err)
	default:
		return fmt.Errorf("open store %s: %w", path, err)
	}
}

// Close releases the file. It is idempotent: later calls return the first call's result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("close store %s: %w", s.path, err)
		}
	})
	return s.closeErr
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Check runs bbolt's consistency check over the whole file and returns every problem found.
func (s *Store) Check() error {
	if err := checkDB(s.db); err != nil {
		return fmt.Errorf("check store %s: %w", s.path, err)
	}
	return nil
}

// checkDB runs tx.Check in a read transaction and joins the errors it reports.
func checkDB(db *bolt.DB) error {
	var errs []error
	err := db.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			errs = append(errs, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return errors.Join(errs...)
}
