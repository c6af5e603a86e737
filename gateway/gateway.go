package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"
	"github.com/diamondburned/arikawa/v3/session"
	"github.com/diamondburned/arikawa/v3/state"
	"github.com/diamondburned/arikawa/v3/state/store/defaultstore"
	"github.com/diamondburned/arikawa/v3/utils/handler"
	"github.com/diamondburned/arikawa/v3/utils/ws"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// Defaults for Options fields left zero.
const (
	DefaultMaxChunks      = 4
	DefaultTypingInterval = 8 * time.Second
	DefaultRefusalWindow  = 10 * time.Minute
	MessageLimit          = 2000 // Discord's limit on a message's content, in code points
)

// Intents are the gateway intents the bot asks for. Message Content is privileged: it must be
// enabled in the Developer Portal.
const Intents = gateway.IntentGuilds | gateway.IntentGuildMessages | gateway.IntentMessageContent

// badToken says what to do about a refused token.
const badToken = "DISCORD_TOKEN is not a valid bot token; copy it again from the Developer Portal (Bot > Reset Token)"

// ErrFatal wraps gateway closes that reconnecting cannot fix (a bad token, disallowed intents).
var ErrFatal = errors.New("discord gateway closed for good")

// Options configure a Gateway.
type Options struct {
	Token      string            // the bot token, without the "Bot " prefix
	APIBaseURL string            // REST base (scheme://host[:port]); "" is Discord's
	GatewayURL string            // websocket URL; "" asks the REST API
	GuildID    string            // where slash commands are registered; "" registers them globally
	Channels   map[string]string // mapped channel id -> project name
	// RetryInterrupted lists the channels whose project runs a message again on its own when a
	// crash of the daemon interrupted its run (tools may run twice); the others get a button.
	RetryInterrupted map[string]bool
	// AddProject maps a channel to a project directory at run time (/add-project); nil disables the
	// command. It returns the project's name and whether it runs interrupted messages again.
	AddProject    func(ctx context.Context, channelID, name, dir, by string) (project string, retry bool, err error)
	Access        AccessPolicy
	AllowDMs      bool
	MaxChunks     int           // an answer longer than this many messages goes as a head plus a .md file
	Models        []string      // the choices of /model
	RefusalWindow time.Duration // one refusal per user per window
	// Redact removes secrets from everything the bot posts and reports how many it removed; nil
	// posts text as it is.
	Redact          func(string) (string, int)
	TypingInterval  time.Duration
	UserRateLimit   int           // mentions one user may send within UserRateWindow; 0: no limit
	UserRateWindow  time.Duration // default 1m
	CatchUpMessages int           // per channel, at most this many messages are fetched after a restart; 0: no catch-up
	CatchUpAge      time.Duration // messages older than this are not caught up
	// MaxAttachments is the most files of a mention passed on to its run; more are dropped and the prompt says
	// so. 0 ignores attachments.
	MaxAttachments int
	// ProgressInterval is the least time between two edits of a run's status message (default
	// DefaultProgressInterval); ProgressHeartbeat how often it is edited when nothing happens (default
	// DefaultProgressHeartbeat).
	ProgressInterval  time.Duration
	ProgressHeartbeat time.Duration
	Logger            zerolog.Logger
	Registerer        prometheus.Registerer // nil: a private registry
}

