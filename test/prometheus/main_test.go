package prometheus_test

import (
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// fakeClaude is the fake Claude CLI built for this package.
var fakeClaude string

func TestMain(m *testing.M) { fakecli.RunTests(m, &fakeClaude) }
