package doctor_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/internal/doctor"
	"github.com/discord-coordinator/coordinator/store"
)

// A working installation: every check is ok, and the token never shows.
func TestRunAllOK(t *testing.T) {
	srv := fakeDiscord(t)
	w := newWorld(t, "", "", map[string]string{"DISCORD_TOKEN": token, "DISCORD_API_BASE_URL": srv.URL()})
	mustCreateStore(t, w.cfg.Store.Path, nil)
	r := w.run(true)
	out := text(r)
	if r.Failed() {
		t.Fatalf("report failed:\n%s", out)
	}
	for _, c := range r.Checks {
		if c.Status != doctor.StatusOK {
			t.Errorf("%s: %s (%s), want ok", c.Name, c.Status, c.Detail)
		}
	}
	expect(t, r, "config", doctor.StatusOK, "1 project(s)")
	expect(t, r, "store", doctor.StatusOK, "consistency check passed")
	expect(t, r, "project demo", doctor.StatusOK, w.project)
	expect(t, r, "claude", doctor.StatusOK, "version "+claude.TestedVersion)
	expect(t, r, "discord", doctor.StatusOK, "bot coordinator")
	expect(t, r, "canary", doctor.StatusOK, "echo: "+doctor.CanaryPrompt, "cost $0.05", "session ")
	if strings.Contains(out, token) {
		t.Errorf("the report shows the token:\n%s", out)
	}
	if !strings.HasSuffix(out, "\n6 ok, 0 warning(s), 0 failed\n") {
		t.Errorf("summary line wrong:\n%s", out)
	}
	var me int
	for _, req := range srv.Requests() {
		if req.Route == "GET /users/@me" {
			me++
		}
	}
	if me != 1 {
		t.Errorf("fake Discord got %d GET users/@me, want 1: %v", me, srv.Requests())
	}
}

