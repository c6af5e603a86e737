package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/test/fakecli"
	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// wait bounds every wait in these tests.
const wait = 45 * time.Second

// The cast. Ids are snowflakes the fake Discord accepts.
const (
	token      = "fake-bot-token.AbCdEf"
	botID      = "1300000000000000100"
	guildID    = "1300000000000000001"
	chanA      = "1300000000000000011" // project alpha
	chanB      = "1300000000000000012" // project alpha
	chanOther  = "1300000000000000013" // not mapped
	roleDev    = "1300000000000000301" // allowed role
	roleManage = "1300000000000000302" // grants Manage Messages (not set in the fake: admins are used instead)
)

var (
	alice   = fakediscord.Author{ID: "1300000000000000201", Name: "alice"}                         // allowed user
	bob     = fakediscord.Author{ID: "1300000000000000202", Name: "bob", Roles: []string{roleDev}} // allowed by role
	admin   = fakediscord.Author{ID: "1300000000000000200", Name: "root"}                          // admin user
	mallory = fakediscord.Author{ID: "1300000000000000209", Name: "mallory"}                       // stranger
)

// extraChannel is the id of the i-th extra mapped channel.
func extraChannel(i int) string { return fmt.Sprintf("13000000000000%05d", 10000+i) }

// daemon is a running `coordinator run` with its fakes.
type daemon struct {
	t         testing.TB
	discord   *fakediscord.Server
	cmd       *exec.Cmd
	log       *logBuffer
	dir       string
	claudeLog string
	metrics   string // host:port of /metrics
	exited    chan struct{}
	exitCode  int
	args      []string // of the coordinator binary
	env       []string
	oldLogs   string // logs of earlier processes (restart)
}

type setup struct {
	dirs          []string          // extra directories to create in the daemon's dir
	discordYAML   string            // extra keys of the discord section, e.g. ", max_chunks: 2"
	passEnv       string            // claude.pass_env (default [])
	userRate      string            // discord.user_rate_limit (default 0: off)
	timeout       string            // claude.timeout and idle_timeout (default 20s)
	channelsYAML  string            // extra keys of the channels section, e.g. ", max_restarts: 1000"
	args          []string          // extra arguments of `coordinator run`
	channels      int               // map this many extra channels to project alpha (see extraChannel)
	directGateway bool              // set DISCORD_GATEWAY_URL too (no REST lookup of the gateway)
	extraYAML     string            // appended to the config
	env           map[string]string // extra environment
	discord       fakediscord.Options
}

// startDaemon starts the fake Discord and `coordinator run` against it, and waits for /readyz.
func startDaemon(t testing.TB, s setup) *daemon {
	t.Helper()
	d := startProcess(t, s)
	d.waitReady()
	return d
}

