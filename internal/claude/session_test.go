package claude

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestValidSessionID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   string
		want bool
	}{
		{"54889465-91e7-4f18-97fe-cb110b079523", true},
		{"00000000-0000-4000-8000-000000000000", true},
		{"54889465-91E7-4F18-97FE-CB110B079523", false}, // upper case is not canonical
		{"{54889465-91e7-4f18-97fe-cb110b079523}", false},
		{"urn:uuid:54889465-91e7-4f18-97fe-cb110b079523", false},
		{"5488946591e74f1897fecb110b079523", false},
		{"54889465-91e7-4f18-97fe-cb110b07952", false},
		{"54889465-91e7-4f18-97fe-cb110b07952g", false},
		{"54889465_91e7_4f18_97fe_cb110b079523", false},
		{"--help", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := ValidSessionID(tc.id); got != tc.want {
			t.Errorf("ValidSessionID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

func TestRunInvalidSessionNeverExecs(t *testing.T) {
	t.Parallel()
	good := uuid.NewString()
	tests := []struct {
		name string
		req  Request
	}{
		{"resume not a uuid", Request{ResumeID: "not-a-uuid"}},
		{"resume upper case", Request{ResumeID: strings.ToUpper(good)}},
		{"resume a flag", Request{ResumeID: "--help"}},
		{"new id not a uuid", Request{NewSessionID: "my-session"}},
		{"new id with braces", Request{NewSessionID: "{" + good + "}"}},
		{"both ids", Request{ResumeID: good, NewSessionID: uuid.NewString()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil)
			tc.req.Prompt = "hello"
			res := h.run(t.Context(), tc.req)
			if res.Outcome != OutcomeInvalidSession || res.Err == nil {
				t.Fatalf("outcome %s err %v, want invalid_session with an error", res.Outcome, res.Err)
			}
			if n := len(h.invocations()); n != 0 {
				t.Errorf("fake invoked %d times, want 0: a bad id must not reach the CLI", n)
			}
		})
	}
}

func TestRunNewSessionThenResume(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	id := uuid.NewString()
	first := h.run(t.Context(), Request{Prompt: "first", NewSessionID: id})
	if first.Outcome != OutcomeOK || first.SessionID != id {
		t.Fatalf("first run: outcome %s session %q (err %v), want ok in %s", first.Outcome, first.SessionID, first.Err, id)
	}
	second := h.run(t.Context(), Request{Prompt: "second", ResumeID: id})
	if second.Outcome != OutcomeOK || second.SessionID != id || second.Text != "echo: second" {
		t.Fatalf("resume: outcome %s session %q text %q (err %v), want ok, %s, echo: second",
			second.Outcome, second.SessionID, second.Text, second.Err, id)
	}
	invs := h.invocations()
	if len(invs) != 2 {
		t.Fatalf("fake invoked %d times, want 2", len(invs))
	}
	if !containsSeq(invs[0].Argv, "--session-id", id) || !containsSeq(invs[1].Argv, "--resume", id) {
		t.Errorf("argv %q then %q, want --session-id %s then --resume %s", invs[0].Argv, invs[1].Argv, id, id)
	}
	if slices.Contains(invs[1].Argv, "--session-id") {
		t.Errorf("resume argv %q also has --session-id", invs[1].Argv)
	}
}

func TestRunStaleSession(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	res := h.run(t.Context(), Request{Prompt: "hello", ResumeID: uuid.NewString()})
	if res.Outcome != OutcomeStaleSession || res.ExitCode != 1 || res.Err == nil {
		t.Fatalf("outcome %s exit %d err %v, want stale_session, 1, an error", res.Outcome, res.ExitCode, res.Err)
	}
	if !strings.Contains(res.StderrTail, "No conversation found") {
		t.Errorf("StderrTail = %q, want the CLI's message", res.StderrTail)
	}
	if n := len(h.invocations()); n != 1 {
		t.Errorf("fake invoked %d times, want 1", n)
	}
}

func TestRunSessionInUse(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	id := uuid.NewString()
	if res := h.run(t.Context(), Request{Prompt: "one", NewSessionID: id}); res.Outcome != OutcomeOK {
		t.Fatalf("first run: outcome %s (%v), want ok", res.Outcome, res.Err)
	}
	res := h.run(t.Context(), Request{Prompt: "two", NewSessionID: id})
	if res.Outcome != OutcomeSessionInUse || res.Err == nil || !res.Outcome.IsSessionError() {
		t.Fatalf("outcome %s err %v, want session_in_use", res.Outcome, res.Err)
	}
}

// TestRunSystemPromptFollowsRequest proves --system-prompt-snapshot off: a resumed turn uses the
// request's AppendSystemPrompt, not the one recorded on the session's first turn, and an empty
// one means none.
func TestRunSystemPromptFollowsRequest(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	id := uuid.NewString()
	steps := []struct {
		req  Request
		want string
	}{
		{Request{NewSessionID: id, AppendSystemPrompt: "first-marker"}, "first-marker"},
		{Request{ResumeID: id, AppendSystemPrompt: "second-marker"}, "second-marker"},
		{Request{ResumeID: id}, ""},
	}
	for i, st := range steps {
		st.req.Prompt = "fake:system-prompt"
		res := h.run(t.Context(), st.req)
		if res.Outcome != OutcomeOK || res.Text != st.want {
			t.Fatalf("turn %d: outcome %s text %q (err %v), want ok and %q", i+1, res.Outcome, res.Text, res.Err, st.want)
		}
	}
	for _, inv := range h.invocations() {
		if !containsSeq(inv.Argv, "--system-prompt-snapshot", "off") {
			t.Errorf("argv %q lacks --system-prompt-snapshot off", inv.Argv)
		}
	}
}

// containsSeq reports whether args holds flag immediately followed by value.
func containsSeq(args []string, flag, value string) bool {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == flag && args[i+1] == value {
			return true
		}
	}
	return false
}