// Gateway is the Discord adapter. It implements actors.Replier.
type Gateway struct {
	opts     Options
	log      zerolog.Logger
	metrics  *metrics
	access   *Access
	refusals *Refusals
	rate     *userRate

	core    Core
	journal Journal
	client  *api.Client
	st      *state.State
	botID   atomic.Uint64 // discord.UserID, from READY
	appID   atomic.Uint64 // discord.AppID, from READY
	ready   atomic.Bool
	guildID discord.GuildID

	ctx        context.Context // REST calls and typing; ends on Stop
	cancel     context.CancelFunc
	connCtx    context.Context // the connection loop; ends on Disconnect
	connCancel context.CancelFunc
	drains     sync.WaitGroup // channel workers draining their queues
	loops      sync.WaitGroup // typing loops and the connection loop: they end with ctx
	fatal      chan error
	closeSt    sync.Once

	mu      sync.Mutex
	workers map[string]*channelWorker
	stopped bool

	chMu          sync.RWMutex      // guards channels and retryChannels
	channels      map[string]string // mapped channel id -> project name
	retryChannels map[string]bool   // channel id -> run interrupted messages again on their own

	resolveMu  sync.Mutex
	resolving  map[string][]pendingMessage // channel id -> mentions held while the channel is looked up
	notThreads map[string]struct{}         // channels found not to be threads of mapped channels

	progMu sync.Mutex
	live   map[string]*liveStatus // channel id -> the status message of its run in flight

	notes         sync.Map         // message id -> note put before its answer
	intakeStopped atomic.Bool      // shutting down: mentions are journaled for after the restart
	recovered     sync.Once        // the journal recovery runs after the first READY
	snapshot      *journalSnapshot // the journal before any message arrived; nil without a journal
}

// New checks opts and returns a Gateway that is not connected. It does no I/O.
func New(opts Options) (*Gateway, error) {
	if opts.Token == "" {
		return nil, errors.New("gateway: empty token")
	}
	if opts.MaxChunks <= 0 {
		opts.MaxChunks = DefaultMaxChunks
	}
	if opts.TypingInterval <= 0 {
		opts.TypingInterval = DefaultTypingInterval
	}
	if opts.RefusalWindow <= 0 {
		opts.RefusalWindow = DefaultRefusalWindow
	}
	if opts.UserRateWindow <= 0 {
		opts.UserRateWindow = time.Minute
	}
	if opts.ProgressInterval <= 0 {
		opts.ProgressInterval = DefaultProgressInterval
	}
	if opts.ProgressHeartbeat <= 0 {
		opts.ProgressHeartbeat = DefaultProgressHeartbeat
	}
	if opts.CatchUpAge <= 0 {
		opts.CatchUpAge = DefaultCatchUpAge
	}
	if opts.Registerer == nil {
		opts.Registerer = prometheus.NewRegistry()
	}
	g := &Gateway{
		opts:     opts,
		log:      opts.Logger.With().Str("component", "gateway").Logger(),
		metrics:  newMetrics(opts.Registerer),
		access:   NewAccess(opts.Access),
		refusals: &Refusals{Window: opts.RefusalWindow},
		rate:     newUserRate(opts.UserRateLimit, opts.UserRateWindow),
		fatal:    make(chan error, 1),
		workers:  make(map[string]*channelWorker),
		live:     make(map[string]*liveStatus),

		resolving:  make(map[string][]pendingMessage),
		notThreads: make(map[string]struct{}),
		channels:   make(map[string]string, len(opts.Channels)),
	}
	for id, name := range opts.Channels {
		g.channels[id] = name
	}
	g.retryChannels = make(map[string]bool, len(opts.RetryInterrupted))
	for id, on := range opts.RetryInterrupted {
		g.retryChannels[id] = on
	}
	g.ctx, g.cancel = context.WithCancel(context.Background())
	g.connCtx, g.connCancel = context.WithCancel(context.Background())
	if opts.GuildID != "" {
		id, err := discord.ParseSnowflake(opts.GuildID)
		if err != nil {
			return nil, fmt.Errorf("gateway: guild id %q: %w", opts.GuildID, err)
		}
		g.guildID = discord.GuildID(id)
	}
	return g, nil
}

