package realclaude

import (
	"testing"

	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/google/uuid"
)

// TestUnknownSession resumes a session the CLI never stored: stale_session, no API call.
//
// In stream-json mode the real CLI reports this on stdout as a result line with subtype
// "error_during_execution", is_error true, num_turns 0 and errors ["No conversation found with
// session ID: …"] (plus the same text on stderr, rc 1), not only on stderr as in json mode.
func TestUnknownSession(t *testing.T) {
	h := newHarness(t)
	res := h.run(h.runner(nil), claude.Request{Prompt: "hi", ResumeID: uuid.NewString()})
	if res.Outcome != claude.OutcomeStaleSession {
		t.Errorf("outcome %s (err %v, stderr %q), want stale_session", res.Outcome, res.Err, res.StderrTail)
	}
	if n := h.api.RequestCount(); n != 0 {
		t.Errorf("fake saw %d requests, want 0", n)
	}
}

// TestSessionInUse starts a session with a chosen id, then tries to start it again with the same
// id: the first run keeps the id, the second is session_in_use without an API call.
func TestSessionInUse(t *testing.T) {
	h := newHarness(t)
	r := h.runner(nil)
	id := uuid.NewString()
	first := h.run(r, claude.Request{Prompt: "first", NewSessionID: id})
	if first.Outcome != claude.OutcomeOK || first.SessionID != id {
		t.Fatalf("first run: outcome %s, session %q (err %v); want ok, %s", first.Outcome, first.SessionID, first.Err, id)
	}
	again := h.run(r, claude.Request{Prompt: "second", NewSessionID: id})
	if again.Outcome != claude.OutcomeSessionInUse {
		t.Errorf("second run with the same id: outcome %s (err %v), want session_in_use", again.Outcome, again.Err)
	}
	if n := h.api.RequestCount(); n != 1 {
		t.Errorf("fake saw %d requests, want 1 (the first run only)", n)
	}
}
