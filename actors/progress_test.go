package actors_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
)

// withProgress sets every project's progress verbosity and cost switch.
func withProgress(verbosity string, hideCost bool) harnessOption {
	return func(o *actors.Options, _ *claudeOptions) {
		for _, p := range o.Projects {
			p.Progress, p.HideCost = verbosity, hideCost
		}
	}
}

// workingOutcomes returns the Working outcomes of message id among outcomes, in order.
func workingOutcomes(outcomes []actors.Outcome, id string) []*actors.Progress {
	var ps []*actors.Progress
	for _, o := range outcomes {
		if o.MessageID == id && o.Kind == actors.Working {
			ps = append(ps, o.Progress)
		}
	}
	return ps
}

// With the default verbosity every tool call of the run is reported, in order, with its short argument and the
// turns so far; Started names the verbosity and the final outcome says whether to show the cost.
func TestProgressReportsToolCalls(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", withProgress("", true))
	id := h.send("c1", "fake:tools=3,0s do it")
	all := h.collect([]string{id})
	if s := h.findKind(all, id, actors.Started); s.Verbosity != actors.ProgressTools {
		t.Errorf("Started verbosity = %q, want %q", s.Verbosity, actors.ProgressTools)
	}
	ps := workingOutcomes(all, id)
	if len(ps) != 4 { // three tool calls and the answer's own assistant message
		t.Fatalf("got %d Working outcomes, want 4: %+v", len(ps), ps)
	}
	for i, p := range ps[:3] {
		if p.Tool != "Bash" || p.ToolArg != "echo step "+string(rune('1'+i)) || p.Tools != i+1 || p.Turns != i+1 {
			t.Errorf("progress %d = %+v", i, p)
		}
		if p.Said != "" || p.Recent != nil {
			t.Errorf("progress %d carries full-verbosity fields at tools verbosity: %+v", i, p)
		}
		if p.Started.IsZero() {
			t.Errorf("progress %d has no start time", i)
		}
	}
	if last := ps[3]; last.Turns != 4 || last.Tools != 3 {
		t.Errorf("last progress = %+v, want 4 turns and 3 tools", last)
	}
	final := all[len(all)-1]
	if final.Kind != actors.Answered || !final.HideCost {
		t.Errorf("final = %+v, want Answered with HideCost", final)
	}
}

// Full verbosity adds Claude's latest words and the recent tool calls; off sends no Working outcome at all.
func TestProgressVerbosity(t *testing.T) {
	t.Run("full", func(t *testing.T) {
		h := newHarness(t, []string{"c1"}, "", withProgress(actors.ProgressFull, false))
		id := h.send("c1", "fake:tools=7,0s go")
		ps := workingOutcomes(h.collect([]string{id}), id)
		if len(ps) != 8 {
			t.Fatalf("got %d Working outcomes, want 8", len(ps))
		}
		seventh := ps[6]
		if seventh.Said != "Working on step 7." {
			t.Errorf("said = %q", seventh.Said)
		}
		want := []string{"Bash echo step 3", "Bash echo step 4", "Bash echo step 5", "Bash echo step 6", "Bash echo step 7"}
		if strings.Join(seventh.Recent, "|") != strings.Join(want, "|") {
			t.Errorf("recent = %q, want the last five %q", seventh.Recent, want)
		}
		if !strings.HasPrefix(ps[7].Said, "echo: ") {
			t.Errorf("last said = %q, want the answer's start", ps[7].Said)
		}
	})
	t.Run("off", func(t *testing.T) {
		h := newHarness(t, []string{"c1"}, "", withProgress(actors.ProgressOff, false))
		id := h.send("c1", "fake:tools=2,0s go")
		all := h.collect([]string{id})
		if ps := workingOutcomes(all, id); len(ps) != 0 {
			t.Errorf("got %d Working outcomes with progress off", len(ps))
		}
		if s := h.findKind(all, id, actors.Started); s.Verbosity != actors.ProgressOff {
			t.Errorf("Started verbosity = %q", s.Verbosity)
		}
	})
}

func TestToolArgument(t *testing.T) {
	for _, tt := range []struct {
		tool, input, want string
	}{
		{"Bash", `{"command":"go test ./...\n  -race","description":"run tests"}`, "go test ./... -race"},
		{"Read", `{"file_path":"/srv/app/main.go","offset":10}`, "/srv/app/main.go"},
		{"Grep", `{"pattern":"TODO","path":"."}`, "TODO"},
		{"WebFetch", `{"url":"https://example.org/x","prompt":"summarise"}`, "https://example.org/x"},
		{"mcp__db__query", `{"sql":"select 1","database":"main"}`, "main"}, // unknown tool: first string field by name
		{"TodoWrite", `{"todos":[]}`, ""},
		{"Bash", `not json`, ""},
		{"Bash", `{"command":"` + strings.Repeat("x", 200) + `"}`, strings.Repeat("x", 79) + "…"},
	} {
		if got := actors.ToolArgument(tt.tool, json.RawMessage(tt.input)); got != tt.want {
			t.Errorf("ToolArgument(%s, %s) = %q, want %q", tt.tool, tt.input, got, tt.want)
		}
	}
}

// CancelRun stops the run only while it runs the message the Stop button was posted for, and leaves the queue alone.
func TestCancelRunStopsOnlyThatMessage(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	first := h.send("c1", "fake:hang one")
	h.outcome(first, actors.Started)
	second := h.send("c1", "two")
	h.outcome(second, actors.Queued)
	ctx := context.Background()
	if r, err := h.sys.CancelRun(ctx, "c1", second, "ann"); err != nil || r.Cancelled || r.Dropped != 0 {
		t.Fatalf("CancelRun of the queued message = %+v, %v; want nothing stopped", r, err)
	}
	r, err := h.sys.CancelRun(ctx, "c1", first, "ann")
	if err != nil || !r.Cancelled || r.MessageID != first || r.Dropped != 0 {
		t.Fatalf("CancelRun of the running message = %+v, %v", r, err)
	}
	if o := h.final(first); o.Kind != actors.Cancelled || o.CancelBy != "ann" {
		t.Fatalf("first = %+v, want Cancelled by ann", o)
	}
	if o := h.final(second); o.Kind != actors.Answered {
		t.Fatalf("second = %+v, want answered: the queue stays", o)
	}
	if r, err := h.sys.CancelRun(ctx, "c1", first, "ann"); err != nil || r.Cancelled {
		t.Fatalf("CancelRun after the run ended = %+v, %v; want nothing stopped", r, err)
	}
}
