package fakecli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"syscall"
)

// ProcessAlive reports whether pid names a live process: kill(pid, 0) succeeds (or is
// refused with EPERM) and /proc/PID/stat does not show it as a zombie. An orphan that
// nobody reaps stays a zombie, so the zombie check is what makes "killed" observable.
func ProcessAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	state, err := processState(pid)
	if err != nil {
		return false // gone between the two checks
	}
	return state != 'Z' && state != 'X'
}

// processState returns the state letter of /proc/PID/stat (the field after the command name).
func processState(pid int) (byte, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read stat of pid %d: %w", pid, err)
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 || i+2 >= len(data) {
		return 0, fmt.Errorf("parse stat of pid %d: %q", pid, data)
	}
	return data[i+2], nil
}
