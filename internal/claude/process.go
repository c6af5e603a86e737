package claude

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// proc is a started CLI in its own process group, with the read ends of its output pipes.
type proc struct {
	cmd    *exec.Cmd
	stdout *os.File
	stderr *os.File
}

// startProc starts path in its own process group, with stdin /dev/null and stdout/stderr on
// fresh pipes. When ctx is done the group gets SIGTERM, and the process SIGKILL after grace.
func startProc(ctx context.Context, path string, args []string, dir string, env []string, grace time.Duration, extra []*os.File) (*proc, error) {
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("stdout pipe: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, fmt.Errorf("stderr pipe: %w", err)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = outW // *os.File: passed as is, no copying goroutine, so Wait never waits on the pipe
	cmd.Stderr = errW
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.ExtraFiles = extra // the session lock, held by the CLI too
	cmd.Cancel = func() error { return signalGroup(cmd.Process.Pid, syscall.SIGTERM) }
	cmd.WaitDelay = grace
	err = cmd.Start()
	outW.Close() // the child holds its own copies
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return nil, err
	}
	return &proc{cmd: cmd, stdout: outR, stderr: errR}, nil
}

// signalGroup sends sig to the process group pgid; a group that is gone gives os.ErrProcessDone.
func signalGroup(pgid int, sig syscall.Signal) error {
	err := syscall.Kill(-pgid, sig)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	if err != nil {
		return fmt.Errorf("signal process group %d: %w", pgid, err)
	}
	return nil
}

// resolveCommand finds command like exec.LookPath and makes the result absolute, so that the
// child's Dir cannot change what a relative path means.
func resolveCommand(command string) (string, error) {
	path, err := exec.LookPath(command)
	if err != nil {
		return "", err
	}
	return filepath.Abs(path)
}

// checkDir reports an error when dir is set and is not a directory.
func checkDir(dir string) error {
	if dir == "" {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	return nil
}

// removeTree removes dir and everything in it, making directories writable first when a plain
// RemoveAll fails (the child may have left read-only directories).
func removeTree(dir string) error {
	if err := os.RemoveAll(dir); err == nil {
		return nil
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o700)
		}
		return nil
	})
	return os.RemoveAll(dir)
}
