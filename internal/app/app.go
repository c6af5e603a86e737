package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/internal/config"
	"github.com/discord-coordinator/coordinator/store"
)

// Options are what the caller adds to the configuration.
type Options struct {
	Logger  zerolog.Logger
	Replier actors.Replier // where outcomes go: the Discord gateway, or the chat printer
	Environ []string       // the environment the Claude child's allow-list picks from; nil: os.Environ()
	// MetricsListen overrides cfg.Metrics.Listen when not empty (tests use "127.0.0.1:0").
	MetricsListen string
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
	http     *httpServer
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
	if opts.Replier == nil {
		return nil, errors.New("app: Options.Replier is required")
	}
	if opts.Environ == nil {
		opts.Environ = os.Environ()
	}
	return &App{cfg: cfg, opts: opts, log: opts.Logger, reg: newRegistry()}, nil
}

// Registry is the Prometheus registry the App serves; other packages register their metrics here.
func (a *App) Registry() *prometheus.Registry { return a.reg }

// AddReadinessCheck adds a condition to /readyz (the gateway adds "connected"). Call before Start.
func (a *App) AddReadinessCheck(c ReadinessCheck) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.checks = append(a.checks, c)
}

// Start opens the store, starts the actor system and the metrics listener.
func (a *App) Start(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.started {
		return errors.New("app: already started")
	}
	st, err := store.Open(a.cfg.Store.Path, store.Options{})
	if err != nil {
		return err
	}
	a.store = st
	a.meter, err = newMeterProvider(a.reg)
	if err != nil {
		_ = st.Close()
		return err
	}
	a.actors, err = actors.New(a.actorOptions())
	if err != nil {
		_ = st.Close()
		return err
	}
	if err := a.actors.Start(); err != nil {
		_ = st.Close()
		return err
	}
	if listen := a.metricsListen(); listen != "" {
		a.http, err = startHTTP(listen, newHandler(a.reg, a.ready))
		if err != nil {
			_ = a.actors.Stop(ctx)
			_ = st.Close()
			return err
		}
		a.log.Info().Str("addr", a.http.addr()).Msg("serving /metrics, /healthz, /readyz")
	}
	a.started = true
	return nil
}

func (a *App) metricsListen() string {
	if a.opts.MetricsListen != "" {
		return a.opts.MetricsListen
	}
	return a.cfg.Metrics.Listen
}

func (a *App) actorOptions() actors.Options {
	c := a.cfg
	runner := claude.New(claude.Options{
		Command:     c.Claude.Command,
		Timeout:     c.Claude.Timeout,
		IdleTimeout: c.Claude.IdleTimeout,
		KillGrace:   c.Claude.KillGrace,
		Env:         c.Claude.Env,
		PassEnv:     c.Claude.PassEnv,
		Environ:     a.opts.Environ,
	})
	projects := make(map[string]*actors.Project)
	for _, p := range c.Projects {
		project := &actors.Project{
			Name: p.Name, Dir: p.Dir, Model: p.Model,
			AllowedTools: p.AllowedTools, DisallowedTools: p.DisallowedTools,
			PermissionMode: p.PermissionMode, AppendSystemPrompt: p.AppendSystemPrompt,
			MaxTurns: p.MaxTurns, MaxBudgetUSD: p.MaxBudgetUSD,
		}
		for _, ch := range p.Channels {
			projects[ch] = project
		}
	}
	return actors.Options{
		Runner: runner, Store: a.store, Replier: a.opts.Replier, Projects: projects,
		MaxConcurrent:   c.Claude.MaxConcurrent,
		QueueLimit:      c.Channels.QueueLimit,
		PassivateAfter:  c.Channels.PassivateAfter,
		MaxRestarts:     c.Channels.MaxRestarts,
		RestartWindow:   c.Channels.RestartWindow,
		RestartDelay:    orNone(c.Channels.RestartDelay),
		BreakerCooldown: c.Channels.BreakerCooldown,
		RunTimeout:      c.Claude.Timeout,
		IdleTimeout:     c.Claude.IdleTimeout,
		Logger:          a.log,
		Metrics:         actors.NewMetrics(a.reg),
		MeterProvider:   a.meter,
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

// Stop stops the actor system (killing Claude processes), the listener and the meter provider,
// and closes the store. It is idempotent.
func (a *App) Stop(ctx context.Context) error {
	a.stopOnce.Do(func() {
		a.mu.Lock()
		sys, srv, meter, st := a.actors, a.http, a.meter, a.store
		a.mu.Unlock() // /readyz takes the lock: never hold it while waiting for the listener
		var errs []error
		if sys != nil {
			errs = append(errs, sys.Stop(ctx))
		}
		if srv != nil {
			errs = append(errs, srv.stop(ctx))
		}
		if meter != nil {
			if err := meter.Shutdown(ctx); err != nil {
				errs = append(errs, fmt.Errorf("stop meter provider: %w", err))
			}
		}
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
