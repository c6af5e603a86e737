package actors_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/store"
)

// Benchmarks for docs/benchmarks.md. Run them without -race:
//
//	go test -run '^$' -bench . -benchtime 200x ./actors
//
// The fake CLI answers at once (no directive), so a run costs one process spawn.

// benchRunner is the real runner with the fake CLI, writing no invocation log.
func benchRunner(b *testing.B) *claude.Runner {
	home := b.TempDir()
	return claude.New(claude.Options{Command: fakeClaude, Environ: []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home}})
}

// chanReplier hands final outcomes to a channel and records submit-to-start latencies.
type chanReplier struct {
	finals chan actors.Outcome
	mu     sync.Mutex
	sent   map[string]time.Time
	starts []time.Duration
}

func newChanReplier(n int) *chanReplier {
	return &chanReplier{finals: make(chan actors.Outcome, n), sent: make(map[string]time.Time, n)}
}

func (r *chanReplier) submitted(id string) {
	r.mu.Lock()
	r.sent[id] = time.Now()
	r.mu.Unlock()
}

func (r *chanReplier) Deliver(o actors.Outcome) {
	switch o.Kind {
	case actors.Queued, actors.Working:
	case actors.Started:
		r.mu.Lock()
		if t, ok := r.sent[o.MessageID]; ok {
			r.starts = append(r.starts, time.Since(t))
		}
		r.mu.Unlock()
	default:
		r.finals <- o
	}
}

func benchSystem(b *testing.B, channels, maxConcurrent int, runner actors.Runner, st actors.SessionStore, rep actors.Replier) (*actors.System, []string) {
	b.Helper()
	ids, projects := benchProjects(b, channels)
	return startSystem(b, projects, maxConcurrent, runner, st, rep), ids
}

// benchProjects maps n channel ids to one project.
func benchProjects(b *testing.B, n int) ([]string, map[string]*actors.Project) {
	ids := make([]string, n)
	projects := make(map[string]*actors.Project, n)
	project := &actors.Project{Name: "bench", Dir: b.TempDir()}
	for i := range ids {
		ids[i] = fmt.Sprintf("%d", 1300000000000000000+i)
		projects[ids[i]] = project
	}
	return ids, projects
}

func startSystem(b *testing.B, projects map[string]*actors.Project, maxConcurrent int, runner actors.Runner, st actors.SessionStore, rep actors.Replier) *actors.System {
	sys, err := actors.New(actors.Options{Runner: runner, Store: st, Replier: rep, Projects: projects,
		MaxConcurrent: maxConcurrent, QueueLimit: 1 << 20, PassivateAfter: time.Hour, Logger: zerolog.Nop()})
	if err != nil {
		b.Fatal(err)
	}
	if err := sys.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = sys.Stop(ctx)
	})
	return sys
}

func benchStore(b *testing.B) *store.Store {
	st, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}

// BenchmarkRunnerDirect is the baseline: one fake CLI run after another through the runner.
func BenchmarkRunnerDirect(b *testing.B) {
	r := benchRunner(b)
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		res := r.Run(context.Background(), claude.Request{Dir: dir, Prompt: "hi", NewSessionID: newUUID(i)})
		if res.Outcome != claude.OutcomeOK {
			b.Fatal(res.Err)
		}
	}
}

// BenchmarkSystemOneChannel sends messages one at a time through the actor system (real runner
// and fake CLI, real store) and reports the coordinator's own overhead per message: from Submit
// to the runner's call, plus from the runner's return to the final outcome (the store write
// included). Compare ns/op with BenchmarkRunnerDirect.
func BenchmarkSystemOneChannel(b *testing.B) {
	stores := []struct {
		name string
		open func(*testing.B) actors.SessionStore
	}{
		{"store=bbolt", func(b *testing.B) actors.SessionStore { return benchStore(b) }},
		{"store=memory", func(*testing.B) actors.SessionStore { return newMemStore() }}, // the overhead without the disk sync
	}
	for _, st := range stores {
		b.Run(st.name, func(b *testing.B) {
			rep := newChanReplier(1)
			timed := &timingRunner{next: benchRunner(b)}
			sys, ids := benchSystem(b, 1, 1, timed, st.open(b), rep)
			overhead := make([]time.Duration, 0, b.N)
			for i := 0; b.Loop(); i++ {
				submitted := time.Now()
				if err := sys.Submit(actors.Inbound{ChannelID: ids[0], MessageID: fmt.Sprint(i), Text: "hi"}); err != nil {
					b.Fatal(err)
				}
				if o := <-rep.finals; o.Kind != actors.Answered {
					b.Fatalf("%+v", o)
				}
				answered := time.Now()
				called, returned := timed.last()
				overhead = append(overhead, called.Sub(submitted)+answered.Sub(returned))
			}
			reportLatency(b, overhead, "overhead")
		})
	}
}

// timingRunner records when the runner was last called and when it returned.
type timingRunner struct {
	next             actors.Runner
	mu               sync.Mutex
	called, returned time.Time
}

func (r *timingRunner) Run(ctx context.Context, req claude.Request) claude.Result {
	called := time.Now()
	res := r.next.Run(ctx, req)
	r.mu.Lock()
	r.called, r.returned = called, time.Now()
	r.mu.Unlock()
	return res
}

func (r *timingRunner) last() (called, returned time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.called, r.returned
}