// Start connects to Discord and returns once the session is READY, or with the error that
// prevented it (a fatal close such as an invalid token is wrapped in ErrFatal, with what to fix).
// Outcomes delivered before Start are sent once it has run.
//
// journal records accepted mentions until they are answered; nil means no journal, and so no
// recovery or catch-up after a restart.
func (g *Gateway) Start(ctx context.Context, core Core, journal Journal) error {
	g.core, g.journal = core, journal
	snap, err := g.snapshotJournal()
	if err != nil {
		return err
	}
	g.snapshot = snap
	g.holdJournalChannels(snap) // until recover: live mentions must not overtake the journaled and missed ones
	client, err := newAPIClient("Bot "+g.opts.Token, g.opts.APIBaseURL)
	if err != nil {
		return err
	}
	g.client = client
	url, err := gatewayURL(ctx, client, g.opts.GatewayURL)
	if err != nil {
		return err
	}
	id := gateway.DefaultIdentifier("Bot " + g.opts.Token)
	id.AddIntents(Intents)
	if g.opts.AllowDMs {
		id.AddIntents(gateway.IntentDirectMessages)
	}
	gw := gateway.NewCustomWithIdentifier(gateway.AddGatewayParams(url), id, nil)
	sess := session.NewWithGateway(gw, handler.New())
	sess.Client = client
	g.st = state.NewFromSession(sess, defaultstore.New())
	g.st.StateLog = func(err error) { g.log.Debug().Err(err).Msg("state cache") }

	g.st.AddHandler(g.onReady)
	g.st.AddHandler(func(*gateway.ResumedEvent) {
		g.metrics.events.WithLabelValues("resumed").Inc()
		g.setConnected(true)
		g.log.Info().Msg("gateway resumed")
	})
	g.st.AddHandler(func(ev *ws.CloseEvent) {
		g.metrics.events.WithLabelValues("disconnect").Inc()
		g.setConnected(false)
		g.log.Warn().Int("code", ev.Code).Err(ev.Err).Msg("gateway disconnected; reconnecting")
	})
	g.st.AddSyncHandler(g.onThreadCreate) // in gateway order: a thread is mapped before its next message
	g.st.AddSyncHandler(g.onGuildCreate)
	g.st.AddSyncHandler(g.onMessage) // in gateway order: mentions of one channel stay ordered
	g.st.AddHandler(g.onInteraction)

	g.log.Info().Str("gateway", url).Bool("redirected", g.opts.APIBaseURL != "").Msg("connecting to Discord")
	if err := g.st.Open(ctx); err != nil {
		return explain(err)
	}
	g.loops.Add(1)
	go g.keepConnected()
	return nil
}

// keepConnected waits on the session and reopens it after a non-fatal end; a fatal close is
// reported on Fatal.
func (g *Gateway) keepConnected() {
	defer g.loops.Done()
	for {
		err := g.st.Wait(g.connCtx)
		if g.connCtx.Err() != nil {
			return
		}
		if err != nil && g.st.GatewayOpts().ErrorIsFatalClose(err) {
			g.setConnected(false)
			g.fatal <- explain(err)
			return
		}
		g.log.Warn().Err(err).Msg("gateway session ended; opening again")
		if err := g.st.Open(g.connCtx); err != nil && g.st.GatewayOpts().ErrorIsFatalClose(err) {
			g.setConnected(false)
			g.fatal <- explain(err)
			return
		}
	}
}

// explain turns a gateway error into one that says what to fix.
func explain(err error) error {
	var closeErr *ws.CloseEvent
	if !errors.As(err, &closeErr) {
		return fmt.Errorf("connect to the Discord gateway: %w", err)
	}
	switch closeErr.Code {
	case 4004:
		return fmt.Errorf("%w: authentication failed (4004): %s", ErrFatal, badToken)
	case 4014:
		return fmt.Errorf("%w: disallowed intents (4014): enable the Message Content intent in the Developer Portal (Bot > Privileged Gateway Intents)", ErrFatal)
	case 4013:
		return fmt.Errorf("%w: invalid intents (4013)", ErrFatal)
	case 4010, 4011, 4012:
		return fmt.Errorf("%w: close code %d (sharding or API version): %v", ErrFatal, closeErr.Code, err)
	default:
		return fmt.Errorf("%w: close code %d: %v", ErrFatal, closeErr.Code, err)
	}
}

// Fatal delivers the error of a gateway that closed for good after Start.
func (g *Gateway) Fatal() <-chan error { return g.fatal }

// Ready reports nil while the gateway session is connected, for /readyz.
func (g *Gateway) Ready() error {
	if !g.ready.Load() {
		return errors.New("discord gateway not connected")
	}
	return nil
}

