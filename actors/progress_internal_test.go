package actors

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// BenchmarkProgressTracker measures what following one stream-json event costs a run: the tracker's update and the
// snapshot it delivers (at tools verbosity, one tool call per event).
func BenchmarkProgressTracker(b *testing.B) {
	delivered := 0
	t := newProgressTracker(ProgressTools, time.Now(), func(Progress) { delivered++ })
	events := make([]claude.Event, 64)
	for i := range events {
		events[i] = claude.Event{Type: "assistant", MessageID: "msg_" + strconv.Itoa(i),
			ToolUses: []claude.ToolUse{{Name: "Bash", Input: json.RawMessage(`{"command":"go test ./...","description":"run the tests"}`)}}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		t.observe(events[i%len(events)])
	}
	if delivered != b.N {
		b.Fatalf("delivered %d snapshots for %d events", delivered, b.N)
	}
}
