package doctor_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/internal/config"
	"github.com/discord-coordinator/coordinator/internal/doctor"
	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

const (
	token   = "doctor-test-token-not-a-secret"
	channel = "1300000000000000002"
)

// world is one test's installation: a config file's directory with a project dir, a HOME and a temp root.
type world struct {
	t       *testing.T
	dir     string
	project string
	home    string
	tmp     string
	cfg     *config.Config
}

// newWorld writes a valid configuration using command (the fake when "") and extra YAML lines, and loads it with env.
func newWorld(t *testing.T, command, extra string, env map[string]string) *world {
	t.Helper()
	if command == "" {
		command = fakeClaude
	}
	w := &world{t: t, dir: t.TempDir()}
	w.project = filepath.Join(w.dir, "project")
	w.home = filepath.Join(w.dir, "home")
	w.tmp = filepath.Join(w.dir, "tmp")
	for _, d := range []string{w.project, w.home, w.tmp} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	yaml := fmt.Sprintf(`
claude:
  command: %q
  env: {HOME: %q}
  kill_grace: 500ms
metrics: {listen: ""}
access: {allowed_users: ["1300000000000000009"]}
projects:
  - name: demo
    channels: [%q]
    dir: ./project
%s`, command, w.home, channel, extra)
	path := filepath.Join(w.dir, "coordinator.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	w.cfg = cfg
	return w
}

// run runs the doctor with the world's temp root and a minimal environment.
func (w *world) run(canary bool) doctor.Report {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := doctor.Run(ctx, w.cfg, doctor.Options{Canary: canary, Environ: []string{"PATH=" + os.Getenv("PATH")},
		TempRoot: w.tmp, DiscordTimeout: 10 * time.Second})
	left, err := os.ReadDir(w.tmp)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(left) > 0 {
		w.t.Errorf("the doctor left %d entries in its temp root (first %s)", len(left), left[0].Name())
	}
	return r
}

// expect fails the test unless the report has a check named name with status s and a detail containing every want.
func expect(t *testing.T, r doctor.Report, name string, s doctor.Status, wants ...string) {
	t.Helper()
	c, ok := r.Find(name)
	if !ok {
		t.Errorf("no %q check in the report:\n%s", name, text(r))
		return
	}
	if c.Status != s {
		t.Errorf("%s: status %s, want %s (detail: %s)", name, c.Status, s, c.Detail)
	}
	for _, want := range wants {
		if !strings.Contains(c.Detail, want) {
			t.Errorf("%s: detail %q lacks %q", name, c.Detail, want)
		}
	}
}

// text renders the report.
func text(r doctor.Report) string {
	var b strings.Builder
	if _, err := r.WriteTo(&b); err != nil {
		panic(err) // a strings.Builder does not fail
	}
	return b.String()
}

// fakeDiscord starts a fake Discord that accepts token.
func fakeDiscord(t *testing.T) *fakediscord.Server {
	t.Helper()
	srv, err := fakediscord.New(fakediscord.Options{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// writeScript writes an executable shell script standing in for the CLI and returns its path.
func writeScript(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "claude.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}
