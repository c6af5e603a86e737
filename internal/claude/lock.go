package claude

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// errLocked reports a session lock held by another process.
var errLocked = errors.New("session is locked by another process")

// lockSession takes an exclusive, non-blocking flock on dir/<id>.lock and returns the lock file
// and its release. The lock belongs to the open file: passed to the CLI (as an extra file), it
// lives as long as either process, so a CLI orphaned by a crash of the daemon still holds it; it
// never outlives both.
func lockSession(dir, id string) (lock *os.File, release func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("create session lock dir %s: %w", dir, err)
	}
	path := filepath.Join(dir, id+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open session lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, nil, fmt.Errorf("session %s (%s): %w", id, path, errLocked)
		}
		return nil, nil, fmt.Errorf("lock session %s: %w", path, err)
	}
	return f, func() { f.Close() }, nil // the lock goes with the last open copy of the file
}
