package fakecli

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// RunTests is a test package's TestMain: it builds the fake CLI into a temporary directory, sets
// *path to it, runs the tests with goleak's goroutine check, removes the directory and exits.
func RunTests(m *testing.M, path *string) {
	dir, err := os.MkdirTemp("", "fakeclaude-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *path, err = Build(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	goleak.VerifyTestMain(m, goleak.Cleanup(func(int) { os.RemoveAll(dir) }))
}
