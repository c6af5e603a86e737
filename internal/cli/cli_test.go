package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/internal/cli"
	"github.com/discord-coordinator/coordinator/store"
)

// run executes the command line with stdin and the given environment variables.
func run(t *testing.T, stdin string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code = cli.Run(ctx, args, e)
	return code, out.String(), errOut.String()
}

// testConfig writes a valid config using the fake CLI and returns its path.
func testConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "project"), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	yaml := fmt.Sprintf(`
claude:
  command: %q
  env: {HOME: %q}
metrics: {listen: ""}
log: {level: error}
access: {allowed_users: ["1300000000000000009"]}
projects:
  - name: demo
    channels: ["1300000000000000002"]
    dir: ./project
`, fakeClaude, home)
	path := filepath.Join(dir, "coordinator.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckConfigExplainsTheExample(t *testing.T) {
	code, out, errOut := run(t, "", nil, "check-config", "-config", "../../coordinator.example.yaml")
	if code != cli.ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"coordinator.example.yaml: valid", "demo", "1300000000000000002",
		"DISCORD_TOKEN is not set"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = run(t, "", map[string]string{"DISCORD_TOKEN": "Bot secret-token-value"}, "check-config", "-config", "../../coordinator.example.yaml")
	if strings.Contains(out, "secret-token-value") || !strings.Contains(out, "token set") {
		t.Errorf("with a token set the output must say so without showing it:\n%s", out)
	}
}

func TestCheckConfigNamesEveryBadField(t *testing.T) {
	code, out, errOut := run(t, "", nil, "check-config", "-config", "../config/testdata/bad/many.yaml")
	if code != cli.ExitUsage {
		t.Fatalf("exit %d, want %d", code, cli.ExitUsage)
	}
	if out != "" {
		t.Errorf("stdout should be empty, got:\n%s", out)
	}
	for _, want := range []string{"21 problems", "claude.timeout (line 28)", "projects[0].permission_mode (line 46)",
		"projects[2].channels[0] (line 52): channel 1300000000000000002 is mapped twice", "projects[0].dir (line 45)",
		"access (line 40): no one may use the bot"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, cli.ExitUsage, "Commands:"},
		{[]string{"--help"}, cli.ExitOK, "Commands:"},
		{[]string{"nope"}, cli.ExitUsage, `unknown command "nope"`},
		{[]string{"check-config", "--help"}, cli.ExitOK, "Usage: coordinator check-config"},
		{[]string{"check-config", "-bogus"}, cli.ExitUsage, "flag provided but not defined"},
		{[]string{"sessions", "--help"}, cli.ExitOK, "Usage: coordinator sessions"},
		{[]string{"sessions"}, cli.ExitUsage, "missing action"},
		{[]string{"sessions", "drop"}, cli.ExitUsage, `unknown action "drop"`},
		{[]string{"sessions", "show"}, cli.ExitUsage, "show takes 1 argument"},
		{[]string{"chat", "--help"}, cli.ExitOK, "Usage: coordinator chat"},
		{[]string{"chat"}, cli.ExitUsage, "-channel is required"},
	} {
		code, out, errOut := run(t, "", nil, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d, output:\n%s%s\nwant exit %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
}

func TestSessionsListShowReset(t *testing.T) {
	cfgPath := testConfig(t)
	dbPath := filepath.Join(filepath.Dir(cfgPath), "data", "coordinator.db")
	st, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sess := store.Session{ChannelID: "1300000000000000002", Project: "demo",
		ClaudeSessionID: "6f0c3c1e-0d7e-4c51-9a55-3b1f8f3b2a10", Turns: 3, TotalCostUSD: 0.25, LastUserName: "ann"}
	if err := st.PutSession(sess); err != nil {
		t.Fatal(err)
	}
	if err := st.AppendRun(store.Run{ChannelID: sess.ChannelID, MessageID: "111", UserID: "9", Start: time.Now(),
		Duration: 2 * time.Second, Outcome: "crash", ErrorID: "E-abcdefgh"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := run(t, "", nil, "sessions", "list", "-config", cfgPath)
	if code != cli.ExitOK || !strings.Contains(out, sess.ClaudeSessionID) || !strings.Contains(out, "$0.2500") {
		t.Fatalf("list: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "", nil, "sessions", "show", "-config", cfgPath, sess.ChannelID)
	if code != cli.ExitOK || !strings.Contains(out, "ann") || !strings.Contains(out, "E-abcdefgh") || !strings.Contains(out, "crash") {
		t.Fatalf("show: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "", nil, "sessions", "reset", "-config", cfgPath, sess.ChannelID)
	if code != cli.ExitOK || !strings.Contains(out, "reset") {
		t.Fatalf("reset: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = run(t, "", nil, "sessions", "show", "-config", cfgPath, sess.ChannelID)
	if code != cli.ExitFailure || !strings.Contains(errOut, "no session for channel") {
		t.Fatalf("show after reset: exit %d\n%s", code, errOut)
	}
	code, out, _ = run(t, "", nil, "sessions", "list", "-config", cfgPath)
	if code != cli.ExitOK || !strings.Contains(out, "no sessions") {
		t.Fatalf("list after reset: exit %d\n%s", code, out)
	}
}

// chat runs messages through the same actors, runner and store as the bot, and prints each outcome.
func TestChatRunsMessagesThroughTheActors(t *testing.T) {
	cfgPath := testConfig(t)
	code, out, errOut := run(t, "hello\n\nfake:exit=1\nworld fake:tools=2,0s\n", nil, "chat", "-config", cfgPath, "-channel", "1300000000000000002")
	if code != cli.ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"[local-1] answer", "echo: hello", "[local-2] failed (error id E-", "Claude exited unexpectedly",
		"[local-3] tool 1: Bash echo step 1\n[local-3] tool 2: Bash echo step 2\n", "[local-3] answer", "echo: world"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The session was stored: a second chat resumes it.
	_, out, _ = run(t, "again\n", nil, "chat", "-config", cfgPath, "-channel", "1300000000000000002")
	if !strings.Contains(out, "resuming the channel's session") {
		t.Errorf("second chat did not resume the session:\n%s", out)
	}
	code, _, errOut = run(t, "x\n", nil, "chat", "-config", cfgPath, "-channel", "1300000000000000003")
	if code != cli.ExitUsage || !strings.Contains(errOut, "not in any project") {
		t.Errorf("unmapped channel: exit %d\n%s", code, errOut)
	}
}
