package probe_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/goleak"

	"github.com/discord-coordinator/coordinator/test/probe"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type ping struct{ n int }

func newSystem(t *testing.T) *actor.ActorSystem {
	as := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.DiscardHandler)
	}))
	t.Cleanup(as.Shutdown)
	return as
}

func TestProbeRecordsInOrderAndMatches(t *testing.T) {
	p := probe.New(newSystem(t), 10)
	defer p.Stop()
	for i := range 3 {
		p.Send(ping{i})
	}
	p.Send("not a ping")
	if got := probe.Expect[ping](t, p, time.Second); got.n != 0 {
		t.Fatalf("first = %d, want 0", got.n)
	}
	if got := probe.ExpectMatch(t, p, time.Second, func(m string) bool { return m == "not a ping" }); got != "not a ping" {
		t.Fatalf("match = %q", got)
	}
	probe.ExpectNone(t, p, 20*time.Millisecond)
}

func TestNextReportsTheDeadline(t *testing.T) {
	p := probe.New(newSystem(t), 1)
	defer p.Stop()
	if _, err := p.Next(10 * time.Millisecond); err == nil {
		t.Fatal("Next on an empty probe returned no error")
	}
}

// An actor replying to the probe as the sender of a request reaches it.
func TestProbeAsSender(t *testing.T) {
	as := newSystem(t)
	p := probe.New(as, 1)
	defer p.Stop()
	echo := as.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		if m, ok := ctx.Message().(ping); ok {
			ctx.Respond(ping{m.n + 1})
		}
	}))
	defer as.Root.Stop(echo)
	as.Root.RequestWithCustomSender(echo, ping{41}, p.PID)
	if got := probe.Expect[ping](t, p, time.Second); got.n != 42 {
		t.Fatalf("reply = %d, want 42", got.n)
	}
}
