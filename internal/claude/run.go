package claude

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"time"
)

// stopError is the reason Run stopped the process, with the outcome it implies.
type stopError struct {
	outcome Outcome
	err     error
}

// Error returns the reason.
func (e *stopError) Error() string { return e.err.Error() }

// Unwrap returns the reason.
func (e *stopError) Unwrap() error { return e.err }

// cancelError describes the caller's cancellation of ctx: it wraps ctx.Err() (so errors.Is
// finds context.Canceled or DeadlineExceeded) and the cause when that says more.
func cancelError(ctx context.Context, msg string) error {
	err, cause := ctx.Err(), context.Cause(ctx)
	if cause == nil || cause == err {
		return fmt.Errorf("%s: %w", msg, err)
	}
	return fmt.Errorf("%s: %w (cause: %w)", msg, err, cause)
}

// refused is the Result of a run that started no process.
func refused(o Outcome, err error) Result {
	return Result{Outcome: o, ExitCode: -1, Err: err}
}

// Run executes one turn and reports how it ended. It returns when the CLI has exited, its
// process group has been killed, its output has been read and its TMPDIR removed.
func (r *Runner) Run(ctx context.Context, req Request) Result {
	args, err := req.args()
	if err != nil {
		if errors.Is(err, errSession) {
			return refused(OutcomeInvalidSession, err)
		}
		return refused(OutcomeFailed, fmt.Errorf("invalid claude request: %w", err))
	}
	if err := ctx.Err(); err != nil {
		return refused(OutcomeCancelled, cancelError(ctx, "claude run cancelled before start"))
	}
	path, err := resolveCommand(r.opts.Command)
	if err != nil {
		return refused(OutcomeNotFound, fmt.Errorf("find claude command %q: %w", r.opts.Command, err))
	}
	if err := checkDir(req.Dir); err != nil {
		return refused(OutcomeFailed, fmt.Errorf("claude project dir: %w", err))
	}
	var extra []*os.File
	if r.opts.LockDir != "" && req.ResumeID != "" {
		lock, release, err := lockSession(r.opts.LockDir, req.ResumeID)
		if errors.Is(err, errLocked) {
			return refused(OutcomeSessionLocked, err)
		}
		if err != nil {
			return refused(OutcomeFailed, err)
		}
		defer release()
		extra = append(extra, lock)
	}
	tmp, err := os.MkdirTemp(r.opts.TempRoot, "claude-run-")
	if err != nil {
		return refused(OutcomeFailed, fmt.Errorf("create claude TMPDIR: %w", err))
	}
	defer func() { _ = removeTree(tmp) }()

	env := childEnv(r.opts.Environ, r.opts.PassEnv, r.opts.Env, tmp)
	runCtx, stop := context.WithCancelCause(context.WithoutCancel(ctx))
	defer stop(nil)
	started := time.Now()
	p, err := startProc(runCtx, path, args, req.Dir, env, r.opts.KillGrace, extra)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return refused(OutcomeNotFound, fmt.Errorf("start claude %s: %w", path, err))
		}
		return refused(OutcomeFailed, fmt.Errorf("start claude %s: %w", path, err))
	}
	f := r.supervise(ctx, runCtx, stop, p, req.OnEvent)
	res := classify(f)
	res.Duration = time.Since(started)
	return res
}

// supervise reads the output of p, enforces the timeouts and cancellation, waits for the
// process and its readers, and returns what it saw.
func (r *Runner) supervise(ctx, runCtx context.Context, stop context.CancelCauseFunc, p *proc, onEvent func(Event)) facts {
	var (
		out      stream
		tail     = tailBuffer{max: r.opts.StderrTailBytes}
		readers  sync.WaitGroup
		activity = make(chan struct{}, 1)
		broken   = make(chan error, 1)
		waitc    = make(chan error, 1)
	)
	readers.Go(func() { out.read(p.stdout, r.opts.MaxLineBytes, onEvent, activity, broken) })
	readers.Go(func() { _, _ = io.Copy(&tail, p.stderr) })
	go func() { waitc <- p.cmd.Wait() }() // received below before supervise returns

	pid := p.cmd.Process.Pid
	wall, wallC := newTimer(r.opts.Timeout)
	defer stopTimer(wall)
	idle, idleC := newTimer(r.opts.IdleTimeout)
	defer stopTimer(idle)
	var kill *time.Timer
	var killC <-chan time.Time
	defer func() { stopTimer(kill) }()
	halt := func(reason *stopError) {
		if runCtx.Err() != nil {
			return // already stopping; the first reason stands
		}
		stop(reason) // cmd.Cancel sends SIGTERM to the group
		kill = time.NewTimer(r.opts.KillGrace)
		killC = kill.C
	}

	done := ctx.Done()
	var waitErr error
wait:
	for {
		select {
		case <-done:
			done = nil
			halt(&stopError{OutcomeCancelled, cancelError(ctx, "claude run cancelled")})
		case <-wallC:
			halt(&stopError{OutcomeTimeout, fmt.Errorf("claude run exceeded its %s timeout", r.opts.Timeout)})
		case <-idleC:
			halt(&stopError{OutcomeIdleTimeout, fmt.Errorf("claude printed no output line for %s", r.opts.IdleTimeout)})
		case <-activity:
			if idle != nil {
				idle.Reset(r.opts.IdleTimeout)
			}
		case err := <-broken:
			halt(&stopError{OutcomeCrash, fmt.Errorf("claude output unusable: %w", err)})
		case <-killC:
			killC = nil
			_ = signalGroup(pid, syscall.SIGKILL)
		case waitErr = <-waitc:
			break wait
		}
	}
	_ = signalGroup(pid, syscall.SIGKILL) // stragglers that still hold the pipes or anything else

	r.drain(&readers, p)
	f := facts{
		result:    out.result,
		sessionID: out.sessionID,
		broken:    out.broken,
		state:     p.cmd.ProcessState,
		waitErr:   waitErr,
		stderr:    tail.String(),
	}
	var se *stopError
	if errors.As(context.Cause(runCtx), &se) {
		f.stopped = se
	}
	return f
}

// drain waits for the readers; if a process outside the group still holds the pipes KillGrace
// after the CLI exited, it makes their reads fail. Then it closes the pipes.
func (r *Runner) drain(readers *sync.WaitGroup, p *proc) {
	drained := make(chan struct{})
	go func() { readers.Wait(); close(drained) }() // received below
	grace := time.NewTimer(r.opts.KillGrace)
	defer grace.Stop()
	select {
	case <-drained:
	case <-grace.C:
		now := time.Now()
		_ = p.stdout.SetReadDeadline(now)
		_ = p.stderr.SetReadDeadline(now)
		<-drained
	}
	p.stdout.Close()
	p.stderr.Close()
}

// newTimer returns a running timer and its channel, or (nil, nil) when d is negative (disabled).
func newTimer(d time.Duration) (*time.Timer, <-chan time.Time) {
	if d < 0 {
		return nil, nil
	}
	t := time.NewTimer(d)
	return t, t.C
}

// stopTimer stops t when it is not nil.
func stopTimer(t *time.Timer) {
	if t != nil {
		t.Stop()
	}
}
