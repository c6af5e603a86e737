package prometheus_test

import (
	"os/exec"
	"testing"
)

// needBinary returns the path of a program on PATH, or skips the test saying how to get it.
func needBinary(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not on PATH (install it with .ci/install-prometheus.sh): %v", name, err)
	}
	return path
}
