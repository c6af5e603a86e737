package cli_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/app"
	"github.com/discord-coordinator/coordinator/internal/cli"
	"github.com/discord-coordinator/coordinator/internal/config"
	"github.com/discord-coordinator/coordinator/store"
)

const testChannel = "1300000000000000002"

// storePathOf is the store file of a config written by testConfig (store.path defaults to ./data/coordinator.db).
func storePathOf(cfgPath string) string {
	return filepath.Join(filepath.Dir(cfgPath), "data", "coordinator.db")
}

// putSession stores a session for channel in the (closed) store at path.
func putSession(t *testing.T, path, channel string) {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutSession(store.Session{ChannelID: channel, Project: "demo", ClaudeSessionID: "s-" + channel}); err != nil {
		t.Fatal(err)
	}
}

// sessionsIn returns the channel ids with a session in the (closed) store file at path.
func sessionsIn(t *testing.T, path string) []string {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := st.ListSessions()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range all {
		ids = append(ids, s.ChannelID)
	}
	return ids
}

// staleSocket leaves a socket file at path that nothing listens on, as a daemon killed with
// SIGKILL does.
func staleSocket(t *testing.T, path string) {
	t.Helper()
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestBackupRestoreUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"backup", "--help"}, cli.ExitOK, "Usage: coordinator backup [-config FILE] OUT"},
		{[]string{"backup"}, cli.ExitUsage, "want one argument, the output file, got 0"},
		{[]string{"backup", "-config", "nope.yaml", "out.db"}, cli.ExitUsage, "nope.yaml"},
		{[]string{"restore", "--help"}, cli.ExitOK, "Usage: coordinator restore [-config FILE] BACKUP"},
		{[]string{"restore", "a", "b"}, cli.ExitUsage, "want one argument, the backup file, got 2"},
		{[]string{"--help"}, cli.ExitOK, "restore"},
	} {
		code, out, errOut := run(t, "", nil, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d, output:\n%s%s\nwant exit %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
}

// Without a daemon, backup reads the store file itself, also past a stale admin socket; with the
// file locked by something that does not answer on the socket, it fails and says why.
func TestBackupWithoutDaemon(t *testing.T) {
	cfgPath := testConfig(t)
	dbPath := storePathOf(cfgPath)
	out := filepath.Join(t.TempDir(), "backup.db")

	code, _, errOut := run(t, "", nil, "backup", "-config", cfgPath, out)
	if code != cli.ExitFailure || !strings.Contains(errOut, "no store to back up") {
		t.Fatalf("backup of a missing store: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
		t.Errorf("backup of a missing store created it: %v", err)
	}

	putSession(t, dbPath, testChannel)
	staleSocket(t, app.AdminSocketPath(dbPath))
	code, stdout, errOut := run(t, "", nil, "backup", "-config", cfgPath, out)
	if code != cli.ExitOK {
		t.Fatalf("backup: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"backup written to " + out, "from the store file", "schema version 1", "1 session,"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if got := sessionsIn(t, out); len(got) != 1 || got[0] != testChannel {
		t.Errorf("backup holds sessions %v", got)
	}
	if _, err := os.Stat(out + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("%s.tmp left behind: %v", out, err)
	}

	code, _, errOut = run(t, "", nil, "backup", "-config", cfgPath, dbPath)
	if code != cli.ExitFailure || !strings.Contains(errOut, "is the store itself") {
		t.Errorf("backup onto the store: exit %d\n%s", code, errOut)
	}

	st, err := store.Open(dbPath, store.Options{}) // another command holds the store, no daemon socket
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	code, _, errOut = run(t, "", nil, "backup", "-config", cfgPath, filepath.Join(t.TempDir(), "b2.db"))
	if code != cli.ExitFailure || !strings.Contains(errOut, "in use") || !strings.Contains(errOut, "nothing answers on its admin socket") {
		t.Errorf("backup of a locked store: exit %d\n%s", code, errOut)
	}
}

// outcomes hands the actors' outcomes to the test.
type outcomes chan actors.Outcome

func (o outcomes) Deliver(x actors.Outcome) { o <- x }

// startDaemon starts the daemon in-process on the config at cfgPath and returns it with a stop
// function (also run at cleanup).
func startDaemon(t *testing.T, cfgPath string) (*app.App, outcomes, func()) {
	t.Helper()
	cfg, err := config.Load(cfgPath, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	out := make(outcomes, 16)
	a, err := app.New(cfg, app.Options{Logger: zerolog.New(zerolog.NewTestWriter(t)), Replier: out,
		MetricsListen: "127.0.0.1:0", Environ: []string{"PATH=" + os.Getenv("PATH")}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := a.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	}
	t.Cleanup(stop) // Stop is idempotent
	return a, out, stop
}

// answered submits text to the test channel and waits for its answer.
func answered(t *testing.T, a *app.App, out outcomes, id, text string) {
	t.Helper()
	if err := a.Actors().Submit(actors.Inbound{ChannelID: testChannel, MessageID: id, UserID: "u", Text: text}); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(30 * time.Second)
	for {
		select {
		case o := <-out:
			switch o.Kind {
			case actors.Answered:
				return
			case actors.Queued, actors.Started, actors.Working:
			default:
				t.Fatalf("outcome %+v", o)
			}
		case <-deadline:
			t.Fatal("no answer within 30s")
		}
	}
}

// While the daemon runs, backup copies the store through the admin socket and restore refuses;
// after it stops, restore puts the backup's sessions back and keeps the replaced file.
func TestBackupAndRestoreAroundARunningDaemon(t *testing.T) {
	cfgPath := testConfig(t)
	dbPath := storePathOf(cfgPath)
	sock := app.AdminSocketPath(dbPath)
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		t.Fatal(err)
	}
	staleSocket(t, sock) // left by a daemon that died: the next one replaces it

	a, out, stop := startDaemon(t, cfgPath)
	answered(t, a, out, "m1", "hello")
	if fi, err := os.Stat(sock); err != nil || fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("admin socket %s: %v %v", sock, fi, err)
	}

	backup := filepath.Join(t.TempDir(), "backup.db")
	code, stdout, errOut := run(t, "", nil, "backup", "-config", cfgPath, backup)
	if code != cli.ExitOK || !strings.Contains(stdout, "from the running coordinator") || !strings.Contains(stdout, "1 session,") {
		t.Fatalf("backup while running: exit %d\n%s%s", code, stdout, errOut)
	}
	if got := sessionsIn(t, backup); len(got) != 1 || got[0] != testChannel {
		t.Fatalf("backup holds sessions %v, want [%s]", got, testChannel)
	}

	code, _, errOut = run(t, "", nil, "restore", "-config", cfgPath, backup)
	if code != cli.ExitFailure || !strings.Contains(errOut, "stop coordinator first") {
		t.Fatalf("restore while running: exit %d\n%s", code, errOut)
	}
	stop()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Errorf("admin socket still there after Stop: %v", err)
	}
	if matches, _ := filepath.Glob(dbPath + ".before-restore-*"); len(matches) != 0 {
		t.Errorf("a refused restore kept %v", matches)
	}

	// Lose the session, then restore it from the backup.
	if code, _, errOut := run(t, "", nil, "sessions", "reset", "-config", cfgPath, testChannel); code != cli.ExitOK {
		t.Fatalf("sessions reset: exit %d\n%s", code, errOut)
	}
	code, stdout, errOut = run(t, "", nil, "restore", "-config", cfgPath, backup)
	if code != cli.ExitOK || !strings.Contains(stdout, "restored "+backup) || !strings.Contains(stdout, "previous store is kept as") {
		t.Fatalf("restore: exit %d\n%s%s", code, stdout, errOut)
	}
	if got := sessionsIn(t, dbPath); len(got) != 1 || got[0] != testChannel {
		t.Errorf("restored store holds sessions %v, want [%s]", got, testChannel)
	}
	kept, _ := filepath.Glob(dbPath + ".before-restore-*")
	if len(kept) != 1 {
		t.Fatalf("kept files %v, want one", kept)
	}
	if got := sessionsIn(t, kept[0]); len(got) != 0 {
		t.Errorf("the kept file should be the store as it was (no sessions), has %v", got)
	}
	if fi, err := os.Stat(dbPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("restored store: %v %v, want mode 0600", fi, err)
	}
	if tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(dbPath), ".restore-*")); len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}

