package realclaude

import (
	"slices"
	"testing"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// TestFirstTurnThenResume runs a new session and resumes it: the runner's flags are accepted, its
// parsing finds text, session id and cost, and a resume keeps the session and re-sends history.
func TestFirstTurnThenResume(t *testing.T) {
	h := newHarness(t)
	r := h.runner(nil)

	var types []string
	first := h.run(r, claude.Request{Prompt: "hello real cli", OnEvent: func(e claude.Event) {
		types = append(types, e.Type+"/"+e.Subtype)
	}})
	if first.Outcome != claude.OutcomeOK || first.Text != "echo: hello real cli" {
		t.Fatalf("first turn: outcome %s, text %q (err %v); want ok, %q", first.Outcome, first.Text, first.Err, "echo: hello real cli")
	}
	if !claude.ValidSessionID(first.SessionID) || first.CostUSD < 0 || first.ExitCode != 0 || first.Turns != 1 {
		t.Errorf("first turn: session %q, cost %v, exit %d, turns %d; want a UUID, cost >= 0, exit 0, 1 turn",
			first.SessionID, first.CostUSD, first.ExitCode, first.Turns)
	}
	if len(types) == 0 || types[0] != "system/init" || types[len(types)-1] != "result/success" {
		t.Errorf("events %v: want system/init first and result/success last", types)
	}
	reqs := h.api.Requests()
	if len(reqs) != 1 {
		t.Fatalf("fake saw %d requests on the first turn, want 1", len(reqs))
	}
	if q := reqs[0]; !q.Stream || q.LastUserText != "hello real cli" || q.SessionHeader != first.SessionID {
		t.Errorf("first request %+v: want a stream carrying the prompt and the session id %s", q, first.SessionID)
	}

	second := h.run(r, claude.Request{Prompt: "and again", ResumeID: first.SessionID})
	if second.Outcome != claude.OutcomeOK || second.Text != "echo: and again" {
		t.Fatalf("resumed turn: outcome %s, text %q (err %v); want ok, %q", second.Outcome, second.Text, second.Err, "echo: and again")
	}
	if second.SessionID != first.SessionID {
		t.Errorf("resumed session id %q, want the first turn's %q", second.SessionID, first.SessionID)
	}
	reqs = h.api.Requests()
	if len(reqs) != 2 {
		t.Fatalf("fake saw %d requests after the resume, want 2", len(reqs))
	}
	q := reqs[1]
	if !slices.Contains(q.UserTexts, "hello real cli") || !slices.Contains(q.AssistantTexts, "echo: hello real cli") ||
		q.LastUserText != "and again" || q.SessionHeader != first.SessionID {
		t.Errorf("resumed request %+v: want the first prompt and answer as history, then %q, under session %s",
			q, "and again", first.SessionID)
	}
}

// TestFlagLookingPrompt checks that prompts that look like CLI flags reach the model as text:
// the runner puts them after "--".
func TestFlagLookingPrompt(t *testing.T) {
	requireCLI(t)
	for _, prompt := range []string{"--version", "--model evil -p"} {
		t.Run(prompt, func(t *testing.T) {
			h := newHarness(t)
			res := h.run(h.runner(nil), claude.Request{Prompt: prompt})
			if res.Outcome != claude.OutcomeOK || res.Text != "echo: "+prompt {
				t.Errorf("outcome %s, text %q (err %v); want ok, %q", res.Outcome, res.Text, res.Err, "echo: "+prompt)
			}
			if n := h.api.RequestCount(); n != 1 {
				t.Errorf("fake saw %d requests, want 1", n)
			}
		})
	}
}
