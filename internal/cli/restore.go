package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/discord-coordinator/coordinator/store"
)

const restoreSynopsis = `restore [-config FILE] BACKUP

Replaces the store (store.path) with BACKUP, a file written by 'coordinator backup'. BACKUP is
checked first: a damaged file, or one of a newer schema version than this coordinator reads, is
refused. Stop coordinator first, and run restore as its user (the store must stay that user's).
The current store is kept beside it as <store.path>.before-restore-<UTC time>.`

func restoreCmd(_ context.Context, args []string, env Env) int {
	fs := newFlagSet("restore", restoreSynopsis)
	path := fs.String("config", defaultConfigPath, "configuration file (for store.path)")
	if code, done := fs.parseOneArg(args, env, "the backup file"); done {
		return code
	}
	cfg, ok := loadConfig(*path, env)
	if !ok {
		return ExitUsage
	}
	backup := fs.Arg(0)
	info, err := store.Verify(backup)
	if err != nil {
		fmt.Fprintf(env.Stderr, "coordinator restore: %s is not a backup this coordinator can restore: %v\n", backup, err)
		return ExitFailure
	}
	kept, err := restoreStore(cfg.Store.Path, backup, time.Now())
	if err != nil {
		fmt.Fprintf(env.Stderr, "coordinator restore: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(env.Stdout, "restored %s into %s: %s\n", backup, cfg.Store.Path, describeStore(info))
	if kept != "" {
		fmt.Fprintf(env.Stdout, "the previous store is kept as %s\n", kept)
	} else {
		fmt.Fprintln(env.Stdout, "there was no store before")
	}
	return ExitOK
}

// restoreStore puts a copy of backup at storePath. The current store, if any, must not be open
// anywhere; it is kept as storePath.before-restore-<now>, whose path is returned. storePath
// always names a whole file, the old one or the new one.
func restoreStore(storePath, backup string, now time.Time) (kept string, err error) {
	if same, err := sameFile(backup, storePath); err != nil || same {
		if err == nil {
			err = fmt.Errorf("%s is the store itself: nothing to restore", backup)
		}
		return "", err
	}
	dir := filepath.Dir(storePath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create store directory: %w", err)
	}
	switch _, err := os.Stat(storePath); {
	case err == nil:
		// Holding the store's lock proves no coordinator uses it, and keeps one from starting on
		// the old file until the new one is in place. A store too damaged to open is replaced all the same.
		cur, err := store.Open(storePath, store.Options{})
		switch {
		case errors.Is(err, store.ErrInUse):
			return "", fmt.Errorf("%w: stop coordinator first", err)
		case errors.Is(err, fs.ErrPermission):
			return "", err
		case err == nil:
			defer cur.Close()
		}
		kept = storePath + ".before-restore-" + now.UTC().Format("20060102T150405Z")
		if err := keepFile(storePath, kept); err != nil {
			return "", err
		}
	case !errors.Is(err, os.ErrNotExist):
		return "", err
	}
	if err := installCopy(backup, dir, storePath); err != nil {
		return "", err
	}
	return kept, nil
}

// keepFile makes kept a second name of path (a copy when the file system has no hard links).
func keepFile(path, kept string) error {
	if err := os.Link(path, kept); err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(kept, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		_ = dst.Close()
		return fmt.Errorf("keep the current store as %s: %w", kept, err)
	}
	return syncClose(dst)
}

// installCopy copies src to a temporary file in dir, checks the copy, and renames it to dst.
func installCopy(src, dir, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(dir, ".restore-*.db") // mode 0600
	if err != nil {
		return fmt.Errorf("create a file in the store directory: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := io.Copy(tmp, in); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("copy %s to %s: %w", src, tmp.Name(), err)
	}
	if err := syncClose(tmp); err != nil {
		return err
	}
	if _, err := store.Verify(tmp.Name()); err != nil {
		return fmt.Errorf("the copy of %s does not check out, the store is left as it was: %w", src, err)
	}
	return renameSynced(tmp.Name(), dst)
}