// A file that is not a good store is refused before anything is touched.
func TestRestoreRefusesACorruptBackup(t *testing.T) {
	cfgPath := testConfig(t)
	dbPath := storePathOf(cfgPath)
	putSession(t, dbPath, testChannel)
	good := filepath.Join(t.TempDir(), "good.db")
	if code, _, errOut := run(t, "", nil, "backup", "-config", cfgPath, good); code != cli.ExitOK {
		t.Fatalf("backup: exit %d\n%s", code, errOut)
	}
	before, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"garbage.db":   bytes.Repeat([]byte("not a store "), 1000),
		"truncated.db": raw[:len(raw)/2],
		"empty.db":     nil,
	} {
		bad := filepath.Join(dir, name)
		if err := os.WriteFile(bad, data, 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, errOut := run(t, "", nil, "restore", "-config", cfgPath, bad)
		if code != cli.ExitFailure || !strings.Contains(errOut, "is not a backup this coordinator can restore") {
			t.Errorf("restore %s: exit %d\n%s", name, code, errOut)
		}
	}
	after, err := os.ReadFile(dbPath)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the store changed after refused restores (%v)", err)
	}
	if matches, _ := filepath.Glob(dbPath + ".before-restore-*"); len(matches) != 0 {
		t.Errorf("refused restores kept %v", matches)
	}
}