// startProcess starts the fakes and the daemon without waiting for readiness.
func startProcess(t testing.TB, s setup) *daemon {
	t.Helper()
	opts := s.discord
	opts.Token = token
	opts.BotID, opts.GuildID = botID, guildID
	opts.Channels = []string{chanA, chanB, chanOther}
	mapped := []string{chanA, chanB}
	for i := range s.channels {
		opts.Channels = append(opts.Channels, extraChannel(i))
		mapped = append(mapped, extraChannel(i))
	}
	opts.Roles = []string{roleDev, roleManage}
	srv, err := fakediscord.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	d := &daemon{t: t, discord: srv, dir: dir, claudeLog: filepath.Join(dir, "claude.log"), log: newLogBuffer(), exited: make(chan struct{})}
	for _, sub := range append([]string{"project", "home"}, s.dirs...) {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := strings.NewReplacer(
		"{GUILD}", guildID, "{USER_RATE}", orDefault(s.userRate, "0"), "{DISCORD_EXTRA}", s.discordYAML,
		"{CLAUDE_CMD}", fakeClaude, "{CLAUDE_LOG}", d.claudeLog, "{CLAUDE_HOME}", filepath.Join(dir, "home"),
		"{TIMEOUT}", orDefault(s.timeout, "20s"), "{PASS_ENV}", orDefault(s.passEnv, "[]"), "{CHANNELS_EXTRA}", s.channelsYAML,
		"{ALICE}", alice.ID, "{ROLE_DEV}", roleDev, "{ADMIN}", admin.ID, "{MAPPED}", strings.Join(mapped, `", "`),
	).Replace(`
discord: {guild_id: "{GUILD}", user_rate_limit: {USER_RATE}{DISCORD_EXTRA}}
claude:
  command: "{CLAUDE_CMD}"
  timeout: {TIMEOUT}
  idle_timeout: {TIMEOUT}
  kill_grace: 500ms
  max_concurrent: 4
  env: {FAKECLAUDE_LOG: "{CLAUDE_LOG}", HOME: "{CLAUDE_HOME}"}
  pass_env: {PASS_ENV}
store: {path: ./data/coordinator.db}
metrics: {listen: "127.0.0.1:0"}
log: {level: debug}
channels: {restart_delay: 100ms{CHANNELS_EXTRA}}
access:
  allowed_users: ["{ALICE}"]
  allowed_roles: ["{ROLE_DEV}"]
  admin_users: ["{ADMIN}"]
projects:
  - name: alpha
    channels: ["{MAPPED}"]
    dir: ./project
`) + s.extraYAML
	cfgPath := filepath.Join(dir, "coordinator.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	d.args = append([]string{"run", "-config", cfgPath}, s.args...)
	d.env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + filepath.Join(dir, "home"),
		"DISCORD_TOKEN=" + token, "DISCORD_API_BASE_URL=" + srv.URL()}
	if s.directGateway {
		d.env = append(d.env, "DISCORD_GATEWAY_URL="+srv.GatewayURL())
	}
	for k, v := range s.env {
		d.env = append(d.env, k+"="+v)
	}
	d.launch()
	t.Cleanup(d.cleanup)
	return d
}

// launch starts the daemon process with d's arguments and environment.
func (d *daemon) launch() {
	d.t.Helper()
	d.exited = make(chan struct{})
	d.cmd = exec.Command(coordinatorBin, d.args...)
	d.cmd.Env = d.env
	d.cmd.Stdout = io.Discard
	d.cmd.Stderr = d.log
	if err := d.cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	cmd, exited := d.cmd, d.exited
	go func() {
		err := cmd.Wait()
		d.exitCode = cmd.ProcessState.ExitCode()
		if err != nil && d.exitCode == 0 {
			d.exitCode = -1
		}
		close(exited)
	}()
}

// restart starts the daemon again (after it exited) on the same store, config and fake Discord,
// and waits for it to be ready.
func (d *daemon) restart() {
	d.t.Helper()
	<-d.exited
	d.oldLogs += d.log.String()
	d.log = newLogBuffer()
	d.launch()
	d.waitReady()
}

// kill9 kills the daemon with SIGKILL, as a crash would, and then its Claude processes, as
// systemd does with the rest of a dead service's cgroup.
func (d *daemon) kill9() {
	d.t.Helper()
	_ = d.cmd.Process.Kill()
	<-d.exited
	for _, inv := range d.invocations() {
		if inv.End.IsZero() {
			_ = syscall.Kill(-inv.PGID, syscall.SIGKILL)
		}
	}
	for _, inv := range d.invocations() {
		if inv.End.IsZero() {
			d.until("the killed run's process to be gone", func() bool { return !fakecli.ProcessAlive(inv.PID) })
		}
	}
}

// cleanup stops the daemon if it still runs, checks that it left no process behind, and closes the fake Discord.
func (d *daemon) cleanup() {
	select {
	case <-d.exited:
	default:
		_ = d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.exited:
		case <-time.After(wait):
			_ = d.cmd.Process.Kill()
			<-d.exited
			d.t.Errorf("coordinator did not exit on SIGTERM")
		}
	}
	d.noProcessLeft()
	d.discord.Close()
	if d.t.Failed() {
		d.t.Logf("coordinator log:\n%s%s", d.oldLogs, d.log.String())
	}
}

// waitReady waits for the metrics address in the log and for /readyz to answer 200.
func (d *daemon) waitReady() {
	d.t.Helper()
	line := d.log.waitFor(d.t, `"serving /metrics`)
	var rec struct {
		Addr string `json:"addr"`
	}
	if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.Addr == "" {
		d.t.Fatalf("no metrics address in %q: %v", line, err)
	}
	d.metrics = rec.Addr
	d.until("/readyz to answer 200", func() bool {
		code, _ := d.get("/readyz")
		return code == http.StatusOK
	})
}

