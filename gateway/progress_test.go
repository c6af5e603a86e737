package gateway

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/discord-coordinator/coordinator/actors"
)

func TestRenderWorking(t *testing.T) {
	start := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := &actors.Progress{Started: start, Turns: 3, Tools: 2, Tool: "Bash", ToolArg: "go test `./...`",
		Said: "Running the `tests` now.", Recent: []string{"Read main.go", "Bash go test ./..."}}
	for _, tt := range []struct {
		name      string
		verbosity string
		p         *actors.Progress
		stopping  string
		want      string
	}{
		{"before any progress", actors.ProgressTools, nil, "", "⚙️ Working · 1m05s"},
		{"tools", actors.ProgressTools, p, "", "⚙️ Working · 1m05s · 3 turns · 2 tool calls\n🔧 Bash `go test ˋ./...ˋ`"},
		{"full", actors.ProgressFull, p, "",
			"⚙️ Working · 1m05s · 3 turns · 2 tool calls\n🔧 Bash `go test ˋ./...ˋ`\n💬 Running the ˋtestsˋ now.\n🕘 `Read main.go` · `Bash go test ./...`"},
		{"stopping", actors.ProgressTools, &actors.Progress{Turns: 1}, "Ann", "🛑 Stopping (asked by Ann) · 1m05s · 1 turn · 0 tool calls"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ls := &liveStatus{verbosity: tt.verbosity, started: start, stoppingBy: tt.stopping}
			if got := renderWorking(ls, tt.p, start.Add(65*time.Second)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if buttons := stopButton(ls); (len(buttons) == 0) != (tt.stopping != "") {
				t.Errorf("stop button present = %v with stopping %q", len(buttons) > 0, tt.stopping)
			}
		})
	}
}

