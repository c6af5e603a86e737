package claude

import "testing"

// BenchmarkRun measures one trivial turn with the fake CLI: exec, process group, TMPDIR,
// stream decoding and cleanup.
func BenchmarkRun(b *testing.B) {
	h := newHarness(b, nil)
	for b.Loop() {
		if res := h.runner.Run(b.Context(), Request{Dir: h.dir, Prompt: "hello"}); res.Outcome != OutcomeOK {
			b.Fatalf("outcome %s (%v)", res.Outcome, res.Err)
		}
	}
}