// get fetches a path from the metrics listener.
func (d *daemon) get(path string) (int, string) {
	resp, err := http.Get("http://" + d.metrics + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// until waits for cond, re-checking whenever the fake Discord changes and every 20 ms (for
// conditions on the daemon's log or the fake CLI's log).
func (d *daemon) until(what string, cond func() bool) {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- d.discord.Wait(ctx, cond) }()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				d.t.Fatalf("timed out waiting for %s", what)
			}
			return
		case <-tick.C:
			if cond() {
				cancel()
				<-done
				return
			}
		}
	}
}

// mention posts "<@bot> text" in channel as author.
func (d *daemon) mention(channel string, a fakediscord.Author, text string) fakediscord.Message {
	return d.discord.PostMessage(channel, a, "<@"+botID+"> "+text, botID)
}

// replies returns the bot's messages that reply to msgID, but for the run's status message (see status).
func (d *daemon) replies(channel, msgID string) []fakediscord.Message {
	var out []fakediscord.Message
	for _, m := range d.discord.BotMessages(channel) {
		if m.ReplyTo == msgID && !statusLine.MatchString(m.Content) {
			out = append(out, m)
		}
	}
	return out
}

// statusLine matches the content of a run's status message, while it runs and once it is final.
var statusLine = regexp.MustCompile(`^(⚙️ Working|🛑 Stopping|✅ Done in|🛑 Stopped after|❌ Failed after|⏹️ Ended after|⚠️ Interrupted: the coordinator restarted)`)

// status returns the status message of msgID's run, if the bot posted one.
func (d *daemon) status(channel, msgID string) (fakediscord.Message, bool) {
	for _, m := range d.discord.BotMessages(channel) {
		if m.ReplyTo == msgID && statusLine.MatchString(m.Content) {
			return m, true
		}
	}
	return fakediscord.Message{}, false
}

// answered waits until the bot has put reaction on msgID (✅ answered, ❌ failed, 🛑 stopped).
func (d *daemon) reacted(channel, msgID, emoji string) {
	d.t.Helper()
	d.until("reaction "+emoji+" on "+msgID, func() bool {
		for _, r := range d.discord.Reactions(channel, msgID) {
			if r == emoji {
				return true
			}
		}
		return false
	})
}

// invocations reads the fake CLI's log.
func (d *daemon) invocations() []fakecli.Invocation {
	inv, err := fakecli.ReadLog(d.claudeLog)
	if err != nil {
		d.t.Fatalf("read fake CLI log: %v", err)
	}
	return inv
}

func (d *daemon) noProcessLeft() {
	for _, inv := range d.invocations() {
		for _, pid := range []int{inv.PID, inv.GrandchildPID} {
			if pid > 0 && fakecli.ProcessAlive(pid) {
				d.t.Errorf("process %d is still alive after the daemon exited", pid)
			}
		}
	}
}

// signal sends SIGTERM without waiting.
func (d *daemon) signal() { _ = d.cmd.Process.Signal(syscall.SIGTERM) }

// stop sends SIGTERM and returns the exit code.
func (d *daemon) stop() int {
	d.t.Helper()
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(wait):
		d.t.Fatal("coordinator did not exit on SIGTERM")
	}
	return d.exitCode
}

// exit waits for the daemon to exit by itself and returns its code.
func (d *daemon) exit() int {
	d.t.Helper()
	select {
	case <-d.exited:
	case <-time.After(wait):
		d.t.Fatal("coordinator did not exit")
	}
	return d.exitCode
}

// logBuffer collects the daemon's stderr and lets tests wait for a line.
type logBuffer struct {
	mu      sync.Mutex
	buf     strings.Builder
	changed chan struct{}
}

func newLogBuffer() *logBuffer { return &logBuffer{changed: make(chan struct{})} }

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	close(b.changed)
	b.changed = make(chan struct{})
	return len(p), nil
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor returns the first log line containing substr, waiting for it.
func (b *logBuffer) waitFor(t testing.TB, substr string) string {
	t.Helper()
	deadline := time.After(wait)
	for {
		b.mu.Lock()
		text, changed := b.buf.String(), b.changed
		b.mu.Unlock()
		sc := bufio.NewScanner(strings.NewReader(text))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if strings.Contains(sc.Text(), substr) {
				return sc.Text()
			}
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no log line containing %q; log:\n%s", substr, text)
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
