package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/app"
	"github.com/discord-coordinator/coordinator/internal/config"
)

// outcomes is a reply port that hands outcomes to the test over a channel.
type outcomes chan actors.Outcome

func (c outcomes) Deliver(o actors.Outcome) { c <- o }

func writeConfig(t *testing.T) *config.Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "project"), 0o755); err != nil {
		t.Fatal(err)
	}
	yaml := fmt.Sprintf(`
claude:
  command: %q
  env: {FAKECLAUDE_LOG: %q}
store: {path: ./data/coordinator.db}
metrics: {listen: ""}
access: {allow_all: true}
projects:
  - name: demo
    channels: ["1300000000000000002"]
    dir: ./project
`, fakeClaude, filepath.Join(dir, "fake.log"))
	path := filepath.Join(dir, "coordinator.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// The daemon serves /healthz, /readyz and /metrics with the coordinator series and nonzero
// protoactor series after a run.
func TestMetricsAndHealth(t *testing.T) {
	cfg := writeConfig(t)
	out := make(outcomes, 16)
	a, err := app.New(cfg, app.Options{Logger: zerolog.New(zerolog.NewTestWriter(t)), Replier: out,
		MetricsListen: "127.0.0.1:0", Environ: []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = a.Stop(ctx)
		}
	}()
	base := "http://" + a.MetricsAddr()
	if code, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz = %d", code)
	}
	if code, body := get(t, base+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz = %d %s", code, body)
	}

	if err := a.Actors().Submit(actors.Inbound{ChannelID: "1300000000000000002", MessageID: "m1", UserID: "u", Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	for done := false; !done; {
		select {
		case o := <-out:
			if o.Kind == actors.Answered {
				done = true
			} else if o.Kind != actors.Started && o.Kind != actors.Queued && o.Kind != actors.Working {
				t.Fatalf("outcome %+v", o)
			}
		case <-ctx.Done():
			t.Fatal("no answer")
		}
	}

	_, metrics := get(t, base+"/metrics")
	for _, want := range []string{
		`coordinator_runs_total{outcome="ok",project="demo"} 1`,
		`coordinator_messages_received_total{project="demo"} 1`,
		`coordinator_channel_actors 1`,
		`coordinator_claude_cost_usd_total{project="demo"} 0.050256`,
		`coordinator_run_duration_seconds_count{project="demo"} 1`,
		`coordinator_queue_wait_seconds_count{project="demo"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	spawn := regexp.MustCompile(`(?m)^protoactor_actor_spawn_count_total\{[^}]*\} ([0-9.e+]+)$`).FindStringSubmatch(metrics)
	if spawn == nil || spawn[1] == "0" {
		t.Errorf("/metrics has no nonzero protoactor spawn count:\n%s", grepLines(metrics, "protoactor_"))
	}

	if err := a.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	stopped = true
	if err := a.Stop(ctx); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
