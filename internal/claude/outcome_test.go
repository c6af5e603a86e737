package claude

import (
	"fmt"
	"testing"
)

func TestOutcomeString(t *testing.T) {
	t.Parallel()
	want := []string{"unknown", "ok", "api_error", "max_turns", "budget", "stale_session", "invalid_session",
		"session_in_use", "cancelled", "timeout", "idle_timeout", "crash", "not_found", "failed", "session_locked", "unknown"}
	for i, w := range want {
		if got := Outcome(i).String(); got != w {
			t.Errorf("Outcome(%d).String() = %q, want %q", i, got, w)
		}
	}
	if got := Outcome(-1).String(); got != "unknown" {
		t.Errorf("Outcome(-1).String() = %q, want unknown", got)
	}
	var failures, session []string
	for o := OutcomeOK; o <= OutcomeSessionLocked; o++ {
		if o.IsFailure() {
			failures = append(failures, o.String())
		}
		if o.IsSessionError() {
			session = append(session, o.String())
		}
	}
	if fmt.Sprint(failures) != "[timeout idle_timeout crash]" || fmt.Sprint(session) != "[stale_session invalid_session session_in_use]" {
		t.Errorf("IsFailure %v, IsSessionError %v", failures, session)
	}
}
