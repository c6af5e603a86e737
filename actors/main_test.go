package actors_test

import (
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// fakeClaude is the path of the fake Claude CLI built for this package's tests.
var fakeClaude string

func TestMain(m *testing.M) { fakecli.RunTests(m, &fakeClaude) }
