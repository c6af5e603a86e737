package fakediscord_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/gateway"
	"github.com/diamondburned/arikawa/v3/session"
	"github.com/diamondburned/arikawa/v3/state"
	"github.com/diamondburned/arikawa/v3/state/store/defaultstore"
	"github.com/diamondburned/arikawa/v3/utils/handler"
	"github.com/diamondburned/arikawa/v3/utils/httputil"
	"github.com/diamondburned/arikawa/v3/utils/httputil/httpdriver"
	"github.com/diamondburned/arikawa/v3/utils/ws"
	"go.uber.org/goleak"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	token   = "test-token-not-a-secret"
	chanA   = "1300000000000000010"
	chanB   = "1300000000000000011"
	roleDev = "1300000000000000020"
	roleOps = "1300000000000000021"
	botID   = fakediscord.DefaultBotID
	appID   = fakediscord.DefaultAppID
	guildID = fakediscord.DefaultGuildID
	waitFor = 15 * time.Second
)

var (
	alice = fakediscord.Author{ID: "1300000000000000200", Name: "alice", Roles: []string{roleDev}}
	bob   = fakediscord.Author{ID: "1300000000000000201", Name: "bob"}
)

// botIntents is what a coordinator bot asks for.
const botIntents = gateway.IntentGuilds | gateway.IntentGuildMessages | gateway.IntentMessageContent |
	gateway.IntentDirectMessages | gateway.IntentGuildMessageReactions

// newServer starts a server with the test token, two channels and two roles unless opts says otherwise.
func newServer(t *testing.T, opts fakediscord.Options) *fakediscord.Server {
	t.Helper()
	if opts.Token == "" {
		opts.Token = token
	}
	if opts.Channels == nil {
		opts.Channels = []string{chanA, chanB}
	}
	if opts.Roles == nil {
		opts.Roles = []string{roleDev, roleOps}
	}
	srv, err := fakediscord.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// rewrite sends every request to base, keeping the path (arikawa's rate limiter keys on it).
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host, req.Host = r.base.Scheme, r.base.Host, r.base.Host
	return r.next.RoundTrip(req)
}

// newClient is a stock arikawa REST client pointed at srv with tok ("" = the right token).
func newClient(t *testing.T, srv *fakediscord.Server, tok string) *api.Client {
	t.Helper()
	if tok == "" {
		tok = token
	}
	base, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	hc := httputil.NewClient()
	hc.Client = httpdriver.WrapClient(http.Client{Transport: rewrite{base: base, next: tr}})
	// arikawa does not close the body of a response it retries (429, 5xx): that connection's reader
	// goroutine lives until the request context ends.
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return api.NewCustomClient("Bot "+tok, hc).WithContext(ctx)
}

// bot is a stock arikawa state connected to the fake, recording every event in order.
type bot struct {
	*state.State
	events chan any
	guilds chan struct{} // one per GUILD_CREATE

	mu      sync.Mutex
	bgErrs  []error
	closeFn func()
}

// newBot builds (does not open) a bot with the given token ("" = right one) and intents.
func newBot(t *testing.T, srv *fakediscord.Server, tok string, intents gateway.Intents) *bot {
	t.Helper()
	if tok == "" {
		tok = token
	}
	id := gateway.DefaultIdentifier("Bot " + tok)
	if intents != 0 {
		id.AddIntents(intents) // 0: send "intents": null, as arikawa does when none are set
	}
	gw := gateway.NewCustomWithIdentifier(gateway.AddGatewayParams(srv.GatewayURL()), id, nil)
	sess := session.NewWithGateway(gw, handler.New())
	sess.Client = newClient(t, srv, tok)
	b := &bot{
		State:  state.NewFromSession(sess, defaultstore.New()),
		events: make(chan any, 1000),
		guilds: make(chan struct{}, 100),
	}
	b.StateLog = func(err error) { b.bgErr(err) }
	b.AddSyncHandler(func(ev any) {
		switch ev := ev.(type) {
		case *ws.BackgroundErrorEvent:
			b.bgErr(ev)
		case *gateway.GuildCreateEvent:
			b.guilds <- struct{}{}
		}
		select {
		case b.events <- ev:
		default:
			b.bgErr(errFull)
		}
	})
	t.Cleanup(func() {
		_ = b.Close()
		for _, err := range b.errors() {
			// Connection drops are expected in fault tests; wire incompatibilities are not.
			if s := err.Error(); strings.Contains(s, "unmarshal") || strings.Contains(s, "unknown") ||
				strings.Contains(s, "state") || err == errFull {
				t.Errorf("arikawa reported: %v", err)
			}
		}
	})
	return b
}

type fullErr struct{}

func (fullErr) Error() string { return "event buffer full" }

var errFull error = fullErr{}

func (b *bot) bgErr(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bgErrs = append(b.bgErrs, err)
}

func (b *bot) errors() []error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]error(nil), b.bgErrs...)
}

// connect opens a bot with the coordinator's intents and waits for READY and GUILD_CREATE.
//
// Waiting for GUILD_CREATE matters for goleak: arikawa 3.6.0's websocket reader blocks forever
// (utils/ws/conn.go:249) if the gateway is closed while a received event is still unread, so a test
// must not close its bot while the server is still sending.
func connect(t *testing.T, srv *fakediscord.Server) *bot {
	t.Helper()
	b := newBot(t, srv, "", botIntents)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := b.Open(ctx); err != nil {
		t.Fatalf("Open: %v", err)
	}
	select {
	case <-b.guilds:
	case <-ctx.Done():
		t.Fatal("no GUILD_CREATE")
	}
	return b
}

// next returns the next event of type T, skipping others, or fails after waitFor.
func next[T any](t *testing.T, b *bot) T {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		select {
		case ev := <-b.events:
			if v, isT := ev.(T); isT {
				return v
			}
		case <-deadline:
			var zero T
			t.Fatalf("no %T within %v", zero, waitFor)
			return zero
		}
	}
}

// waitUntil waits on the server for cond.
func waitUntil(t *testing.T, srv *fakediscord.Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := srv.Wait(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}