func (g *Gateway) setConnected(ok bool) {
	g.ready.Store(ok)
	if ok {
		g.metrics.connected.Set(1)
	} else {
		g.metrics.connected.Set(0)
	}
}

func (g *Gateway) onReady(ev *gateway.ReadyEvent) {
	g.metrics.events.WithLabelValues("ready").Inc()
	g.botID.Store(uint64(ev.User.ID))
	g.appID.Store(uint64(ev.Application.ID))
	g.setConnected(true)
	g.log.Info().Str("bot", ev.User.Username).Str("bot_id", ev.User.ID.String()).Msg("gateway ready")
	g.registerCommands()
	g.recovered.Do(func() {
		if g.snapshot == nil {
			return
		}
		g.loops.Go(func() { g.recover(g.snapshot) })
	})
}

// Disconnect closes the gateway session: no new events arrive. Outcomes are still sent.
func (g *Gateway) Disconnect() {
	g.closeSt.Do(func() {
		if g.st == nil {
			return
		}
		g.connCancel()
		if err := g.st.Close(); err != nil && !errors.Is(err, session.ErrClosed) {
			g.log.Warn().Err(err).Msg("close discord session")
		}
		g.setConnected(false)
	})
}

// Stop disconnects, sends the Discord actions already queued (up to ctx's deadline), then ends
// every goroutine it started. Outcomes delivered after Stop are dropped and logged.
func (g *Gateway) Stop(ctx context.Context) error {
	g.Disconnect()
	g.mu.Lock()
	g.stopped = true // no action is queued from now on; then no live status arms a timer
	g.mu.Unlock()
	g.stopLive()
	var err error
	if !waitGroup(ctx, &g.drains) {
		err = fmt.Errorf("stop gateway: replies still being sent: %w", ctx.Err())
	}
	g.cancel()
	g.loops.Wait()
	return err
}

// waitGroup waits for wg until ctx ends; it reports whether wg finished.
func waitGroup(ctx context.Context, wg *sync.WaitGroup) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// MapChannel maps a channel to a project at run time (a mapping restored from the store, or
// made by /add-project); retry is the project's retry_interrupted.
func (g *Gateway) MapChannel(channelID, project string, retry bool) {
	g.chMu.Lock()
	defer g.chMu.Unlock()
	g.channels[channelID] = project
	g.retryChannels[channelID] = retry
}

// autoRetry reports whether a channel runs interrupted messages again on its own.
func (g *Gateway) autoRetry(channelID string) bool {
	g.chMu.RLock()
	defer g.chMu.RUnlock()
	return g.retryChannels[channelID]
}

// StopIntake starts the shutdown: from now on a mention is journaled and its asker told it runs
// after the restart; nothing new reaches the actor core. Outcomes are still sent.
func (g *Gateway) StopIntake() { g.intakeStopped.Store(true) }

// projectOf returns the project a channel is mapped to.
func (g *Gateway) projectOf(channelID string) (string, bool) {
	g.chMu.RLock()
	defer g.chMu.RUnlock()
	name, ok := g.channels[channelID]
	return name, ok
}

// me is the bot's user id ("" before READY).
func (g *Gateway) me() string {
	if id := g.botID.Load(); id != 0 {
		return discord.UserID(id).String()
	}
	return ""
}

// userRoles returns the role ids of a member as strings.
func userRoles(m *discord.Member) []string {
	if m == nil {
		return nil
	}
	roles := make([]string, len(m.RoleIDs))
	for i, r := range m.RoleIDs {
		roles[i] = r.String()
	}
	return roles
}

// noPings is the allowed_mentions of every message the bot sends: nobody is notified.
func noPings() *api.AllowedMentions {
	return &api.AllowedMentions{Parse: []api.AllowedMentionType{}, Users: []discord.UserID{}, Roles: []discord.RoleID{}}
}

// displayName returns the name to record for a user.
func displayName(u discord.User, m *discord.Member) string {
	if m != nil && m.Nick != "" {
		return m.Nick
	}
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return strings.TrimSpace(u.Username)
}
