package claude

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
)

// TestedVersion is the Claude Code CLI version this coordinator was tested against (its stream-json shapes, exit
// codes and session errors).
const TestedVersion = "2.1.332"

// versionOutputBytes bounds how much of `--version` output Version keeps.
const versionOutputBytes = 4 << 10

// versionPattern matches a leading version number such as 2.1.332 or 2.1.0-beta.1.
var versionPattern = regexp.MustCompile(`^v?(\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.+-]*)?)`)

// ParseVersion returns the version number at the start of `claude --version` output ("2.1.332 (Claude Code)" gives
// "2.1.332"), and false when the output does not start with one.
func ParseVersion(out string) (string, bool) {
	m := versionPattern.FindStringSubmatch(strings.TrimSpace(out))
	if m == nil {
		return "", false
	}
	return m[1], true
}

// Version runs `COMMAND --version` as Run would start a turn (same command lookup, environment allow-list with a
// fresh TMPDIR, own process group, Timeout) and returns the version number it prints. The output that could not be
// parsed, or the stderr of a failed run, is in the error.
func (r *Runner) Version(ctx context.Context) (string, error) {
	path, err := resolveCommand(r.opts.Command)
	if err != nil {
		return "", fmt.Errorf("find claude command %q: %w", r.opts.Command, err)
	}
	if r.opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.opts.Timeout)
		defer cancel()
	}
	tmp, err := os.MkdirTemp(r.opts.TempRoot, "claude-version-")
	if err != nil {
		return "", fmt.Errorf("create claude TMPDIR: %w", err)
	}
	defer func() { _ = removeTree(tmp) }()

	stdout, stderr := tailBuffer{max: versionOutputBytes}, tailBuffer{max: versionOutputBytes}
	cmd := exec.CommandContext(ctx, path, "--version")
	cmd.Dir = tmp
	cmd.Env = childEnv(r.opts.Environ, r.opts.PassEnv, r.opts.Env, tmp)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return signalGroup(cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = r.opts.KillGrace
	err = cmd.Run()
	if cmd.Process != nil {
		_ = signalGroup(cmd.Process.Pid, syscall.SIGKILL) // no grandchild outlives the call
	}
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", err, ctx.Err())
		}
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = fmt.Errorf("%w: %s", err, msg)
		}
		return "", fmt.Errorf("%s --version: %w", path, err)
	}
	v, ok := ParseVersion(stdout.String())
	if !ok {
		return "", fmt.Errorf("%s --version printed %q: no version number", path, strings.TrimSpace(stdout.String()))
	}
	return v, nil
}
