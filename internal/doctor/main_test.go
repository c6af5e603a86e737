package doctor_test

import (
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// fakeClaude is the fake CLI, built once by TestMain.
var fakeClaude string

func TestMain(m *testing.M) { fakecli.RunTests(m, &fakeClaude) }
