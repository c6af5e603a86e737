package gateway

import (
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/actors"
)

// BenchmarkProgressBurst measures what one Working outcome costs the gateway while a status message waits for its
// next edit: a burst of events only replaces the newest progress (no edit, no allocation per event on our side).
func BenchmarkProgressBurst(b *testing.B) {
	g, err := New(Options{Token: "bench", ProgressInterval: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	started := actors.Outcome{Kind: actors.Started, ChannelID: "1", MessageID: "2", UserID: "3", Verbosity: actors.ProgressTools}
	ls := g.startLive(started)
	g.progMu.Lock()
	ls.lastEdit = time.Now() // as after the status was posted: the next edit is an interval away
	g.progMu.Unlock()
	p := &actors.Progress{Turns: 1, Tools: 1, Tool: "Bash", ToolArg: "go test ./..."}
	o := actors.Outcome{Kind: actors.Working, ChannelID: "1", MessageID: "2", Progress: p}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		g.Deliver(o)
	}
	b.StopTimer()
	g.endLive(actors.Outcome{Kind: actors.Answered, ChannelID: "1", MessageID: "2"})
	if err := g.Stop(b.Context()); err != nil {
		b.Fatal(err)
	}
}
