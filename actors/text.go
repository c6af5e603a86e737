package actors

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// newErrorID returns a short random id that names one failure in replies and in the log.
func newErrorID() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // no look-alikes (0/o, 1/l/i)
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Errorf("read random bytes: %w", err)) // crypto/rand does not fail on Linux
	}
	var sb strings.Builder
	sb.WriteString("E-")
	for _, c := range b {
		sb.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return sb.String()
}

// failureText is the short message a user sees for a failed run. It never carries the CLI's
// stderr, paths or the API's own message: the log has those under the error id.
func (a *channelActor) failureText(res claude.Result) string {
	switch res.Outcome {
	case claude.OutcomeTimeout:
		return fmt.Sprintf("Claude did not finish within %s and was stopped.", a.sys.opts.RunTimeout)
	case claude.OutcomeIdleTimeout:
		return fmt.Sprintf("Claude printed nothing for %s and was stopped.", a.sys.opts.IdleTimeout)
	case claude.OutcomeCrash:
		return "Claude exited unexpectedly."
	case claude.OutcomeNotFound:
		return "The Claude CLI is not installed where the coordinator looks for it; tell the operator."
	case claude.OutcomeAPIError:
		if res.APIErrorStatus != 0 {
			return fmt.Sprintf("The Claude API answered with an error (HTTP %d). Try again in a moment.", res.APIErrorStatus)
		}
		return "The Claude API could not be reached or refused the request. Try again in a moment."
	case claude.OutcomeMaxTurns:
		return "Claude reached this project's turn limit before finishing."
	case claude.OutcomeBudget:
		return "Claude reached this project's budget for one message before finishing."
	case claude.OutcomeSessionLocked:
		return "This channel's Claude session is in use by another coordinator or a manual `claude --resume`; try again when it is done."
	case claude.OutcomeStaleSession, claude.OutcomeInvalidSession, claude.OutcomeSessionInUse:
		return "The channel's Claude session could not be used; the next message starts a new one."
	default:
		return "Claude reported an error."
	}
}

// breakerText is the answer of a channel whose breaker is open.
func breakerText(until time.Time, lastErrorID string) string {
	wait := time.Until(until).Round(time.Second)
	if wait < time.Second {
		wait = time.Second
	}
	if lastErrorID == "" {
		return fmt.Sprintf("This channel is failing and rests for %s; try again after that.", wait)
	}
	return fmt.Sprintf("This channel is failing (last error id %s) and rests for %s; try again after that.", lastErrorID, wait)
}
