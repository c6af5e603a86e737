package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// grandchildArg is the hidden first argument that turns the binary into the fake:grandchild process.
const grandchildArg = "__fakeclaude_grandchild"

// grandchildLife bounds a grandchild nobody killed.
const grandchildLife = time.Hour

// runGrandchild ignores SIGTERM, tells the parent so on fd 3, then sleeps. It holds the
// stdout and stderr it inherited, like a tool process the CLI left behind.
func runGrandchild() {
	signal.Ignore(syscall.SIGTERM)
	ready := os.NewFile(3, "ready")
	_, _ = ready.Write([]byte{1})
	_ = ready.Close()
	time.Sleep(grandchildLife)
}

// spawnGrandchild starts the grandchild in this process group, sharing stdout and stderr,
// and returns once it ignores SIGTERM. It is never waited for: it must be killed by whoever
// owns the group.
func spawnGrandchild() (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, fmt.Errorf("spawn grandchild: find executable: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return 0, fmt.Errorf("spawn grandchild: pipe: %w", err)
	}
	defer r.Close()
	cmd := exec.Command(exe, grandchildArg)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.ExtraFiles = []*os.File{w}
	err = cmd.Start()
	w.Close()
	if err != nil {
		return 0, fmt.Errorf("spawn grandchild: %w", err)
	}
	pid := cmd.Process.Pid
	_ = r.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := r.Read(make([]byte, 1)); err != nil {
		return pid, fmt.Errorf("spawn grandchild %d: wait for ready: %w", pid, err)
	}
	_ = cmd.Process.Release()
	return pid, nil
}
