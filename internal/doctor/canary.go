package doctor

import (
	"context"
	"os"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// CanaryPrompt is the prompt of the canary turn.
const CanaryPrompt = "Reply with the word ok"

// canaryTextMax is the most characters of the canary's answer the report shows.
const canaryTextMax = 60

// checkCanary runs one tiny turn in a throwaway directory under tempRoot and checks that it ends ok with a session id.
func checkCanary(ctx context.Context, r *Report, runner *claude.Runner, tempRoot string) {
	dir, err := os.MkdirTemp(tempRoot, "coordinator-canary-")
	if err != nil {
		r.add("canary", StatusFail, "create its working directory: %v", err)
		return
	}
	defer os.RemoveAll(dir)
	res := runner.Run(ctx, claude.Request{Dir: dir, Prompt: CanaryPrompt, MaxTurns: 1})
	switch {
	case res.Outcome != claude.OutcomeOK:
		r.add("canary", StatusFail, "outcome %s after %s: %v", res.Outcome, res.Duration.Round(time.Millisecond), res.Err)
	case res.SessionID == "":
		r.add("canary", StatusFail, "answered in %s but gave no session id: conversations could not be resumed", res.Duration.Round(time.Millisecond))
	default:
		r.add("canary", StatusOK, "answered %q in %s, cost $%.4f, session %s", shorten(res.Text, canaryTextMax),
			res.Duration.Round(time.Millisecond), res.CostUSD, res.SessionID)
	}
}

// shorten returns s cut to at most n runes, with "..." when it was cut.
func shorten(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "..."
}
