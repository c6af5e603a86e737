package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/gateway"
	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/internal/config"
	"github.com/discord-coordinator/coordinator/internal/redact"
	"github.com/discord-coordinator/coordinator/store"
)

// Options are what the caller adds to the configuration.
type Options struct {
	Logger zerolog.Logger
	// Discord connects the bot to Discord (the `run` command): the gateway receives the outcomes,
	// /readyz waits for its connection, and a fatal gateway close is reported on Fatal.
	Discord bool
	Replier actors.Replier // where outcomes go without Discord (the chat printer)
	Environ []string       // the environment the Claude child's allow-list picks from; nil: os.Environ()
	// MetricsListen overrides cfg.Metrics.Listen when not empty (tests use "127.0.0.1:0").
	MetricsListen string
	// Redactor removes secrets from everything posted to Discord; nil redacts credential shapes only.
	Redactor *redact.Redactor
}

// App is the daemon: store, runner, actor system and the metrics/health listener.
type App struct {
	cfg  *config.Config
	opts Options
	log  zerolog.Logger
	reg  *prometheus.Registry

	mu       sync.Mutex
	store    *store.Store
	meter    *sdkmetric.MeterProvider
	actors   *actors.System
	gateway  *gateway.Gateway
	fatal    chan error
	http     *server // /metrics, /healthz, /readyz
	admin    *server // GET /backup on the admin socket
	checks   []ReadinessCheck
	started  bool
	stopOnce sync.Once
	stopErr  error
}

// New returns an App for cfg. It does no I/O.
func New(cfg *config.Config, opts Options) (*App, error) {
	if cfg == nil {
		return nil, errors.New("app: nil config")
	}
	if opts.Replier == nil && !opts.Discord {
		return nil, errors.New("app: Options.Replier is required without Discord")
	}
	if opts.Environ == nil {
		opts.Environ = os.Environ()
	}
	a := &App{cfg: cfg, opts: opts, log: opts.Logger, reg: newRegistry(), fatal: make(chan error, 1)}
	if opts.Discord {
		gw, err := gateway.New(a.gatewayOptions())
		if err != nil {
			return nil, err
		}
		a.gateway = gw
		a.opts.Replier = gw
		a.checks = append(a.checks, gw.Ready)
	}
	return a, nil
}

func (a *App) gatewayOptions() gateway.Options {
	c := a.cfg
	channels := make(map[string]string)
	retry := make(map[string]bool)
	for _, p := range c.Projects {
		for _, ch := range p.Channels {
			channels[ch] = p.Name
			retry[ch] = p.RetryInterrupted
		}
	}
	return gateway.Options{
		Token:            c.Discord.Token.Reveal(),
		APIBaseURL:       c.Discord.APIBaseURL,
		GatewayURL:       c.Discord.GatewayURL,
		GuildID:          c.Discord.GuildID,
		Channels:         channels,
		RetryInterrupted: retry,
		Access: gateway.AccessPolicy{
			AllowedUsers: c.Access.AllowedUsers, AllowedRoles: c.Access.AllowedRoles,
			AdminUsers: c.Access.AdminUsers, AdminRoles: c.Access.AdminRoles, AllowAll: c.Access.AllowAll,
		},
		AddProject:       a.addProjectCommand(),
		Redact:           a.opts.Redactor.String,
		AllowDMs:         c.Discord.AllowDMs,
		MaxChunks:        c.Discord.MaxChunks,
		Models:           c.Claude.Models,
		RefusalWindow:    c.Discord.RefusalWindow,
		UserRateLimit:    c.Discord.UserRateLimit,
		UserRateWindow:   c.Discord.UserRateWindow,
		CatchUpMessages:  c.Discord.CatchUpMessages,
		CatchUpAge:       c.Discord.CatchUpMaxAge,
		MaxAttachments:   c.Discord.MaxAttachments,
		ProgressInterval: c.Discord.ProgressInterval,
		Logger:           a.log,
		Registerer:       a.reg,
	}
}

// addProjectCommand is the /add-project handler, or nil when no project roots are configured.
func (a *App) addProjectCommand() func(ctx context.Context, channelID, name, dir, by string) (string, bool, error) {
	if len(a.cfg.DynamicProjects.Roots) == 0 {
		return nil
	}
	return a.addProject
}

// Fatal delivers an error that ends the daemon: the Discord gateway closed for good.
func (a *App) Fatal() <-chan error {
	if a.gateway != nil {
		return a.gateway.Fatal()
	}
	return a.fatal // never written: nothing is fatal without Discord
}

// Registry is the Prometheus registry the App serves; other packages register their metrics here.
func (a *App) Registry() *prometheus.Registry { return a.reg }

// AddReadinessCheck adds a condition to /readyz (the gateway adds "connected"). Call before Start.
func (a *App) AddReadinessCheck(c ReadinessCheck) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.checks = append(a.checks, c)
}

// Start opens the store, starts the actor system and the metrics listener, and with Discord
// connects the gateway. On an error everything started is stopped again.
func (a *App) Start(ctx context.Context) error {
	a.mu.Lock()
	if a.started {
		a.mu.Unlock()
		return errors.New("app: already started")
	}
	a.started = true
	a.mu.Unlock()
	if err := a.start(ctx); err != nil {
		_ = a.Stop(context.Background())
		return err
	}
	return nil
}