// mustCreateStore creates a store file at path holding the /add-project mappings.
func mustCreateStore(t *testing.T, path string, added []store.ChannelProject) {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range added {
		if err := st.PutChannelProject(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestStore(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(t *testing.T, path string) // makes the store path what the case needs
		status doctor.Status
		want   string
	}{
		{"missing is not created", func(*testing.T, string) {}, doctor.StatusOK, "does not exist yet"},
		{"missing under a file", func(t *testing.T, path string) {
			mustWrite(t, filepath.Dir(path), "")
		}, doctor.StatusFail, "is not a directory"},
		{"valid", func(t *testing.T, path string) { mustCreateStore(t, path, nil) }, doctor.StatusOK, "consistency check passed"},
		{"in use", func(t *testing.T, path string) {
			st, err := store.Open(path, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
		}, doctor.StatusWarn, "locked by another process"},
		{"not a database", func(t *testing.T, path string) {
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			mustWrite(t, path, strings.Repeat("not bbolt ", 1000))
		}, doctor.StatusFail, "not a valid bbolt database"},
		{"a directory", func(t *testing.T, path string) {
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}, doctor.StatusFail, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "", "", nil)
			path := w.cfg.Store.Path
			tc.setup(t, path)
			before, beforeErr := os.Stat(path)
			r := w.run(false)
			expect(t, r, "store", tc.status, tc.want)
			if r.Failed() != (tc.status == doctor.StatusFail) {
				t.Errorf("Failed() = %v:\n%s", r.Failed(), text(r))
			}
			after, afterErr := os.Stat(path)
			if os.IsNotExist(beforeErr) != os.IsNotExist(afterErr) || beforeErr == nil && before.Size() != after.Size() {
				t.Errorf("the doctor changed the store path: before %v %v, after %v %v", before, beforeErr, after, afterErr)
			}
		})
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Project dirs are checked as they are now, not as they were when the config was loaded; /add-project mappings and
// roots are checked too.
func TestDirs(t *testing.T) {
	root := t.TempDir()
	w := newWorld(t, "", "dynamic_projects: {roots: ["+root+"]}", nil)
	added := filepath.Join(root, "added")
	if err := os.Mkdir(added, 0o755); err != nil {
		t.Fatal(err)
	}
	mustCreateStore(t, w.cfg.Store.Path, []store.ChannelProject{
		{ChannelID: "1300000000000000003", Name: "added", Dir: added},
		{ChannelID: "1300000000000000004", Name: "gone", Dir: filepath.Join(root, "gone")},
	})
	r := w.run(false)
	expect(t, r, "project demo", doctor.StatusOK, w.project)
	expect(t, r, "project added", doctor.StatusOK, added, "channel 1300000000000000003")
	expect(t, r, "project gone", doctor.StatusFail, "gone does not exist", "channel 1300000000000000004")
	expect(t, r, "add-project root", doctor.StatusOK, root)

	if err := os.RemoveAll(w.project); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, w.project, "a file now")
	if err := os.RemoveAll(root); err != nil {
		t.Fatal(err)
	}
	r = w.run(false)
	expect(t, r, "project demo", doctor.StatusFail, "is not a directory")
	expect(t, r, "add-project root", doctor.StatusFail, "does not exist")
}

// A directory Claude cannot write in is a warning; one it cannot list fails. Root may do both, so the test needs
// another user.
func TestDirPermissions(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read and write any directory")
	}
	w := newWorld(t, "", "", nil)
	for _, tc := range []struct {
		mode   os.FileMode
		status doctor.Status
		want   string
	}{
		{0o555, doctor.StatusWarn, "read-only"},
		{0o311, doctor.StatusFail, "not readable"},
	} {
		if err := os.Chmod(w.project, tc.mode); err != nil {
			t.Fatal(err)
		}
		expect(t, w.run(false), "project demo", tc.status, tc.want)
	}
	if err := os.Chmod(w.project, 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestClaude(t *testing.T) {
	for _, tc := range []struct {
		name    string
		command string
		status  doctor.Status
		wants   []string
		canary  string // the canary's detail
	}{
		{"tested version", fakeClaude, doctor.StatusOK, []string{"version " + claude.TestedVersion}, "answered"},
		{"other version", writeScript(t, `echo "9.9.9 (Claude Code)"`), doctor.StatusWarn,
			[]string{"version 9.9.9", "tested with " + claude.TestedVersion}, "outcome"},
		{"missing", "/nonexistent/claude", doctor.StatusFail, []string{`"/nonexistent/claude" not found`}, "not run"},
		{"broken", writeScript(t, `echo "cannot start" >&2; exit 2`), doctor.StatusFail, []string{"cannot start"}, "outcome"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newWorld(t, tc.command, "", nil).run(true)
			expect(t, r, "claude", tc.status, tc.wants...)
			c, _ := r.Find("canary")
			if !strings.Contains(c.Detail, tc.canary) {
				t.Errorf("canary detail %q lacks %q", c.Detail, tc.canary)
			}
		})
	}
}

func TestCanary(t *testing.T) {
	for _, tc := range []struct {
		name       string
		directives string
		status     doctor.Status
		wants      []string
	}{
		{"ok", "fake:cost=0.0123", doctor.StatusOK, []string{"cost $0.0123", "session "}},
		{"crash", "fake:exit=1", doctor.StatusFail, []string{"outcome crash"}},
		{"api error", "fake:api-error=401", doctor.StatusFail, []string{"outcome api_error"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "", "", nil)
			w.cfg.Claude.Env["FAKECLAUDE_DIRECTIVES"] = tc.directives
			r := w.run(true)
			expect(t, r, "canary", tc.status, tc.wants...)
		})
	}
}

func TestDiscord(t *testing.T) {
	srv := fakeDiscord(t)
	closed := fakeDiscord(t)
	closed.Close()
	for _, tc := range []struct {
		name   string
		env    map[string]string
		status doctor.Status
		want   string
	}{
		{"no token", nil, doctor.StatusWarn, "DISCORD_TOKEN is not set"},
		{"accepted", map[string]string{"DISCORD_TOKEN": token, "DISCORD_API_BASE_URL": srv.URL()}, doctor.StatusOK,
			"token accepted by " + srv.URL()},
		{"refused", map[string]string{"DISCORD_TOKEN": "wrong-" + token, "DISCORD_API_BASE_URL": srv.URL()}, doctor.StatusFail,
			"token refused (401)"},
		{"unreachable", map[string]string{"DISCORD_TOKEN": token, "DISCORD_API_BASE_URL": closed.URL()}, doctor.StatusFail,
			"GET users/@me at " + closed.URL()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newWorld(t, "", "", tc.env).run(false)
			expect(t, r, "discord", tc.status, tc.want)
			if out := text(r); strings.Contains(out, token) {
				t.Errorf("the report shows the token:\n%s", out)
			}
		})
	}
}

// A cancelled context makes the checks that wait on something fail, quickly.
func TestRunCancelled(t *testing.T) {
	srv := fakeDiscord(t)
	w := newWorld(t, "", "", map[string]string{"DISCORD_TOKEN": token, "DISCORD_API_BASE_URL": srv.URL()})
	ctx, cancel := contextCancelled()
	defer cancel()
	start := time.Now()
	r := doctor.Run(ctx, w.cfg, doctor.Options{Canary: true, TempRoot: w.tmp})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Run took %s with a cancelled context", d)
	}
	for _, name := range []string{"claude", "discord", "canary"} {
		expect(t, r, name, doctor.StatusFail)
	}
}
