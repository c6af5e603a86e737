package doctor

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// access(2) modes.
const (
	accessExec  = 1
	accessWrite = 2
	accessRead  = 4
)

// errNotDir means a path exists but is not a directory.
var errNotDir = errors.New("not a directory")

// statDir returns nil when dir exists and is a directory.
func statDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: %w", dir, errNotDir)
	}
	return nil
}

// canList reports whether this process may list and enter dir.
func canList(dir string) bool { return syscall.Access(dir, accessRead|accessExec) == nil }

// canWrite reports whether this process may create files in dir.
func canWrite(dir string) bool { return syscall.Access(dir, accessWrite|accessExec) == nil }

// nearestExisting returns path's nearest ancestor that exists (path itself excluded); it may be a file.
func nearestExisting(path string) (string, error) {
	dir := filepath.Dir(path)
	for {
		_, err := os.Stat(dir)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", err
		}
		dir = parent
	}
}
