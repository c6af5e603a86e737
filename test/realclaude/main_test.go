package realclaude

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// pinnedVersion is the CLI version the tier is written against.
const pinnedVersion = "2.1.332"

// skipMessage is the reason every test skips when no CLI is installed.
const skipMessage = "real claude CLI not installed: run .ci/install-claude.sh"

// cli is the real CLI found by TestMain ("" when none is installed); setupErr is a broken setup.
var (
	cli      string
	setupErr error
)

func TestMain(m *testing.M) {
	cli, setupErr = findCLI()
	goleak.VerifyTestMain(m)
}

// findCLI returns the CLI named by COORDINATOR_REAL_CLAUDE, or the install script's fixed path,
// or "" when neither is there. A named CLI that is missing or does not run is an error.
func findCLI() (string, error) {
	if p := os.Getenv("COORDINATOR_REAL_CLAUDE"); p != "" {
		return checkCLI(p)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", nil
	}
	p := filepath.Join(home, ".cache", "coordinator-ci", "claude", "node_modules", ".bin", "claude")
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	return checkCLI(p)
}

// checkCLI runs `p --version` and returns p's absolute path when it reports a version.
func checkCLI(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("real claude CLI %q: %w", p, err)
	}
	out, err := exec.Command(abs, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("real claude CLI %s --version: %w", abs, err)
	}
	if !strings.HasPrefix(string(out), pinnedVersion+" ") {
		fmt.Fprintf(os.Stderr, "realclaude: %s reports %q, the tier is written against %s\n", abs, strings.TrimSpace(string(out)), pinnedVersion)
	}
	return abs, nil
}

// requireCLI skips t when no CLI is installed and fails it when the setup is broken.
func requireCLI(t *testing.T) string {
	t.Helper()
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	if cli == "" {
		t.Skip(skipMessage)
	}
	return cli
}
