package actors

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/metric"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// Defaults for Options fields left zero.
const (
	DefaultMaxConcurrent   = 4
	DefaultQueueLimit      = 10
	DefaultPassivateAfter  = 30 * time.Minute
	DefaultMaxRestarts     = 3
	DefaultRestartWindow   = time.Minute
	DefaultRestartDelay    = time.Second
	DefaultBreakerCooldown = 5 * time.Minute
	DefaultRequestTimeout  = 5 * time.Second
	// DefaultMaxAttachmentBytes is the largest attached file downloaded when Options.MaxAttachmentBytes is zero.
	DefaultMaxAttachmentBytes = 8 << 20
)

// ErrStopped is returned for calls on a System that is not running.
var ErrStopped = errors.New("actor system is not running")

// Options configure a System.
type Options struct {
	Runner   Runner              // required
	Store    SessionStore        // required
	Replier  Replier             // required
	Projects map[string]*Project // channel id -> project (shared by its channels); messages in other channels are NotMapped

	MaxConcurrent   int           // Claude processes at once, across channels
	QueueLimit      int           // messages waiting per channel
	PassivateAfter  time.Duration // an idle channel actor stops after this long; < 0 never
	MaxRestarts     int           // failures within RestartWindow before the breaker trips
	RestartWindow   time.Duration
	RestartDelay    time.Duration // pause before a restarted channel runs again
	BreakerCooldown time.Duration
	RunTimeout      time.Duration // the runner's limits, named in failure messages
	IdleTimeout     time.Duration

	// Fetcher downloads the files attached to a message before its run; nil: attachments are not downloaded
	// and the prompt says so.
	Fetcher            Fetcher
	MaxAttachmentBytes int64 // the largest attached file downloaded; a larger one is skipped

	Logger        zerolog.Logger
	Metrics       *Metrics             // nil: metrics on a private registry
	MeterProvider metric.MeterProvider // protoactor's own metrics; nil: off
	Now           func() time.Time
}

// System is the actor system that serves every channel: a manager actor that routes and
// supervises, one actor per active channel, and a fair scheduler for the global run slots.
type System struct {
	opts    Options
	breaker breakerPolicy
	log     zerolog.Logger
	metrics *Metrics
	sched   *scheduler
	now     func() time.Time

	routesMu sync.RWMutex
	routes   map[string]*Project // channel id -> project: Options.Projects plus AddProject

	mu        sync.Mutex
	actors    *actor.ActorSystem
	root      *actor.RootContext
	managerID *actor.PID
	runCtx    context.Context
	stopRuns  context.CancelFunc
	runs      sync.WaitGroup
	running   bool
	draining  atomic.Bool   // no new run starts: the system is shutting down
	inflight  atomic.Int64  // runs started and not answered yet
	settled   chan struct{} // gets a token whenever inflight drops to 0 (Drain waits on it)
}

// New validates opts and returns a System that is not started yet. It does no I/O.
func New(opts Options) (*System, error) {
	if opts.Runner == nil || opts.Store == nil || opts.Replier == nil {
		return nil, errors.New("actors: Runner, Store and Replier are required")
	}
	setDefault(&opts.MaxConcurrent, DefaultMaxConcurrent)
	setDefault(&opts.QueueLimit, DefaultQueueLimit)
	setDefault(&opts.MaxRestarts, DefaultMaxRestarts)
	setDefault(&opts.PassivateAfter, DefaultPassivateAfter)
	setDefault(&opts.RestartWindow, DefaultRestartWindow)
	setDefault(&opts.RestartDelay, DefaultRestartDelay)
	setDefault(&opts.BreakerCooldown, DefaultBreakerCooldown)
	setDefault(&opts.MaxAttachmentBytes, DefaultMaxAttachmentBytes)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics(prometheus.NewRegistry())
	}
	routes := make(map[string]*Project, len(opts.Projects))
	for ch, p := range opts.Projects {
		routes[ch] = p
		opts.Metrics.initProject(p.Name)
	}
	return &System{
		settled: make(chan struct{}, 1),
		routes:  routes,
		opts:    opts,
		breaker: breakerPolicy{maxRestarts: opts.MaxRestarts, window: opts.RestartWindow,
			restartDelay: opts.RestartDelay, cooldown: opts.BreakerCooldown},
		log:     opts.Logger.With().Str("component", "actors").Logger(),
		metrics: opts.Metrics,
		sched:   newScheduler(opts.MaxConcurrent),
		now:     opts.Now,
	}, nil
}

func setDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v == 0 {
		*v = def
	}
}

// Start starts the actor system and the manager.
func (s *System) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return errors.New("actors: already started")
	}
	logger := s.log
	if logger.GetLevel() == zerolog.InfoLevel {
		// protoactor logs routine events ("[ACTOR] Recovering" after each supervised restart, which we log
		// ourselves with the reason) at info: at the info level only its warnings and errors are kept.
		logger = logger.Level(zerolog.WarnLevel)
	}
	cfg := []actor.ConfigOption{actor.WithLoggerFactory(func(as *actor.ActorSystem) *slog.Logger {
		return slog.New(zerolog.NewSlogHandler(logger)).With("lib", "protoactor")
	})}
	if s.opts.MeterProvider != nil {
		cfg = append(cfg, actor.WithMetricProviders(s.opts.MeterProvider))
	}
	s.actors = actor.NewActorSystem(cfg...)
	s.root = s.actors.Root
	s.runCtx, s.stopRuns = context.WithCancel(context.Background())
	pid, err := s.root.SpawnNamed(actor.PropsFromProducer(func() actor.Actor { return newManager(s) }), "manager")
	if err != nil {
		return fmt.Errorf("spawn manager: %w", err)
	}
	s.managerID = pid
	s.running = true
	s.log.Info().Int("max_concurrent", s.opts.MaxConcurrent).Int("queue_limit", s.opts.QueueLimit).
		Int("channels_mapped", len(s.opts.Projects)).Msg("actor system started")
	return nil
}

// Running reports whether the system is started and not stopped.
func (s *System) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// Submit hands an inbound message to its channel. Its outcomes go to the Replier.
func (s *System) Submit(m Inbound) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		return ErrStopped
	}
	if m.Received.IsZero() {
		m.Received = s.now()
	}
	s.root.Send(s.managerID, &m)
	return nil
}

// Status asks what a channel is doing. It is answered while a run is in flight.
func (s *System) Status(ctx context.Context, channelID string) (ChannelStatus, error) {
	return ask[ChannelStatus](ctx, s, &StatusRequest{ChannelID: channelID})
}

// Cancel stops the channel's running Claude turn, if any, and with dropQueue also drops its
// queued messages. It is not a failure: the channel goes on.
func (s *System) Cancel(ctx context.Context, channelID, by string, dropQueue bool) (CancelReply, error) {
	return ask[CancelReply](ctx, s, &CancelRequest{ChannelID: channelID, By: by, DropQueue: dropQueue})
}

// CancelRun stops the channel's running Claude turn only if it runs messageID (the message a Stop button was
// posted for); Cancelled is false when that run is already over. The queue is left alone.
func (s *System) CancelRun(ctx context.Context, channelID, messageID, by string) (CancelReply, error) {
	return ask[CancelReply](ctx, s, &CancelRequest{ChannelID: channelID, By: by, MessageID: messageID})
}

// Reset makes the channel forget its Claude session; its next message starts a new one.
func (s *System) Reset(ctx context.Context, channelID, by string) (ResetReply, error) {
	return ask[ResetReply](ctx, s, &ResetRequest{ChannelID: channelID, By: by})
}

// SetModel sets the channel's model override ("" returns to the project's model).
func (s *System) SetModel(ctx context.Context, channelID, model, by string) (SetModelReply, error) {
	return ask[SetModelReply](ctx, s, &SetModelRequest{ChannelID: channelID, Model: model, By: by})
}

// AddProject maps a channel to a project at run time. A channel that is already mapped keeps
// its project and the call fails.
func (s *System) AddProject(channelID string, p *Project) error {
	s.routesMu.Lock()
	defer s.routesMu.Unlock()
	if cur := s.routes[channelID]; cur != nil {
		return fmt.Errorf("channel %s is already mapped to project %s", channelID, cur.Name)
	}
	s.routes[channelID] = p
	s.metrics.initProject(p.Name)
	s.log.Info().Str("channel", channelID).Str("project", p.Name).Str("dir", p.Dir).Msg("channel mapped to a project")
	return nil
}

// ErrThreadsOff is returned by AddThread when the parent channel's project does not set Threads.
var ErrThreadsOff = errors.New("the project does not run threads on their own")

