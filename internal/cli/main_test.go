package cli_test

import (
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

var fakeClaude string

func TestMain(m *testing.M) { fakecli.RunTests(m, &fakeClaude) }