func TestRenderFinal(t *testing.T) {
	start := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	ls := &liveStatus{started: start}
	p := &actors.Progress{Turns: 2, Tools: 5}
	for _, tt := range []struct {
		name string
		o    actors.Outcome
		want string
	}{
		{"answered", actors.Outcome{Kind: actors.Answered, Duration: 72 * time.Second, Turns: 4, CostUSD: 0.03125},
			"✅ Done in 1m12s · 4 turns · 5 tool calls · $0.0312"},
		{"answered, cost hidden", actors.Outcome{Kind: actors.Answered, Duration: 3 * time.Hour, Turns: 1, CostUSD: 12.5, HideCost: true},
			"✅ Done in 3h00m · 1 turn · 5 tool calls"},
		{"dear", actors.Outcome{Kind: actors.Answered, Duration: time.Second, Turns: 1, CostUSD: 2.5}, "✅ Done in 1s · 1 turn · 5 tool calls · $2.50"},
		{"stopped by", actors.Outcome{Kind: actors.Cancelled, Duration: 40 * time.Second, CancelBy: "Ann"},
			"🛑 Stopped after 40s by Ann · 2 turns · 5 tool calls"},
		{"interrupted", actors.Outcome{Kind: actors.Cancelled, Duration: 40 * time.Second, CancelBy: actors.CancelByNewerMessage},
			"🛑 Stopped after 40s: a newer message from the asker runs next · 2 turns · 5 tool calls"},
		{"failed", actors.Outcome{Kind: actors.Failed, Duration: 12 * time.Second, ErrorID: "e-1", CostUSD: 0.5},
			"❌ Failed after 12s (error id `e-1`) · 2 turns · 5 tool calls · $0.5000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderFinal(ls, p, tt.o, start.Add(time.Minute)); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	if got := renderFinal(ls, nil, actors.Outcome{Kind: actors.Answered}, start.Add(9*time.Second)); !strings.HasPrefix(got, "✅ Done in 9s") {
		t.Errorf("without a duration the status's own start counts: %q", got)
	}
}

// However many files were left out, the line that lists them stays short enough to fit beside a head.
func TestNotSentNoteIsBounded(t *testing.T) {
	var names []string
	for i := range 40 {
		names = append(names, fmt.Sprintf("%03d-%s.txt (over 10 files)", i, strings.Repeat("n", 150)))
	}
	note := notSentNote(names)
	if n := utf8.RuneCountInString(note); n > maxNotSentNote+150 {
		t.Errorf("note is %d runes", n)
	}
	if !strings.HasSuffix(note, " more*") || !strings.Contains(note, "000-") {
		t.Errorf("note = %q, want the first names and a count of the rest", note)
	}
	if got := notSentNote([]string{"a.txt (too big)"}); got != "\n\n*Files not sent: a.txt (too big)*" {
		t.Errorf("one file: %q", got)
	}
}

// A burst of progress while the status message waits for its next edit arms one flush, at the interval after the
// last edit, and costs no allocation; ending the run disarms it.
func TestProgressBurstArmsOneFlush(t *testing.T) {
	g, err := New(Options{Token: "test", ProgressInterval: time.Hour, ProgressHeartbeat: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := g.Stop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	ls := g.startLive(actors.Outcome{Kind: actors.Started, ChannelID: "1", MessageID: "2", UserID: "3", Verbosity: actors.ProgressTools})
	edited := time.Now()
	g.progMu.Lock()
	ls.statusID, ls.lastEdit = 9, edited // as after the status was posted
	g.scheduleFlushLocked(ls)
	heartbeat, due := ls.timer, ls.due
	g.progMu.Unlock()
	if heartbeat == nil || !due.Equal(edited.Add(2*time.Hour)) {
		t.Fatalf("after the post: timer %v due %v, want one armed for the heartbeat", heartbeat, due)
	}

	o := actors.Outcome{Kind: actors.Working, ChannelID: "1", MessageID: "2", Progress: &actors.Progress{Turns: 1}}
	g.Deliver(o)
	g.progMu.Lock()
	first, due := ls.timer, ls.due
	g.progMu.Unlock()
	if first == nil || first == heartbeat || !due.Equal(edited.Add(time.Hour)) {
		t.Fatalf("after progress: timer %p (heartbeat %p) due %v, want a new one armed for the interval", first, heartbeat, due)
	}
	if allocs := testing.AllocsPerRun(100, func() { g.Deliver(o) }); allocs != 0 {
		t.Errorf("a Working outcome costs %v allocations, want 0", allocs)
	}
	g.progMu.Lock()
	same, queued := ls.timer == first, ls.queued
	g.progMu.Unlock()
	if !same || queued {
		t.Errorf("the burst re-armed the flush (%v) or queued one (%v)", !same, queued)
	}

	if g.endLive(actors.Outcome{Kind: actors.Answered, ChannelID: "1", MessageID: "2"}) != ls {
		t.Fatal("endLive did not return the live status")
	}
	g.progMu.Lock()
	defer g.progMu.Unlock()
	if ls.timer != nil || !ls.done {
		t.Errorf("after the end: timer %v done %v, want none armed and done", ls.timer, ls.done)
	}
}

// /status shows the run's counts and current tool, only for the message whose status is live.
func TestProgressLine(t *testing.T) {
	g, err := New(Options{Token: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ls := g.startLive(actors.Outcome{Kind: actors.Started, ChannelID: "1", MessageID: "2", Verbosity: actors.ProgressTools})
	if got := g.progressLine("1", "2"); got != "" {
		t.Errorf("before any progress: %q, want none", got)
	}
	for _, tt := range []struct {
		p    *actors.Progress
		want string
	}{
		{&actors.Progress{Turns: 3, Tools: 2, Tool: "Bash", ToolArg: "go test `./...`"}, "3 turns · 2 tool calls · 🔧 Bash `go test ˋ./...ˋ`"},
		{&actors.Progress{Turns: 1, Tools: 1, Tool: "Read"}, "1 turn · 1 tool call · 🔧 Read"},
		{&actors.Progress{Turns: 1}, "1 turn · 0 tool calls"},
	} {
		g.progMu.Lock()
		ls.latest = tt.p
		g.progMu.Unlock()
		if got := g.progressLine("1", "2"); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	if got := g.progressLine("1", "other"); got != "" {
		t.Errorf("another message's line: %q, want none", got)
	}
	if err := g.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}
