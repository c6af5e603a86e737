package claude

import (
	"os"
	"time"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultCommand         = "claude"
	DefaultTimeout         = 10 * time.Minute
	DefaultIdleTimeout     = 5 * time.Minute
	DefaultKillGrace       = 5 * time.Second
	DefaultMaxLineBytes    = 16 << 20
	DefaultStderrTailBytes = 8 << 10
)

// Options configure a Runner. Zero fields take the Default* values; a negative Timeout or
// IdleTimeout disables that timeout.
type Options struct {
	Command         string            // the CLI; resolved with exec.LookPath (daemon PATH) at Run time
	Timeout         time.Duration     // wall clock per run
	IdleTimeout     time.Duration     // longest time without a stdout line
	KillGrace       time.Duration     // SIGTERM to SIGKILL; also bounds reading after the CLI exited
	Env             map[string]string // set in the child (after PassEnv; DISCORD_* dropped)
	PassEnv         []string          // names copied from Environ when present (DISCORD_* dropped)
	Environ         []string          // the daemon's environment to pick from; default os.Environ()
	MaxLineBytes    int               // longest stdout line; a longer one ends the run as a crash
	StderrTailBytes int               // how much of the end of stderr Result keeps
	TempRoot        string            // parent of the per-run TMPDIRs; default os.TempDir()
	// LockDir, when set, holds one lock file per resumed session (<id>.lock, flock): a run that
	// resumes a session another process holds ends at once as OutcomeSessionLocked. An operator
	// resuming by hand takes the same lock: flock LOCKDIR/ID.lock claude --resume ID.
	LockDir string
}

// Runner runs Claude CLI turns. It is safe for concurrent use; it keeps no state between runs.
type Runner struct {
	opts Options
}

// New returns a Runner with defaults applied. It does no I/O.
func New(opts Options) *Runner {
	if opts.Command == "" {
		opts.Command = DefaultCommand
	}
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.IdleTimeout == 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.KillGrace <= 0 {
		opts.KillGrace = DefaultKillGrace
	}
	if opts.Environ == nil {
		opts.Environ = os.Environ()
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = DefaultMaxLineBytes
	}
	if opts.StderrTailBytes <= 0 {
		opts.StderrTailBytes = DefaultStderrTailBytes
	}
	if opts.TempRoot == "" {
		opts.TempRoot = os.TempDir()
	}
	return &Runner{opts: opts}
}
