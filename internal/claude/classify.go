package claude

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// facts is what supervise saw of one run, for classify.
type facts struct {
	result    *wireResult      // the last result line, if any
	sessionID string           // the last session_id of any event
	broken    error            // why stdout was unusable, if it was
	stopped   *stopError       // why Run stopped the process, if it did
	state     *os.ProcessState // nil when Wait failed
	waitErr   error            // from cmd.Wait
	stderr    string           // the stderr tail
}

// Markers of the CLI's session errors on stderr.
const (
	markStale     = "No conversation found with session ID"
	markInUse     = "is already in use"
	markInvalidID = "Invalid session ID"
	markBadResume = "--resume requires a valid session ID"
)

// classify turns what a run produced into a Result (without Duration).
func classify(f facts) Result {
	res := Result{SessionID: f.sessionID, ExitCode: -1, StderrTail: f.stderr}
	if f.state != nil {
		res.ExitCode = f.state.ExitCode()
	}
	if r := f.result; r != nil {
		fillFromResult(&res, r)
		return res
	}
	switch {
	case f.stopped != nil:
		res.Outcome, res.Err = f.stopped.outcome, f.stopped.err
	case f.broken != nil:
		res.Outcome, res.Err = OutcomeCrash, fmt.Errorf("claude output unusable: %w", f.broken)
	case strings.Contains(f.stderr, markStale):
		res.Outcome, res.Err = OutcomeStaleSession, errors.New("claude found no conversation for the resumed session id")
	case strings.Contains(f.stderr, "Session ID") && strings.Contains(f.stderr, markInUse):
		res.Outcome, res.Err = OutcomeSessionInUse, errors.New("claude session id is already in use")
	case strings.Contains(f.stderr, markInvalidID), strings.Contains(f.stderr, markBadResume):
		res.Outcome, res.Err = OutcomeInvalidSession, errors.New("claude refused the session id")
	case f.state == nil:
		res.Outcome, res.Err = OutcomeCrash, fmt.Errorf("wait for claude: %w", f.waitErr)
	case terminated(f.state):
		res.Outcome, res.Err = OutcomeCancelled, fmt.Errorf("claude was terminated (%s) before a result", f.state)
	case f.state.ExitCode() == 0:
		res.Outcome, res.Err = OutcomeCancelled, errors.New("claude exited 0 without a result (interrupted)")
	default:
		res.Outcome, res.Err = OutcomeCrash, fmt.Errorf("claude ended (%s) without a result", f.state)
	}
	return res
}

// terminated reports whether the process ended because of SIGTERM or SIGINT: exit code 143
// (the CLI's own handler) or death by either signal.
func terminated(s *os.ProcessState) bool {
	if s.ExitCode() == 143 {
		return true
	}
	ws, ok := s.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && (ws.Signal() == syscall.SIGTERM || ws.Signal() == syscall.SIGINT)
}

// fillFromResult copies a result line into res and classifies it.
func fillFromResult(res *Result, r *wireResult) {
	if r.SessionID != "" {
		res.SessionID = r.SessionID
	}
	res.CostUSD = r.TotalCostUSD
	res.APIDuration = time.Duration(r.DurationAPIMS * float64(time.Millisecond))
	res.Turns = r.NumTurns
	res.Usage = r.Usage
	res.PermissionDenials = r.PermissionDenials
	if r.APIErrorStatus != nil {
		res.APIErrorStatus = *r.APIErrorStatus
	}
	if r.Result != nil {
		res.Text = *r.Result
	}
	detail := res.Text
	if detail == "" {
		detail = strings.Join(r.Errors, "; ")
	}
	switch {
	// In stream-json mode the CLI reports a resume it cannot do as a result line too.
	case r.IsError && r.NumTurns == 0 && strings.Contains(detail, markStale):
		res.Outcome, res.Err = OutcomeStaleSession, fmt.Errorf("claude found no conversation for the resumed session id: %s", detail)
	case r.IsError && r.NumTurns == 0 && strings.Contains(detail, markBadResume):
		res.Outcome, res.Err = OutcomeInvalidSession, fmt.Errorf("claude refused the session id: %s", detail)
	case r.Subtype == "error_max_turns":
		res.Outcome, res.Err = OutcomeMaxTurns, fmt.Errorf("claude reached its turn limit: %s", detail)
	case r.Subtype == "error_max_budget_usd":
		res.Outcome, res.Err = OutcomeBudget, fmt.Errorf("claude reached its budget: %s", detail)
	case r.Subtype == "error_during_execution":
		res.Outcome, res.Err = OutcomeCancelled, fmt.Errorf("claude run interrupted during execution: %s", detail)
	case !r.IsError:
		res.Outcome = OutcomeOK
	case r.TerminalReason == "api_error":
		res.Outcome, res.Err = OutcomeAPIError, fmt.Errorf("claude API error (status %d): %s", res.APIErrorStatus, detail)
	default:
		res.Outcome, res.Err = OutcomeFailed, fmt.Errorf("claude result error (subtype %q, terminal reason %q): %s",
			r.Subtype, r.TerminalReason, detail)
	}
	if res.Outcome != OutcomeOK && res.Text == "" {
		res.Text = detail
	}
}
