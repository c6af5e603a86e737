package actors_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/store"
	"github.com/discord-coordinator/coordinator/test/fakecli"
	"github.com/discord-coordinator/coordinator/test/probe"
)

// wait is the deadline of every wait in these tests: long enough never to fire on a slow CI
// machine, short enough to report a hang.
const wait = 30 * time.Second

// harness is one actor system wired to the real runner with the fake CLI, a real store in a
// temporary directory, and a probe as its reply port.
type harness struct {
	t       *testing.T
	sys     *actors.System
	probe   *probe.Probe
	probeAS *actor.ActorSystem
	store   *store.Store
	reg     *prometheus.Registry
	dir     string // project dir
	logPath string // the fake CLI's invocation log
	home    string
}

// probeReplier makes a probe the reply port.
type probeReplier struct{ p *probe.Probe }

func (r probeReplier) Deliver(o actors.Outcome) { r.p.Send(o) }

type claudeOptions = claude.Options

type harnessOption func(*actors.Options, *claudeOptions)

// newHarness starts an actor system with the given channels mapped to one project. storePath may
// be "" for a fresh store.
func newHarness(t *testing.T, channels []string, storePath string, opts ...harnessOption) *harness {
	t.Helper()
	base := t.TempDir()
	h := &harness{t: t, dir: filepath.Join(base, "project"), logPath: filepath.Join(base, "fake.log"),
		home: filepath.Join(base, "home"), reg: prometheus.NewRegistry()}
	for _, d := range []string{h.dir, h.home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if storePath == "" {
		storePath = filepath.Join(base, "coordinator.db")
	}
	st, err := store.Open(storePath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.store = st
	h.probeAS = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return slog.New(slog.DiscardHandler) }))
	h.probe = probe.New(h.probeAS, 10000)

	copts := claude.Options{
		Command:     fakeClaude,
		Timeout:     wait,
		IdleTimeout: wait,
		KillGrace:   200 * time.Millisecond,
		Env:         map[string]string{"FAKECLAUDE_LOG": h.logPath},
		Environ:     []string{"PATH=" + os.Getenv("PATH"), "HOME=" + h.home},
	}
	projects := make(map[string]*actors.Project)
	for _, ch := range channels {
		projects[ch] = &actors.Project{Name: "demo", Dir: h.dir}
	}
	aopts := actors.Options{
		Store:         st,
		Replier:       probeReplier{h.probe},
		Projects:      projects,
		Logger:        zerolog.New(zerolog.NewTestWriter(t)),
		Metrics:       actors.NewMetrics(h.reg),
		RestartDelay:  -1,
		MaxConcurrent: 4,
	}
	for _, o := range opts {
		o(&aopts, &copts)
	}
	aopts.Runner = claude.New(copts)
	h.sys, err = actors.New(aopts)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.sys.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.stop)
	return h
}

// stop stops everything the harness started; it is safe to call twice.
func (h *harness) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := h.sys.Stop(ctx); err != nil {
		h.t.Errorf("stop actor system: %v", err)
	}
	if h.probeAS != nil {
		_ = h.probe.Stop()
		h.probeAS.Shutdown()
		h.probeAS = nil
	}
	if h.store != nil {
		if err := h.store.Close(); err != nil {
			h.t.Errorf("close store: %v", err)
		}
		h.store = nil
	}
}

var msgSeq struct {
	sync.Mutex
	n int
}

// send submits text in channel and returns the message id.
func (h *harness) send(channel, text string) string {
	h.t.Helper()
	msgSeq.Lock()
	msgSeq.n++
	id := fmt.Sprintf("m%d", msgSeq.n)
	msgSeq.Unlock()
	if err := h.sys.Submit(actors.Inbound{ChannelID: channel, MessageID: id, UserID: "u1", UserName: "ann", Text: text}); err != nil {
		h.t.Fatalf("submit: %v", err)
	}
	return id
}

// final waits for the final outcome of message id, skipping other outcomes.
func (h *harness) final(id string) actors.Outcome {
	h.t.Helper()
	return probe.ExpectMatch(h.t, h.probe, wait, func(o actors.Outcome) bool {
		return o.MessageID == id && isFinal(o.Kind)
	})
}

// outcome waits for the next outcome of message id of the given kind.
func (h *harness) outcome(id string, kind actors.OutcomeKind) actors.Outcome {
	h.t.Helper()
	return probe.ExpectMatch(h.t, h.probe, wait, func(o actors.Outcome) bool {
		return o.MessageID == id && o.Kind == kind
	})
}

// collect gathers outcomes until every id in ids has a final one; it returns all outcomes seen.
func (h *harness) collect(ids []string) []actors.Outcome {
	h.t.Helper()
	open := make(map[string]bool, len(ids))
	for _, id := range ids {
		open[id] = true
	}
	var all []actors.Outcome
	deadline := time.Now().Add(wait)
	for len(open) > 0 {
		o := probe.ExpectMatch(h.t, h.probe, time.Until(deadline), func(actors.Outcome) bool { return true })
		all = append(all, o)
		if isFinal(o.Kind) {
			delete(open, o.MessageID)
		}
	}
	return all
}

func isFinal(k actors.OutcomeKind) bool {
	return k != actors.Queued && k != actors.Started && k != actors.Working
}

// invocations reads the fake CLI's log.
func (h *harness) invocations() []fakecli.Invocation {
	h.t.Helper()
	inv, err := fakecli.ReadLog(h.logPath)
	if err != nil {
		h.t.Fatalf("read fake log: %v", err)
	}
	return inv
}

// noProcessLeft fails the test if any process the fake CLI logged is still alive.
func (h *harness) noProcessLeft() {
	h.t.Helper()
	for _, inv := range h.invocations() {
		for _, pid := range []int{inv.PID, inv.GrandchildPID} {
			if pid > 0 && fakecli.ProcessAlive(pid) {
				h.t.Errorf("process %d (prompt %q) is still alive", pid, inv.Prompt())
			}
		}
	}
}

// waitFor polls cond until it holds, failing the test after the deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(wait)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func envPath() string { return os.Getenv("PATH") }

// metricSum is the sum of every series of the named counter or gauge in reg.
func metricSum(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			switch {
			case m.Counter != nil:
				sum += m.Counter.GetValue()
			case m.Gauge != nil:
				sum += m.Gauge.GetValue()
			}
		}
	}
	return sum
}

// findKind returns the first outcome of message id of the given kind among outcomes, failing the test without one.
func (h *harness) findKind(outcomes []actors.Outcome, id string, kind actors.OutcomeKind) actors.Outcome {
	h.t.Helper()
	for _, o := range outcomes {
		if o.MessageID == id && o.Kind == kind {
			return o
		}
	}
	h.t.Fatalf("no %s outcome for %s among %d", kind, id, len(outcomes))
	return actors.Outcome{}
}