// AddThread makes a thread under a mapped channel a channel of its own (its own actor, queue and Claude session)
// with the parent's project, when that project sets Threads. It returns the project's name; a thread that is
// already mapped keeps its project and succeeds. It fails for a parent that belongs to no project, and with
// ErrThreadsOff when the project keeps threads off.
func (s *System) AddThread(threadID, parentID string) (string, error) {
	s.routesMu.Lock()
	defer s.routesMu.Unlock()
	if cur := s.routes[threadID]; cur != nil {
		return cur.Name, nil
	}
	p := s.routes[parentID]
	if p == nil {
		return "", fmt.Errorf("thread %s: parent channel %s belongs to no project", threadID, parentID)
	}
	if !p.Threads {
		return p.Name, fmt.Errorf("thread %s under project %s: %w", threadID, p.Name, ErrThreadsOff)
	}
	s.routes[threadID] = p
	s.log.Info().Str("channel", threadID).Str("parent", parentID).Str("project", p.Name).Msg("thread mapped to its parent's project")
	return p.Name, nil
}

// project returns the project of a channel, or nil.
func (s *System) project(channelID string) *Project {
	s.routesMu.RLock()
	defer s.routesMu.RUnlock()
	return s.routes[channelID]
}

// ask sends a request to the manager and returns its typed answer; an error answer is returned
// as the error.
func ask[T any](ctx context.Context, s *System, msg any) (T, error) {
	var zero T
	res, err := s.request(ctx, msg)
	if err != nil {
		return zero, err
	}
	switch r := res.(type) {
	case T:
		return r, nil
	case error:
		return zero, r
	default:
		return zero, fmt.Errorf("actor system answered %T to %T", res, msg)
	}
}

func (s *System) request(ctx context.Context, msg any) (any, error) {
	s.mu.Lock()
	if !s.running {
		s.mu.Unlock()
		return nil, ErrStopped
	}
	root, pid := s.root, s.managerID
	s.mu.Unlock()
	timeout := DefaultRequestTimeout
	if deadline, ok := ctx.Deadline(); ok {
		timeout = time.Until(deadline)
	}
	res, err := root.RequestFuture(pid, msg, timeout).Result()
	if errors.Is(err, actor.ErrDeadLetter) {
		return nil, fmt.Errorf("channel went idle while asked, ask again: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("ask actor system: %w", err)
	}
	return res, nil
}

// Drain lets the runs in flight finish, up to ctx's deadline, and starts no new ones; queued
// messages stay queued (Stop answers them). It reports whether every run finished.
func (s *System) Drain(ctx context.Context) bool {
	s.draining.Store(true)
	s.log.Info().Int64("runs_in_flight", s.inflight.Load()).Msg("draining: no new runs start")
	for s.inflight.Load() > 0 {
		select {
		case <-ctx.Done():
			s.log.Warn().Int64("runs_in_flight", s.inflight.Load()).Msg("drain deadline: stopping the runs still in flight")
			return false
		case <-s.settled:
		}
	}
	return true
}

// answered counts a run in flight as answered, and wakes Drain when none is left.
func (s *System) answered() {
	if s.inflight.Add(-1) == 0 {
		select {
		case s.settled <- struct{}{}:
		default: // a token is already waiting
		}
	}
}

// Stop stops every channel actor (the run in flight and the queued messages are answered as
// interrupted), kills the Claude processes and waits for them, up to ctx's deadline.
func (s *System) Stop(ctx context.Context) error {
	s.mu.Lock()
	if !s.running {
		s.mu.Unlock()
		return nil
	}
	s.running = false
	s.mu.Unlock()

	stopErr := s.root.StopFuture(s.managerID).Wait()
	s.stopRuns()
	done := make(chan struct{})
	go func() { s.runs.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return fmt.Errorf("stop actor system: runs still in flight: %w", ctx.Err())
	}
	s.actors.Shutdown()
	if stopErr != nil {
		return fmt.Errorf("stop manager: %w", stopErr)
	}
	s.log.Info().Msg("actor system stopped")
	return nil
}

// execute runs one request. A stored session that the CLI no longer knows is dropped and the
// message retried once in a fresh session; fresh reports that retry.
func (s *System) execute(ctx context.Context, req claude.Request) (res claude.Result, fresh bool) {
	res = s.opts.Runner.Run(ctx, req)
	if res.Outcome != claude.OutcomeStaleSession || req.ResumeID == "" || ctx.Err() != nil {
		return res, false
	}
	s.log.Info().Str("session", req.ResumeID).Msg("stored session is gone: retrying in a new session")
	req.ResumeID, req.NewSessionID = "", uuid.NewString()
	return s.opts.Runner.Run(ctx, req), true
}
