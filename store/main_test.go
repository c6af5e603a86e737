package store

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"go.uber.org/goleak"
)

// holdEnv, when set, turns the test binary into a child process that holds the store at that
// path open until its stdin closes (see TestOpenInUseByOtherProcess).
const holdEnv = "STORE_TEST_HOLD_PATH"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdEnv); path != "" {
		os.Exit(holdStore(path))
	}
	goleak.VerifyTestMain(m)
}

// holdStore opens the store at path, prints "locked", and closes it when stdin reaches EOF.
func holdStore(path string) int {
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("locked")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // returns at EOF
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// openTestStore opens a fresh store in a temporary directory. Cleanup closes it, reopens the file
// read-only and fails the test if bbolt's consistency check finds a problem.
func openTestStore(tb testing.TB, opts Options) *Store {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "state", "coordinator.db")
	s, err := Open(path, opts)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
		mustCheckFile(tb, path)
	})
	return s
}

// mustCheckFile opens a closed store file read-only and runs bbolt's consistency check on it.
func mustCheckFile(tb testing.TB, path string) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		tb.Errorf("reopen %s read-only: %v", path, err)
		return
	}
	defer db.Close()
	if err := checkDB(db); err != nil {
		tb.Errorf("consistency check of %s: %v", path, err)
	}
}

// mustReopen closes s and opens its file again with opts, closing the new store at cleanup.
func mustReopen(tb testing.TB, s *Store, opts Options) *Store {
	tb.Helper()
	if err := s.Close(); err != nil {
		tb.Fatalf("Close: %v", err)
	}
	s2, err := Open(s.Path(), opts)
	if err != nil {
		tb.Fatalf("reopen: %v", err)
	}
	tb.Cleanup(func() { _ = s2.Close() })
	return s2
}

// fixedClock returns a clock that always reads t.
func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }
