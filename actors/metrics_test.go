package actors_test

import (
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
)

// A mapped project's series exist at 0 before anything happens, so that increase() sees the first event; a project
// added at run time gets them too.
func TestProjectSeriesStartAtZero(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	count := func(name, project string) (series int, sum float64) {
		families, err := h.reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			if f.GetName() != name {
				continue
			}
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "project" && l.GetValue() == project {
						series++
						sum += m.GetCounter().GetValue()
					}
				}
			}
		}
		return series, sum
	}
	if n, sum := count("coordinator_runs_total", "demo"); n != 14 || sum != 0 {
		t.Errorf("runs series of demo: %d at %v, want 14 outcomes at 0", n, sum)
	}
	if n, _ := count("coordinator_messages_rejected_total", "demo"); n != 3 {
		t.Errorf("rejected series of demo: %d, want 3 reasons", n)
	}
	if err := h.sys.AddProject("c9", &actors.Project{Name: "late", Dir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if n, _ := count("coordinator_breaker_trips_total", "late"); n != 1 {
		t.Errorf("trips series of a project added at run time: %d, want 1", n)
	}
}
