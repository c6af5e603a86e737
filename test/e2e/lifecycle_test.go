package e2e

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// SIGTERM while a run outlives the grace: the daemon exits 0, the asker is told, no child is left.
func TestSigtermStopsCleanly(t *testing.T) {
	d := startDaemon(t, setup{args: []string{"-grace", "300ms"}})
	m := d.mention(chanA, alice, "fake:hang fake:grandchild")
	d.until("the run to start", func() bool {
		for _, r := range d.discord.Reactions(chanA, m.ID) {
			if r == "👀" {
				return true
			}
		}
		return false
	})
	d.until("the fake CLI to log its start", func() bool { return len(d.invocations()) == 1 })
	if code := d.stop(); code != 0 {
		t.Fatalf("exit code %d after SIGTERM, want 0", code)
	}
	d.noProcessLeft()
	rep := d.replies(chanA, m.ID)
	if len(rep) != 1 || !strings.Contains(rep[0].Content, "interrupted") {
		t.Errorf("the asker was not told the run was interrupted: %+v", rep)
	}
	if !strings.Contains(d.log.String(), "coordinator stopped") {
		t.Error("no clean-stop log line")
	}
}

// SIGTERM lets the running turn finish within the grace; the message waiting behind it, and a
// mention posted during the stop, are told they run after the restart, and they do.
func TestSigtermLetsRunningTurnsFinish(t *testing.T) {
	d := startDaemon(t, setup{args: []string{"-grace", "20s"}})
	running := d.mention(chanA, alice, "slow fake:sleep=1500ms")
	d.until("the run to start", func() bool { return contains(d.discord.Reactions(chanA, running.ID), "👀") })
	waiting := d.mention(chanA, alice, "behind it")
	d.until("the second mention to queue", func() bool { return contains(d.discord.Reactions(chanA, waiting.ID), "⏳") })
	d.signal()
	d.log.waitFor(t, "stopping: no new mentions")
	during := d.mention(chanB, alice, "during the stop")
	d.until("the mention during the stop to be acknowledged", func() bool {
		rep := d.replies(chanB, during.ID)
		return len(rep) == 1 && strings.Contains(rep[0].Content, "runs after the restart")
	})
	if code := d.exit(); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
	if rep := d.replies(chanA, running.ID); len(rep) != 1 || rep[0].Content != "echo: slow fake:sleep=1500ms" {
		t.Errorf("the running turn was not answered: %+v", rep)
	}
	rep := d.replies(chanA, waiting.ID) // its "Queued #1" note is replaced by this
	if len(rep) != 1 || !strings.Contains(rep[0].Content, "runs after the restart") {
		t.Errorf("the waiting message was not told: %+v", rep)
	}
	if n := len(d.invocations()); n != 1 {
		t.Errorf("fake CLI ran %d times, want 1: nothing new starts while stopping", n)
	}
	d.restart()
	d.reacted(chanA, waiting.ID, "✅")
	d.reacted(chanB, during.ID, "✅")
	if n := len(d.invocations()); n != 3 {
		t.Errorf("fake CLI ran %d times in all, want 3", n)
	}
}

// A second signal stops at once, even within the grace.
func TestSecondSignalStopsAtOnce(t *testing.T) {
	d := startDaemon(t, setup{args: []string{"-grace", "10m"}})
	m := d.mention(chanA, alice, "fake:hang")
	d.until("the run to start", func() bool { return len(d.invocations()) == 1 })
	d.signal()
	d.log.waitFor(t, "stopping: no new mentions")
	if code := d.stop(); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
	if rep := d.replies(chanA, m.ID); len(rep) != 1 || !strings.Contains(rep[0].Content, "interrupted") {
		t.Errorf("the asker was not told: %+v", rep)
	}
	if !strings.Contains(d.log.String(), "second signal") {
		t.Error("no log line for the second signal")
	}
}

// /metrics has the gateway and coordinator series; /readyz says not ready once the gateway is gone.
func TestMetricsAndReadiness(t *testing.T) {
	d := startDaemon(t, setup{})
	m := d.mention(chanA, alice, "count me")
	d.reacted(chanA, m.ID, "✅")
	_, body := d.get("/metrics")
	for _, want := range []string{"coordinator_gateway_connected 1", `coordinator_runs_total{outcome="ok",project="alpha"} 1`,
		"coordinator_discord_messages_sent_total", "protoactor_actor_spawn_count_total"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, token) {
		t.Error("/metrics shows the token")
	}
	if strings.Contains(d.log.String(), token) {
		t.Error("the log shows the token")
	}
	d.discord.CloseGateway(4000, "unknown error") // not fatal: the bot reconnects
	d.until("the bot to reconnect", func() bool { return d.discord.Identifies()+d.discord.Resumes() >= 2 })
	d.until("/readyz 200 again", func() bool { code, _ := d.get("/readyz"); return code == http.StatusOK })
}

// Without DISCORD_TOKEN: a one-line error and exit 2.
func TestMissingTokenExits2(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "p"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := `access: {allow_all: true}
projects: [{name: p, channels: ["1300000000000000011"], dir: ./p}]
`
	path := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(coordinatorBin, "run", "-config", path)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 2 {
		t.Fatalf("exit %d (%v), want 2; output:\n%s", cmd.ProcessState.ExitCode(), err, out)
	}
	if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "DISCORD_TOKEN") {
		t.Fatalf("want one line naming DISCORD_TOKEN, got:\n%s", out)
	}
}

// Fatal gateway closes end the process non-zero with what to fix.
func TestFatalGatewayCloses(t *testing.T) {
	t.Run("invalid token", func(t *testing.T) {
		d := startProcess(t, setup{env: map[string]string{"DISCORD_TOKEN": "not-the-token"}})
		if code := d.exit(); code == 0 {
			t.Fatal("exit code 0 with an invalid token")
		}
		if !strings.Contains(d.log.String(), "DISCORD_TOKEN is not a valid bot token") {
			t.Errorf("the error does not say what to fix:\n%s", d.log.String())
		}
	})
	t.Run("invalid token at IDENTIFY", func(t *testing.T) {
		d := startProcess(t, setup{env: map[string]string{"DISCORD_TOKEN": "not-the-token"}, directGateway: true})
		if code := d.exit(); code == 0 {
			t.Fatal("exit code 0 with an invalid token")
		}
		if !strings.Contains(d.log.String(), "4004") || !strings.Contains(d.log.String(), "DISCORD_TOKEN is not a valid bot token") {
			t.Errorf("the error does not say what to fix:\n%s", d.log.String())
		}
	})
	t.Run("message content intent", func(t *testing.T) {
		d := startProcess(t, setup{discord: fakediscord.Options{DenyMessageContent: true}})
		if code := d.exit(); code == 0 {
			t.Fatal("exit code 0 with a disallowed intent")
		}
		if !strings.Contains(d.log.String(), "enable the Message Content intent") {
			t.Errorf("the error does not say what to fix:\n%s", d.log.String())
		}
	})
}
