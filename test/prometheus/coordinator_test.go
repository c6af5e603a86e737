package prometheus_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/app"
	"github.com/discord-coordinator/coordinator/internal/config"
	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// wait bounds every wait in these tests.
const wait = 45 * time.Second

// The cast. Ids are snowflakes the fake Discord accepts.
const (
	token    = "fake-bot-token.prometheus"
	guildID  = "1300000000000000001"
	chanOK   = "1300000000000000011" // project alpha: answered runs
	chanFail = "1300000000000000012" // project alpha: crashing runs that trip its breaker
	project  = "alpha"
)

var (
	alice   = fakediscord.Author{ID: "1300000000000000201", Name: "alice"}   // allowed user
	mallory = fakediscord.Author{ID: "1300000000000000209", Name: "mallory"} // stranger
)

// coordinator is an in-process coordinator serving /metrics on a loopback port.
type coordinator struct {
	t       *testing.T
	app     *app.App
	base    string              // http://host:port of /metrics, /healthz, /readyz
	discord *fakediscord.Server // the fake Discord in Discord mode, else nil
	chat    *chatReplier        // the reply port in chat mode, else nil
}

// chatReplier prints outcomes like `coordinator chat` does and hands the final ones to the test.
type chatReplier struct {
	mu    sync.Mutex
	lines []string
	final chan actors.Outcome
}

func newChatReplier() *chatReplier { return &chatReplier{final: make(chan actors.Outcome, 64)} }

// Deliver prints o; a final outcome is also sent to final, never blocking the actor.
func (r *chatReplier) Deliver(o actors.Outcome) {
	r.mu.Lock()
	r.lines = append(r.lines, fmt.Sprintf("[%s] %s %s", o.MessageID, o.Kind, o.Text))
	r.mu.Unlock()
	if o.Kind == actors.Queued || o.Kind == actors.Started || o.Kind == actors.Working {
		return
	}
	select {
	case r.final <- o:
	default:
	}
}

// startChat starts a coordinator without Discord whose outcomes go to a chat-style replier.
func startChat(t *testing.T) *coordinator {
	t.Helper()
	c := &coordinator{t: t, chat: newChatReplier()}
	c.start(nil, app.Options{Replier: c.chat})
	t.Cleanup(func() { // after the app has stopped: no Deliver runs any more
		if t.Failed() {
			c.chat.mu.Lock()
			defer c.chat.mu.Unlock()
			t.Logf("chat:\n%s", strings.Join(c.chat.lines, "\n"))
		}
	})
	return c
}

// startDiscord starts the fake Discord and a coordinator connected to it, and waits for /readyz.
func startDiscord(t *testing.T) *coordinator {
	t.Helper()
	srv, err := fakediscord.New(fakediscord.Options{Token: token, GuildID: guildID, Channels: []string{chanOK, chanFail}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close) // registered first: runs after the app has stopped
	c := &coordinator{t: t, discord: srv}
	env := map[string]string{
		config.EnvToken: token, config.EnvAPIBaseURL: srv.URL(), config.EnvGatewayURL: srv.GatewayURL(),
	}
	c.start(env, app.Options{Discord: true})
	c.waitHTTP("/readyz", http.StatusOK)
	return c
}

// start writes a configuration to a temp dir and starts the app with opts.
func (c *coordinator) start(env map[string]string, opts app.Options) {
	t := c.t
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"project", "home"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	yaml := fmt.Sprintf(`
discord: {guild_id: %q}
claude:
  command: %q
  timeout: 20s
  idle_timeout: 20s
  kill_grace: 500ms
  env: {FAKECLAUDE_LOG: %q, HOME: %q}
  pass_env: []
store: {path: ./data/coordinator.db}
metrics: {listen: ""}
channels: {restart_delay: 50ms, max_restarts: 1, restart_window: 10m, breaker_cooldown: 10m}
access: {allowed_users: [%q]}
projects:
  - name: %s
    channels: [%q, %q]
    dir: ./project
`, guildID, fakeClaude, filepath.Join(dir, "claude.log"), filepath.Join(dir, "home"), alice.ID, project, chanOK, chanFail)
	path := filepath.Join(dir, "coordinator.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	opts.Logger = zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel)
	opts.MetricsListen = "127.0.0.1:0"
	opts.Environ = []string{"PATH=" + os.Getenv("PATH")}
	a, err := app.New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background()) // the gateway's connection outlives Start
	startCtx, startCancel := context.WithTimeout(ctx, wait)
	defer startCancel()
	if err := a.Start(startCtx); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer cancel()
		stopCtx, stopCancel := context.WithTimeout(context.Background(), wait)
		defer stopCancel()
		if err := a.Stop(stopCtx); err != nil {
			t.Errorf("stop coordinator: %v", err)
		}
	})
	c.app, c.base = a, "http://"+a.MetricsAddr()
}

// get fetches path from the coordinator's listener.
func (c *coordinator) get(path string) (int, string) {
	c.t.Helper()
	code, body, err := httpGet(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	return code, body
}

// metrics is the coordinator's /metrics text.
func (c *coordinator) metrics() string {
	c.t.Helper()
	code, body := c.get("/metrics")
	if code != http.StatusOK {
		c.t.Fatalf("/metrics = %d", code)
	}
	return body
}

// waitHTTP waits until path answers code.
func (c *coordinator) waitHTTP(path string, code int) {
	c.t.Helper()
	var last string
	if !poll(wait, func() bool {
		got, body, err := httpGet(c.base + path)
		last = fmt.Sprintf("%d %s %v", got, body, err)
		return err == nil && got == code
	}) {
		c.t.Fatalf("%s did not answer %d within %s; last: %s", path, code, wait, last)
	}
}

// waitMetrics waits until /metrics has a line matching every pattern (regular expressions
// anchored at a line's start) and returns that /metrics text.
func (c *coordinator) waitMetrics(patterns ...string) string {
	c.t.Helper()
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(`(?m)^` + p)
	}
	var text string
	ok := poll(wait, func() bool {
		_, body, err := httpGet(c.base + "/metrics")
		if err != nil {
			return false
		}
		text = body
		for _, re := range res {
			if !re.MatchString(body) {
				return false
			}
		}
		return true
	})
	if !ok {
		c.t.Fatalf("/metrics did not get %q within %s:\n%s", patterns, wait, text)
	}
	return text
}

// submit sends one chat message through the actor system and waits for its final outcome.
func (c *coordinator) submit(channelID, messageID, text string) actors.Outcome {
	c.t.Helper()
	err := c.app.Actors().Submit(actors.Inbound{ChannelID: channelID, MessageID: messageID, UserID: alice.ID, UserName: alice.Name, Text: text})
	if err != nil {
		c.t.Fatal(err)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case o := <-c.chat.final:
			if o.MessageID == messageID {
				return o
			}
		case <-timer.C:
			c.t.Fatalf("no final outcome for %s within %s", messageID, wait)
		}
	}
}

// httpGet fetches url and returns its status and body.
func httpGet(url string) (int, string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", fmt.Errorf("read %s: %w", url, err)
	}
	return resp.StatusCode, string(body), nil
}

// poll checks cond every 50ms until it holds or d has passed; it reports whether it held. It
// waits on a condition with a deadline, for state that is only visible over HTTP.
func poll(d time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if cond() {
			return true
		}
		select {
		case <-deadline.C:
			return cond()
		case <-tick.C:
		}
	}
}
