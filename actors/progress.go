package actors

import (
	"encoding/json"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// Limits of what a Progress carries, so that an update stays small whatever Claude does.
const (
	maxToolArg     = 80  // runes of a tool's short argument
	maxSaid        = 300 // runes of Claude's latest words
	maxRecentTools = 5
)

// Progress is what a run in flight has done so far; the Working outcome carries it for the channel's status
// message. It is a snapshot: the actors never change one after delivering it.
type Progress struct {
	Started time.Time // when the run started
	Turns   int       // assistant messages so far
	Tools   int       // tool calls so far
	Tool    string    // the latest tool call's tool ("" before the first)
	ToolArg string    // its short argument: a command, a path, a pattern (at most 80 runes, one line)
	// Full verbosity only:
	Said   string   // the start of Claude's latest words (at most 300 runes)
	Recent []string // the latest tool calls, "Tool arg", oldest first (at most 5)
}

// progressTracker turns a run's stream-json events into Working outcomes. The runner calls observe from its
// reading goroutine, one event at a time; mu only guards against a stray call after the run.
type progressTracker struct {
	mu       sync.Mutex
	full     bool
	deliver  func(Progress)
	p        Progress
	lastMsgs map[string]struct{} // assistant message ids seen (one message may come as several lines)
}

// newProgressTracker returns a tracker for a run started at started, or nil when the verbosity is ProgressOff.
func newProgressTracker(verbosity string, started time.Time, deliver func(Progress)) *progressTracker {
	if verbosity == ProgressOff {
		return nil
	}
	return &progressTracker{full: verbosity == ProgressFull, deliver: deliver, p: Progress{Started: started},
		lastMsgs: make(map[string]struct{})}
}

// observe updates the progress with one event and delivers a snapshot when it changed what the channel sees.
func (t *progressTracker) observe(ev claude.Event) {
	if ev.Type != "assistant" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	changed := false
	if _, seen := t.lastMsgs[ev.MessageID]; !seen || ev.MessageID == "" {
		t.lastMsgs[ev.MessageID] = struct{}{}
		t.p.Turns++
		changed = true
	}
	if t.full && strings.TrimSpace(ev.Text) != "" {
		t.p.Said = clip(oneLine(ev.Text), maxSaid)
		changed = true
	}
	for _, u := range ev.ToolUses {
		t.p.Tools++
		t.p.Tool, t.p.ToolArg = u.Name, ToolArgument(u.Name, u.Input)
		if t.full {
			t.p.Recent = append(t.p.Recent, strings.TrimSpace(u.Name+" "+t.p.ToolArg))
			if n := len(t.p.Recent); n > maxRecentTools {
				t.p.Recent = append([]string(nil), t.p.Recent[n-maxRecentTools:]...)
			}
		}
		changed = true
	}
	if changed {
		snap := t.p
		snap.Recent = append([]string(nil), t.p.Recent...)
		t.deliver(snap)
	}
}

// toolArgKeys are the input fields that say what a tool call does, by tool; other tools show their first string field.
var toolArgKeys = map[string]string{
	"Bash": "command", "Read": "file_path", "Write": "file_path", "Edit": "file_path", "MultiEdit": "file_path",
	"NotebookEdit": "notebook_path", "Grep": "pattern", "Glob": "pattern", "WebFetch": "url", "WebSearch": "query",
	"Task": "description", "Agent": "description", "Skill": "skill", "TodoWrite": "",
}

// ToolArgument returns a tool call's short argument for a status line: the command of Bash, the path of Read, the
// pattern of Grep, …, on one line and at most 80 runes; "" when the input has none.
func ToolArgument(tool string, input json.RawMessage) string {
	var fields map[string]any
	if json.Unmarshal(input, &fields) != nil {
		return ""
	}
	key, known := toolArgKeys[tool]
	if !known {
		key = firstStringKey(fields)
	}
	s, _ := fields[key].(string)
	return clip(oneLine(s), maxToolArg)
}

// firstStringKey returns the alphabetically first key of fields whose value is a non-empty string.
func firstStringKey(fields map[string]any) string {
	best := ""
	for k, v := range fields {
		if s, ok := v.(string); ok && s != "" && (best == "" || k < best) {
			best = k
		}
	}
	return best
}

// oneLine joins the lines of s with spaces and collapses runs of white space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip shortens s to at most n runes, ending it with "…" when it was longer.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
