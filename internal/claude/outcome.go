package claude

// Outcome classifies how a run ended. The zero value is not a valid outcome ("unknown").
type Outcome int

// Outcomes of a run.
const (
	OutcomeOK             Outcome = iota + 1 // a result with is_error false
	OutcomeAPIError                          // the API answered with an error (terminal_reason api_error)
	OutcomeMaxTurns                          // --max-turns reached (error_max_turns)
	OutcomeBudget                            // --max-budget-usd reached (error_max_budget_usd)
	OutcomeStaleSession                      // the resumed session does not exist
	OutcomeInvalidSession                    // the session id was refused (by Run or by the CLI)
	OutcomeSessionInUse                      // --session-id names a session that already exists
	OutcomeCancelled                         // cancelled by the caller, SIGTERM/SIGINT, or interrupted
	OutcomeTimeout                           // the wall-clock timeout fired
	OutcomeIdleTimeout                       // no stdout line within IdleTimeout
	OutcomeCrash                             // the CLI died or broke its output protocol
	OutcomeNotFound                          // the command could not be found
	OutcomeFailed                            // any other error
	OutcomeSessionLocked                     // another process holds the session's lock (Options.LockDir)
)

var outcomeNames = [...]string{
	OutcomeOK:             "ok",
	OutcomeAPIError:       "api_error",
	OutcomeMaxTurns:       "max_turns",
	OutcomeBudget:         "budget",
	OutcomeStaleSession:   "stale_session",
	OutcomeInvalidSession: "invalid_session",
	OutcomeSessionInUse:   "session_in_use",
	OutcomeCancelled:      "cancelled",
	OutcomeTimeout:        "timeout",
	OutcomeIdleTimeout:    "idle_timeout",
	OutcomeCrash:          "crash",
	OutcomeNotFound:       "not_found",
	OutcomeFailed:         "failed",
	OutcomeSessionLocked:  "session_locked",
}

// String returns the outcome's snake_case name, or "unknown".
func (o Outcome) String() string {
	if o <= 0 || int(o) >= len(outcomeNames) {
		return "unknown"
	}
	return outcomeNames[o]
}

// IsFailure reports whether the run failed in a way that suggests the runner's caller should
// restart (crash, timeout, idle_timeout).
func (o Outcome) IsFailure() bool {
	return o == OutcomeCrash || o == OutcomeTimeout || o == OutcomeIdleTimeout
}

// IsSessionError reports whether the session id could not be used (stale_session,
// invalid_session, session_in_use): a new session is needed.
func (o Outcome) IsSessionError() bool {
	return o == OutcomeStaleSession || o == OutcomeInvalidSession || o == OutcomeSessionInUse
}