// BenchmarkRawSpawnRate runs the fake CLI from 2 goroutines at once (the machine's cores): the
// ceiling for the throughput benchmarks.
func BenchmarkRawSpawnRate(b *testing.B) {
	r := benchRunner(b)
	dir := b.TempDir()
	var wg sync.WaitGroup
	work := make(chan int)
	for range 2 {
		wg.Go(func() {
			for i := range work {
				if res := r.Run(context.Background(), claude.Request{Dir: dir, Prompt: "hi", NewSessionID: newUUID(i)}); res.Outcome != claude.OutcomeOK {
					b.Error(res.Err)
				}
			}
		})
	}
	for i := 0; b.Loop(); i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// BenchmarkThroughput pushes b.N messages spread over 1, 10 or 100 channels through the system
// with max_concurrent 2, and reports p50/p99 of submit-to-start latency.
func BenchmarkThroughput(b *testing.B) {
	for _, channels := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("channels=%d", channels), func(b *testing.B) {
			rep := newChanReplier(b.N)
			sys, ids := benchSystem(b, channels, 2, benchRunner(b), benchStore(b), rep)
			b.ResetTimer()
			for i := range b.N {
				id := fmt.Sprint(i)
				rep.submitted(id)
				if err := sys.Submit(actors.Inbound{ChannelID: ids[i%channels], MessageID: id, Text: "hi"}); err != nil {
					b.Fatal(err)
				}
			}
			for range b.N {
				if o := <-rep.finals; o.Kind != actors.Answered {
					b.Fatalf("%+v", o)
				}
			}
			b.StopTimer()
			reportLatency(b, rep.starts, "submit-to-start")
		})
	}
}

// BenchmarkSubmitToStart measures the actor system's own latency from Submit to the Started
// outcome (just before the process is spawned) under load: b.N messages submitted at once, each
// to its own channel (so each also spawns a channel actor), with a run slot for each and a stub
// runner, so that no message waits behind another's process.
func BenchmarkSubmitToStart(b *testing.B) {
	rep := newChanReplier(b.N)
	sys, ids := benchSystem(b, b.N, b.N, instantRunner{}, newMemStore(), rep)
	b.ResetTimer()
	for i := range b.N {
		id := fmt.Sprint(i)
		rep.submitted(id)
		if err := sys.Submit(actors.Inbound{ChannelID: ids[i], MessageID: id, Text: "hi"}); err != nil {
			b.Fatal(err)
		}
	}
	for range b.N {
		<-rep.finals
	}
	b.StopTimer()
	reportLatency(b, rep.starts, "submit-to-start")
}

// BenchmarkIdleChannelMemory reports heap bytes per idle channel actor with 10k and 100k
// channels. Each channel handles one message and stays live (no passivation). A stub runner and a
// store that keeps nothing keep 100k process spawns and fsyncs out of a memory measurement; the
// channel ids, project map and messages are made before the first reading.
func BenchmarkIdleChannelMemory(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("channels=%d", n), func(b *testing.B) {
			for range b.N {
				rep := newChanReplier(n)
				ids, projects := benchProjects(b, n)
				msgs := make([]actors.Inbound, n)
				for i, id := range ids {
					msgs[i] = actors.Inbound{ChannelID: id, MessageID: fmt.Sprint(i), Text: "hi"}
				}
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				sys := startSystem(b, projects, 4, instantRunner{}, &memStore{}, rep)
				for _, m := range msgs {
					if err := sys.Submit(m); err != nil {
						b.Fatal(err)
					}
				}
				for range n {
					<-rep.finals
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "heap-bytes/channel")
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				_ = sys.Stop(ctx)
				cancel()
			}
		})
	}
}

func reportLatency(b *testing.B, d []time.Duration, name string) {
	if len(d) == 0 {
		return
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), name+"-p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), name+"-p99-µs")
}

func newUUID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// instantRunner answers every request at once (memory and latency benchmarks only).
type instantRunner struct{}

func (instantRunner) Run(_ context.Context, req claude.Request) claude.Result {
	id := req.ResumeID
	if id == "" {
		id = req.NewSessionID
	}
	return claude.Result{Outcome: claude.OutcomeOK, Text: "ok", SessionID: id, Turns: 1}
}

// memStore is an in-memory SessionStore (memory and latency benchmarks only). With a nil map
// it keeps nothing, so that it adds nothing to a memory measurement.
type memStore struct {
	mu       sync.Mutex
	sessions map[string]store.Session
}

func newMemStore() *memStore { return &memStore{sessions: make(map[string]store.Session)} }

func (m *memStore) GetSession(id string) (store.Session, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	return s, ok, nil
}

func (m *memStore) PutSession(s store.Session) error { return m.RecordRun(s, store.Run{}) }

func (m *memStore) RecordRun(s store.Session, _ store.Run) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sessions != nil {
		m.sessions[s.ChannelID] = s
	}
	return nil
}

func (m *memStore) Spend(string, time.Time) (day, month float64, err error) { return 0, 0, nil }

// BenchmarkBareActorMemory is the baseline for BenchmarkIdleChannelMemory: heap bytes per empty
// protoactor actor spawned as a channel actor is (its own Props, a child of one parent, after one
// message).
func BenchmarkBareActorMemory(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("actors=%d", n), func(b *testing.B) {
			for range b.N {
				as := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.DiscardHandler) }))
				done := make(chan struct{}, n)
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				parent := as.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
					if _, ok := ctx.Message().(int); ok {
						props := actor.PropsFromProducer(func() actor.Actor { return bareActor{done} })
						ctx.Send(ctx.SpawnPrefix(props, "bare-"), struct{}{})
					}
				}))
				for i := range n {
					as.Root.Send(parent, i)
				}
				for range n {
					<-done
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "heap-bytes/actor")
				_ = as.Root.StopFuture(parent).Wait()
				as.Shutdown()
			}
		})
	}
}

type bareActor struct{ done chan<- struct{} }

func (a bareActor) Receive(ctx actor.Context) {
	if _, ok := ctx.Message().(struct{}); ok {
		a.done <- struct{}{}
	}
}
