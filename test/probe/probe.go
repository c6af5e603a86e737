// Package probe is a test actor that records the messages it receives, with typed waits that
// always have a deadline.
package probe

import (
	"fmt"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// DefaultWait is the deadline used by the Expect helpers when none is given.
const DefaultWait = 10 * time.Second

// Probe is a recording actor.
type Probe struct {
	PID  *actor.PID
	root *actor.RootContext
	got  chan any
}

// recorder is the probe's actor: it pushes every user message into the probe's channel.
type recorder struct{ got chan<- any }

// Receive records user messages and ignores lifecycle messages.
func (r *recorder) Receive(ctx actor.Context) {
	switch ctx.Message().(type) {
	case *actor.Started, *actor.Stopping, *actor.Stopped, *actor.Restarting:
		return
	}
	r.got <- ctx.Message()
}

// New spawns a probe in system. The probe buffers up to buffer messages before its actor blocks.
func New(system *actor.ActorSystem, buffer int) *Probe {
	got := make(chan any, buffer)
	pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return &recorder{got: got} }))
	return &Probe{PID: pid, root: system.Root, got: got}
}

// Send sends v to the probe; tests wrap it to stand where a reply port is expected.
func (p *Probe) Send(v any) {
	p.root.Send(p.PID, v)
}

// Stop stops the probe's actor.
func (p *Probe) Stop() error {
	return p.root.StopFuture(p.PID).Wait()
}

// Next returns the next message, or an error after d.
func (p *Probe) Next(d time.Duration) (any, error) {
	select {
	case v := <-p.got:
		return v, nil
	case <-time.After(d):
		return nil, fmt.Errorf("probe: no message within %s", d)
	}
}

// Expect waits up to d for the next message and fails the test unless it is a T.
func Expect[T any](t testing.TB, p *Probe, d time.Duration) T {
	t.Helper()
	v, err := p.Next(d)
	if err != nil {
		t.Fatalf("expected a %T: %v", *new(T), err)
	}
	m, ok := v.(T)
	if !ok {
		t.Fatalf("expected a %T, got %T: %+v", *new(T), v, v)
	}
	return m
}

// ExpectMatch skips messages until one is a T for which match is true, failing the test after d.
func ExpectMatch[T any](t testing.TB, p *Probe, d time.Duration, match func(T) bool) T {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			t.Fatalf("no matching %T within %s", *new(T), d)
		}
		v, err := p.Next(left)
		if err != nil {
			t.Fatalf("no matching %T within %s", *new(T), d)
		}
		if m, ok := v.(T); ok && match(m) {
			return m
		}
	}
}

// ExpectNone fails the test if a message arrives within d.
func ExpectNone(t testing.TB, p *Probe, d time.Duration) {
	t.Helper()
	select {
	case v := <-p.got:
		t.Fatalf("expected no message within %s, got %T: %+v", d, v, v)
	case <-time.After(d):
	}
}
