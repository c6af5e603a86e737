package prometheus_test

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// fakeClaude is the fake Claude CLI built for this package.
var fakeClaude string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "prometheus-fakeclaude-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if fakeClaude, err = fakecli.Build(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	goleak.VerifyTestMain(m, goleak.Cleanup(func(int) { os.RemoveAll(dir) }))
}
