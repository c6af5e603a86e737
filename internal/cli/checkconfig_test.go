package cli_test

import (
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/internal/cli"
)

// A project's progress, hide_cost and threads each get a line in check-config when not at their default, and none
// when they are.
func TestCheckConfigShowsRunDisplaySettings(t *testing.T) {
	code, out, errOut := run(t, "", nil, "check-config", "-config", "../config/testdata/good/full.yaml")
	if code != cli.ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	web, docs, ok := strings.Cut(out, "\n  docs\n")
	if !ok {
		t.Fatalf("output lacks the docs project:\n%s", out)
	}
	for _, want := range []string{"(progress: full)", "(hide_cost: true)", "(threads: true)"} {
		if !strings.Contains(web, want) {
			t.Errorf("project web: output lacks %q:\n%s", want, out)
		}
		if strings.Contains(docs, want) {
			t.Errorf("project docs, at the defaults: output shows %q:\n%s", want, out)
		}
	}

	_, out, _ = run(t, "", nil, "check-config", "-config", "../../coordinator.example.yaml")
	for _, key := range []string{"progress:", "hide_cost:", "threads:"} {
		if strings.Contains(out, key) {
			t.Errorf("the example, at the defaults: output shows %q:\n%s", key, out)
		}
	}
}
