package cli_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/internal/cli"
	"github.com/discord-coordinator/coordinator/store"
	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

const doctorToken = "doctor-cli-token-not-a-secret"

// doctorEnv starts a fake Discord accepting doctorToken and returns the environment that points the doctor at it
// with token.
func doctorEnv(t *testing.T, token string) map[string]string {
	t.Helper()
	srv, err := fakediscord.New(fakediscord.Options{Token: doctorToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return map[string]string{"DISCORD_TOKEN": token, "DISCORD_API_BASE_URL": srv.URL()}
}

// withCommand rewrites the claude.command of the config at path.
func withCommand(t *testing.T, path, command string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	old := "command: " + strconv.Quote(fakeClaude)
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s has no %s", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, "command: "+strconv.Quote(command), 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// doctorLine returns the report line of the check named name.
func doctorLine(out, name string) string {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[1] == name {
			return line
		}
	}
	return ""
}

func TestDoctor(t *testing.T) {
	script := filepath.Join(t.TempDir(), "claude")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho '9.9.9 (Claude Code)'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, cfgPath string) (env map[string]string)
		args  []string
		code  int
		lines map[string]string // check name -> text its line must hold
	}{
		{"all ok", func(t *testing.T, _ string) map[string]string { return doctorEnv(t, doctorToken) }, nil, cli.ExitOK,
			map[string]string{"config": "ok ", "store": "ok ", "claude": "ok ", "discord": "ok ", "project": "ok "}},
		{"bad token", func(t *testing.T, _ string) map[string]string { return doctorEnv(t, "wrong") }, nil, cli.ExitFailure,
			map[string]string{"discord": "FAIL", "claude": "ok "}},
		{"no token", func(*testing.T, string) map[string]string { return nil }, nil, cli.ExitOK,
			map[string]string{"discord": "warn"}},
		{"missing claude", func(t *testing.T, path string) map[string]string {
			withCommand(t, path, filepath.Join(t.TempDir(), "claude"))
			return doctorEnv(t, doctorToken)
		}, nil, cli.ExitFailure, map[string]string{"claude": "FAIL"}},
		{"store in use", func(t *testing.T, path string) map[string]string {
			st, err := store.Open(filepath.Join(filepath.Dir(path), "data", "coordinator.db"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return doctorEnv(t, doctorToken)
		}, nil, cli.ExitOK, map[string]string{"store": "warn"}},
		{"canary", func(t *testing.T, _ string) map[string]string { return doctorEnv(t, doctorToken) }, []string{"--canary"},
			cli.ExitOK, map[string]string{"canary": "ok "}},
		{"other version", func(t *testing.T, path string) map[string]string {
			withCommand(t, path, script)
			return doctorEnv(t, doctorToken)
		}, nil, cli.ExitOK, map[string]string{"claude": "warn"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfgPath := testConfig(t)
			env := tc.setup(t, cfgPath)
			code, out, errOut := run(t, "", env, append([]string{"doctor", "-config", cfgPath}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for name, want := range tc.lines {
				if line := doctorLine(out, name); !strings.HasPrefix(line, want) {
					t.Errorf("line of %q is %q, want it to start with %q\n%s", name, line, want, out)
				}
			}
			if strings.Contains(out+errOut, doctorToken) {
				t.Errorf("the output shows the token:\n%s%s", out, errOut)
			}
		})
	}
}

// The details a person acts on: the refused token, the missing command, the version, the canary's cost.
func TestDoctorDetails(t *testing.T) {
	cfgPath := testConfig(t)
	_, out, _ := run(t, "", doctorEnv(t, "wrong"), "doctor", "-config", cfgPath, "--canary")
	for _, want := range []string{"token refused", "version 2.1.332", "cost $0.0503", "1 failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	withCommand(t, cfgPath, "/nonexistent/claude")
	_, out, _ = run(t, "", nil, "doctor", "-config", cfgPath, "--canary")
	for _, want := range []string{`claude.command "/nonexistent/claude" not found`, "canary", "not run"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDoctorUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"doctor", "--help"}, cli.ExitOK, "Usage: coordinator doctor [-config FILE] [--canary]"},
		{[]string{"doctor", "extra"}, cli.ExitUsage, `unexpected argument "extra"`},
		{[]string{"doctor", "-config", "../config/testdata/bad/many.yaml"}, cli.ExitUsage, "21 problems"},
		{[]string{"doctor", "-config", "/nonexistent/coordinator.yaml"}, cli.ExitUsage, "read config"},
	} {
		code, out, errOut := run(t, "", nil, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d, output:\n%s%s\nwant exit %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
}