func (a *App) start(ctx context.Context) error {
	st, err := store.Open(a.cfg.Store.Path, store.Options{})
	if err != nil {
		return err
	}
	a.set(func() { a.store = st })
	a.startAdmin(st)
	if n, err := st.JournalPrune(time.Now().Add(-journalKeep)); err != nil {
		return err
	} else if n > 0 {
		a.log.Info().Int("entries", n).Msg("journal pruned")
	}
	meter, err := newMeterProvider(a.reg)
	if err != nil {
		return err
	}
	a.set(func() { a.meter = meter })
	sys, err := actors.New(a.actorOptions(st, meter))
	if err != nil {
		return err
	}
	if err := sys.Start(); err != nil {
		return err
	}
	a.set(func() { a.actors = sys })
	if err := a.restoreProjects(st, sys); err != nil {
		return err
	}
	if listen := a.metricsListen(); listen != "" {
		srv, err := startHTTP(listen, newHandler(a.reg, a.ready))
		if err != nil {
			return err
		}
		a.set(func() { a.http = srv })
		a.log.Info().Str("addr", srv.addr()).Msg("serving /metrics, /healthz, /readyz")
	}
	if a.gateway != nil {
		if err := a.gateway.Start(ctx, sys, st); err != nil {
			return err
		}
	}
	return nil
}

// set changes the App's fields under its lock.
func (a *App) set(f func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f()
}

func (a *App) metricsListen() string {
	if a.opts.MetricsListen != "" {
		return a.opts.MetricsListen
	}
	return a.cfg.Metrics.Listen
}

func (a *App) actorOptions(st *store.Store, meter *sdkmetric.MeterProvider) actors.Options {
	c := a.cfg
	runner := claude.New(claude.Options{
		Command:     c.Claude.Command,
		Timeout:     c.Claude.Timeout,
		IdleTimeout: c.Claude.IdleTimeout,
		KillGrace:   c.Claude.KillGrace,
		Env:         c.Claude.Env,
		PassEnv:     c.Claude.PassEnv,
		Environ:     a.opts.Environ,
		LockDir:     filepath.Join(filepath.Dir(c.Store.Path), "session-locks"),
	})
	projects := make(map[string]*actors.Project)
	for _, p := range c.Projects {
		project := actorProject(p)
		for _, ch := range p.Channels {
			projects[ch] = project
		}
	}
	return actors.Options{
		Runner: runner, Store: st, Replier: a.opts.Replier, Projects: projects,
		MaxConcurrent:      c.Claude.MaxConcurrent,
		QueueLimit:         c.Channels.QueueLimit,
		PassivateAfter:     c.Channels.PassivateAfter,
		MaxRestarts:        c.Channels.MaxRestarts,
		RestartWindow:      c.Channels.RestartWindow,
		RestartDelay:       orNone(c.Channels.RestartDelay),
		BreakerCooldown:    c.Channels.BreakerCooldown,
		RunTimeout:         c.Claude.Timeout,
		IdleTimeout:        c.Claude.IdleTimeout,
		Fetcher:            NewHTTPFetcher(DefaultFetchTimeout),
		MaxAttachmentBytes: int64(c.Discord.MaxAttachmentBytes),
		Logger:             a.log,
		Metrics:            actors.NewMetrics(a.reg),
		MeterProvider:      meter,
	}
}

// ready is /readyz: the store is open, the actor system runs, and every added check passes.
func (a *App) ready() error {
	a.mu.Lock()
	checks := append([]ReadinessCheck{func() error {
		if a.store == nil || a.actors == nil || !a.actors.Running() {
			return errors.New("actor system not running")
		}
		return nil
	}}, a.checks...)
	a.mu.Unlock()
	for _, c := range checks {
		if err := c(); err != nil {
			return err
		}
	}
	return nil
}

// Actors is the running actor system (nil before Start).
func (a *App) Actors() *actors.System {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.actors
}

// MetricsAddr is the address the metrics listener is bound to ("" when disabled or not started).
func (a *App) MetricsAddr() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.http == nil {
		return ""
	}
	return a.http.addr()
}

// journalKeep is how long answered mentions stay in the journal, to drop gateway replays.
const journalKeep = 7 * 24 * time.Hour

// stopTimeout bounds the part of Stop that comes after draining: killing what still runs,
// sending the last replies and closing the store.
const stopTimeout = 15 * time.Second

// Stop shuts the daemon down in order: it stops the intake (a new mention is journaled and runs
// after the restart), lets the runs in flight finish until ctx ends, stops the actor system (killing what still runs and
// answering what waited), sends the last replies, stops the listener and the meter provider,
// and closes the store. It is idempotent.
func (a *App) Stop(ctx context.Context) error {
	a.stopOnce.Do(func() {
		a.mu.Lock()
		sys, srv, meter, st, gw := a.actors, a.http, a.meter, a.store, a.gateway
		a.mu.Unlock() // /readyz takes the lock: never hold it while waiting for the listener
		if gw != nil {
			gw.StopIntake() // new mentions are journaled and run after the restart
		}
		if sys != nil {
			sys.Drain(ctx)
		}
		stopCtx, cancel := context.WithTimeout(context.Background(), stopTimeout)
		defer cancel()
		var errs []error
		if sys != nil {
			errs = append(errs, sys.Stop(stopCtx)) // interrupted runs are answered through the gateway
		}
		if gw != nil {
			errs = append(errs, gw.Stop(stopCtx)) // sends what is queued, then closes
		}
		if srv != nil {
			errs = append(errs, srv.stop(stopCtx))
		}
		if meter != nil {
			if err := meter.Shutdown(stopCtx); err != nil {
				errs = append(errs, fmt.Errorf("stop meter provider: %w", err))
			}
		}
		errs = append(errs, a.stopAdmin(stopCtx)) // before the store closes: a copy in progress ends first
		if st != nil {
			errs = append(errs, st.Close())
		}
		a.stopErr = errors.Join(errs...)
	})
	return a.stopErr
}

// orNone maps a configured zero duration ("none") to the actors package's "none" (negative);
// the actors package reads zero as "use the default".
func orNone(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}
