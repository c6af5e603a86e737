package claude

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		out, want string
		ok        bool
	}{
		{"2.1.332 (Claude Code)\n", "2.1.332", true},
		{"  v1.0.0\n", "1.0.0", true},
		{"2.1.0-beta.1 (Claude Code)", "2.1.0-beta.1", true},
		{"10.20", "10.20", true},
		{"Claude Code 2.1.332", "", false},
		{"", "", false},
		{"2 (Claude Code)", "", false},
	} {
		got, ok := ParseVersion(tc.out)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseVersion(%q) = %q, %v; want %q, %v", tc.out, got, ok, tc.want, tc.ok)
		}
	}
}

// The fake mimics the tested CLI, so its version is TestedVersion; other CLIs are run with the turn's environment.
func TestVersion(t *testing.T) {
	for _, tc := range []struct {
		name    string
		command string // "" means the fake
		want    string
		errHas  string
	}{
		{"fake", "", TestedVersion, ""},
		{"other version", writeScript(t, `echo "9.9.9 (Claude Code)"`), "9.9.9", ""},
		{"no token in env", writeScript(t, `[ -z "$DISCORD_TOKEN" ] || exit 3; echo "$TMPDIR" | grep -q claude-version- || exit 4; echo 1.2.3`), "1.2.3", ""},
		{"fails", writeScript(t, `echo "broken install" >&2; exit 1`), "", "broken install"},
		{"garbage", writeScript(t, `echo hello`), "", `printed "hello"`},
		{"missing", "/nonexistent/claude", "", "find claude command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(o *Options) {
				if tc.command != "" {
					o.Command = tc.command
				}
				o.Environ = append(o.Environ, "DISCORD_TOKEN=secret")
				o.PassEnv = []string{"DISCORD_TOKEN"}
			})
			got, err := h.runner.Version(context.Background())
			if got != tc.want {
				t.Errorf("Version() = %q, want %q (err %v)", got, tc.want, err)
			}
			if tc.errHas == "" && err != nil || tc.errHas != "" && (err == nil || !strings.Contains(err.Error(), tc.errHas)) {
				t.Errorf("Version() error = %v, want one containing %q", err, tc.errHas)
			}
		})
	}
}

// A CLI that hangs on --version is stopped by the Runner's Timeout, with its process group.
func TestVersionTimeout(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Command = writeScript(t, `sleep 30 & wait`)
		o.Timeout = 200 * time.Millisecond
	})
	start := time.Now()
	_, err := h.runner.Version(context.Background())
	if err == nil || !strings.Contains(err.Error(), context.DeadlineExceeded.Error()) {
		t.Errorf("Version() error = %v, want a deadline error", err)
	}
	if d := time.Since(start); d > hangDeadline/2 {
		t.Errorf("Version() took %s", d)
	}
}
