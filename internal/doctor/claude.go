package doctor

import (
	"context"
	"os/exec"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// checkClaude finds the CLI and compares its version with the tested one. It reports whether the command was found.
func checkClaude(ctx context.Context, r *Report, runner *claude.Runner, command string, timeout time.Duration) bool {
	path, err := exec.LookPath(command)
	if err != nil {
		r.add("claude", StatusFail, "claude.command %q not found: install the Claude Code CLI or set its path (%v)", command, err)
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	v, err := runner.Version(ctx)
	switch {
	case err != nil:
		r.add("claude", StatusFail, "%v", err)
	case v != claude.TestedVersion:
		r.add("claude", StatusWarn, "%s is version %s; coordinator is tested with %s: its output may differ", path, v, claude.TestedVersion)
	default:
		r.add("claude", StatusOK, "%s is version %s (the tested one)", path, v)
	}
	return true
}
