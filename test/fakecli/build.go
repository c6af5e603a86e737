package fakecli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Package is the import path of the fake CLI's main package.
const Package = "github.com/discord-coordinator/coordinator/test/fakeclaude"

// BinaryName is the file name Build gives the fake, so that a runner defaulting to
// "claude" finds it when dir is put on PATH.
const BinaryName = "claude"

// Build compiles test/fakeclaude into dir and returns the binary path (dir/claude).
// Call it once per test package, from TestMain, with a temp dir the caller removes.
// It must run inside this module (any package directory of it will do).
func Build(dir string) (string, error) {
	out := filepath.Join(dir, BinaryName)
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("build fake claude: find go tool: %w", err)
	}
	cmd := exec.Command(goBin, "build", "-o", out, Package)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build fake claude into %s: %w\n%s", dir, err, msg)
	}
	return out, nil
}
