package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/discord-coordinator/coordinator/internal/app"
	"github.com/discord-coordinator/coordinator/store"
)

const backupSynopsis = `backup [-config FILE] OUT

Writes a consistent copy of the store (store.path: sessions, run log, journal) to OUT and checks
it. While coordinator runs (run or chat), the copy comes from it through its admin socket
(admin.sock beside the store file): run backup as the same user. Otherwise the store file is read
directly. The copy goes to OUT.tmp and replaces OUT only once it is complete and checked.
The Claude transcripts the sessions resume (~/.claude/projects) are not in the store: back them up too.`

// adminHeaderTimeout bounds the wait for the daemon's answer to GET /backup (not the copy itself).
const adminHeaderTimeout = 30 * time.Second

// errNoDaemon means no daemon listens on the admin socket: there is no socket file, or a stale one.
var errNoDaemon = errors.New("no coordinator answers on the admin socket")

func backupCmd(ctx context.Context, args []string, env Env) int {
	fs := newFlagSet("backup", backupSynopsis)
	path := fs.String("config", defaultConfigPath, "configuration file (for store.path)")
	if code, done := fs.parseOneArg(args, env, "the output file"); done {
		return code
	}
	cfg, ok := loadConfig(*path, env)
	if !ok {
		return ExitUsage
	}
	out := fs.Arg(0)
	info, source, err := backupStore(ctx, cfg.Store.Path, out)
	if err != nil {
		fmt.Fprintf(env.Stderr, "coordinator backup: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(env.Stdout, "backup written to %s (%s): %s\n", out, source, describeStore(info))
	return ExitOK
}

// backupStore copies the store at storePath into out through out.tmp, verifies the copy, and
// renames it into place. It returns what Verify found and where the copy came from.
func backupStore(ctx context.Context, storePath, out string) (store.Info, string, error) {
	if same, err := sameFile(out, storePath); err != nil || same {
		if err == nil {
			err = fmt.Errorf("%s is the store itself: choose another file", out)
		}
		return store.Info{}, "", err
	}
	tmp := out + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return store.Info{}, "", fmt.Errorf("create %s: %w", tmp, err)
	}
	source, err := copyStore(ctx, storePath, f)
	if err == nil {
		err = syncClose(f)
	} else {
		_ = f.Close()
	}
	var info store.Info
	if err == nil {
		if info, err = store.Verify(tmp); err != nil {
			err = fmt.Errorf("the copy does not check out, %s is left as it was: %w", out, err)
		}
	}
	if err == nil {
		err = renameSynced(tmp, out)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return store.Info{}, "", err
	}
	info.Path = out
	return info, source, nil
}

// copyStore writes a copy of the store at storePath to w: from the daemon when its admin socket
// answers, else from the file. It returns where the copy came from.
func copyStore(ctx context.Context, storePath string, w io.Writer) (string, error) {
	sock := app.AdminSocketPath(storePath)
	err := fetchBackup(ctx, sock, w)
	if err == nil {
		return "from the running coordinator", nil
	}
	if !errors.Is(err, errNoDaemon) {
		return "", err
	}
	if _, err := os.Stat(storePath); err != nil {
		return "", fmt.Errorf("no store to back up: %w", err)
	}
	st, err := store.Open(storePath, store.Options{})
	if errors.Is(err, store.ErrInUse) {
		return "", fmt.Errorf("%w, and nothing answers on its admin socket %s: stop the other coordinator command, "+
			"or restart a `coordinator run` that predates `coordinator backup`", err, sock)
	}
	if err != nil {
		return "", err
	}
	_, err = st.Backup(w)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return "from the store file; no coordinator was running", nil
}

// fetchBackup streams GET /backup from the daemon on the unix socket sock into w. It returns an
// error wrapping errNoDaemon, having written nothing, when no daemon listens there.
func fetchBackup(ctx context.Context, sock string, w io.Writer) error {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		},
		DisableKeepAlives:     true,
		ResponseHeaderTimeout: adminHeaderTimeout,
	}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://coordinator/backup", nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("%w %s: %w", errNoDaemon, sock, err)
	}
	if err != nil {
		return fmt.Errorf("ask the running coordinator for a backup on %s: %w", sock, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("the running coordinator answered %s: %s", resp.Status, msg)
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("copy the backup from the running coordinator: %w", err)
	}
	return nil
}

// describeStore is the one-line summary of a verified store file.
func describeStore(i store.Info) string {
	return fmt.Sprintf("%d bytes, schema version %d, %s, %s (%s), %s", i.Size, i.SchemaVersion,
		plural(i.Sessions, "session", "sessions"), plural(i.ChannelsWithRuns, "channel with runs", "channels with runs"),
		plural(i.Runs, "run", "runs"), plural(i.JournalEntries, "journal entry", "journal entries"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// sameFile reports whether a and b name the same existing file (false when either is missing).
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// syncClose flushes f to disk and closes it.
func syncClose(f *os.File) error {
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return nil
}

// renameSynced renames from to to and flushes their directory, so the rename survives a crash.
func renameSynced(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(to))
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync directory of %s: %w", to, err)
	}
	return nil
}
