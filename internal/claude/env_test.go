package claude

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestChildEnv(t *testing.T) {
	t.Parallel()
	environ := []string{
		"PATH=/bin", "HOME=/h", "USER=u", "LOGNAME=u", "SHELL=/bin/sh", "LANG=C.UTF-8", "LANGUAGE=en",
		"LC_ALL=C", "LC_TIME=C", "TZ=UTC", "TERM=dumb", "TERM=xterm", // the later duplicate wins
		"DISCORD_TOKEN=secret", "discord_token=secret", "DISCORD_APP=x", "AWS_SECRET_ACCESS_KEY=secret",
		"ANTHROPIC_API_KEY=k", "TMPDIR=/daemon/tmp", "NOEQUALS", "=novalue",
	}
	pass := []string{"ANTHROPIC_API_KEY", "DISCORD_TOKEN", "MISSING"}
	env := map[string]string{"EXTRA": "1", "DISCORD_TOKEN": "secret", "TMPDIR": "/bogus", "BAD=NAME": "x", "PATH": "/override"}
	got := childEnv(environ, pass, env, "/run/tmp")
	want := []string{
		"ANTHROPIC_API_KEY=k", "EXTRA=1", "HOME=/h", "LANG=C.UTF-8", "LANGUAGE=en", "LC_ALL=C", "LC_TIME=C",
		"LOGNAME=u", "PATH=/override", "SHELL=/bin/sh", "TERM=xterm", "TMPDIR=/run/tmp", "TZ=UTC", "USER=u",
	}
	if !slices.Equal(got, want) {
		t.Errorf("childEnv =\n%q\nwant\n%q", got, want)
	}
}

// TestRunChildEnvironment reads the environment the CLI really got (fake:env and the log).
func TestRunChildEnvironment(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	h := newHarness(t, func(o *Options) {
		o.Environ = []string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + home, "LC_ALL=C", "TZ=UTC",
			"DISCORD_TOKEN=very-secret-token", "FOO=bar", "ANTHROPIC_API_KEY=sk-test",
		}
		o.PassEnv = []string{"ANTHROPIC_API_KEY", "DISCORD_TOKEN"}
		o.Env["DISCORD_TOKEN"] = "very-secret-token"
		o.Env["CLAUDE_CODE_MAX_RETRIES"] = "0"
		o.Env["TMPDIR"] = "/bogus"
	})
	res := h.run(t.Context(), Request{Prompt: "fake:env"})
	if res.Outcome != OutcomeOK {
		t.Fatalf("outcome %s (%v), want ok", res.Outcome, res.Err)
	}
	if strings.Contains(res.Text, "very-secret-token") {
		t.Fatal("the Discord token reached the child")
	}
	vars := map[string]string{}
	var names []string
	for _, line := range strings.Split(res.Text, "\n") {
		name, val, _ := strings.Cut(line, "=")
		vars[name] = val
		names = append(names, name)
	}
	want := []string{"ANTHROPIC_API_KEY", "CLAUDE_CODE_MAX_RETRIES", "FAKECLAUDE_LOG", "HOME", "LC_ALL", "PATH", "TMPDIR", "TZ"}
	if !slices.Equal(names, want) {
		t.Errorf("child env names %q, want %q", names, want)
	}
	if vars["ANTHROPIC_API_KEY"] != "sk-test" || vars["HOME"] != home {
		t.Errorf("ANTHROPIC_API_KEY=%q HOME=%q, want the daemon's values", vars["ANTHROPIC_API_KEY"], vars["HOME"])
	}
	if filepath.Dir(vars["TMPDIR"]) != h.tempRoot {
		t.Errorf("TMPDIR=%q, want a directory under %s", vars["TMPDIR"], h.tempRoot)
	}
	if inv := h.onlyInvocation(); !slices.Equal(inv.EnvNames, want) || inv.TmpDir != vars["TMPDIR"] {
		t.Errorf("logged env names %q tmpdir %q, want %q and %q", inv.EnvNames, inv.TmpDir, want, vars["TMPDIR"])
	}
}

// TestRunTmpDirLifecycle: every run gets a fresh TMPDIR that exists while the CLI runs and is
// gone afterwards with whatever was left in it (the fake leaves claude-<uid>/fswatch-probe-*;
// the test adds a read-only directory with a file).
func TestRunTmpDirLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	var seen []string
	for range 2 {
		var during, litter []string
		res := h.run(t.Context(), Request{Prompt: "hello", OnEvent: func(e Event) {
			if e.Subtype != "init" {
				return
			}
			dirs, _ := filepath.Glob(filepath.Join(h.tempRoot, "claude-run-*"))
			during = dirs
			if len(dirs) == 1 {
				litter, _ = filepath.Glob(filepath.Join(dirs[0], "claude-*", "fswatch-probe-*"))
				ro := filepath.Join(dirs[0], "readonly")
				if err := os.Mkdir(ro, 0o700); err == nil {
					_ = os.WriteFile(filepath.Join(ro, "f"), []byte("x"), 0o600)
					_ = os.Chmod(ro, 0o500)
				}
			}
		}})
		if res.Outcome != OutcomeOK {
			t.Fatalf("outcome %s (%v), want ok", res.Outcome, res.Err)
		}
		if len(during) != 1 {
			t.Fatalf("run dirs under TempRoot while running: %q, want exactly one", during)
		}
		if len(litter) != 1 {
			t.Errorf("fake litter in TMPDIR while running: %q, want one fswatch-probe dir", litter)
		}
		if _, err := os.Stat(during[0]); !os.IsNotExist(err) {
			t.Errorf("TMPDIR %s still exists after Run (stat err %v)", during[0], err)
		}
		seen = append(seen, during[0])
	}
	if seen[0] == seen[1] {
		t.Errorf("both runs used TMPDIR %s, want a fresh one per run", seen[0])
	}
	for _, inv := range h.invocations() {
		if !slices.Contains(seen, inv.TmpDir) {
			t.Errorf("fake saw TMPDIR %q, want one of %q", inv.TmpDir, seen)
		}
	}
}
