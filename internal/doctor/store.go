package doctor

import (
	"errors"
	"os"
	"syscall"
	"time"

	"github.com/discord-coordinator/coordinator/store"
)

// checkStore checks the store file at path: a missing file must be creatable, an existing one must open and pass
// bbolt's consistency check. A file locked by a running daemon is a warning. It returns the run-time projects
// (/add-project) the store holds, nil when it could not read them.
func checkStore(r *Report, path string, timeout time.Duration) []store.ChannelProject {
	const name = "store"
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		checkNewStore(r, path)
		return nil
	case err != nil:
		r.add(name, StatusFail, "%v", err)
		return nil
	case info.IsDir():
		r.add(name, StatusFail, "%s is a directory: store.path must name a file", path)
		return nil
	}

	st, err := store.Open(path, store.Options{Timeout: timeout})
	if errors.Is(err, store.ErrInUse) {
		r.add(name, StatusWarn, "%s is locked by another process (a running coordinator?): not checked, "+
			"nor the /add-project directories it holds", path)
		return nil
	}
	if err != nil {
		r.add(name, StatusFail, "%v", err)
		return nil
	}
	defer st.Close()
	if err := st.Check(); err != nil {
		r.add(name, StatusFail, "%v", err)
		return nil
	}
	added, err := st.ListChannelProjects()
	if err != nil {
		r.add(name, StatusFail, "%v", err)
		return nil
	}
	if err := st.Close(); err != nil {
		r.add(name, StatusFail, "%v", err)
		return nil
	}
	r.add(name, StatusOK, "%s: opened, consistency check passed, %d /add-project mapping(s)", path, len(added))
	return added
}

// checkNewStore checks that the missing store file at path can be created, without creating it.
func checkNewStore(r *Report, path string) {
	dir, err := nearestExisting(path)
	switch {
	case err != nil:
		r.add("store", StatusFail, "%s does not exist and cannot be created: %v", path, err)
	case statDir(dir) != nil:
		r.add("store", StatusFail, "%s does not exist and cannot be created: %s is not a directory", path, dir)
	case !canWrite(dir):
		r.add("store", StatusFail, "%s does not exist and cannot be created: %s is not writable", path, dir)
	default:
		r.add("store", StatusOK, "%s does not exist yet: coordinator run will create it", path)
	}
}
