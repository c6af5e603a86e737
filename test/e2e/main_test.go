package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// Binaries built once for the package.
var (
	coordinatorBin string
	fakeClaude     string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := build(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	goleak.VerifyTestMain(m, goleak.Cleanup(func(int) { os.RemoveAll(dir) }))
}

func build(dir string) error {
	var err error
	if fakeClaude, err = fakecli.Build(dir); err != nil {
		return err
	}
	coordinatorBin = filepath.Join(dir, "coordinator")
	args := []string{"build", "-race", "-o", coordinatorBin, "github.com/discord-coordinator/coordinator/cmd/coordinator"}
	if os.Getenv("E2E_NO_RACE") != "" { // benchmarks of a release-like build
		args = append(args[:1], args[2:]...)
	}
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("build coordinator: %v\n%s", err, out)
	}
	return nil
}
