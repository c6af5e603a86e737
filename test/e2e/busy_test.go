package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// busy_policy interrupt: alice's new mention stops her running turn (🛑, not a failure) and runs
// next in the channel's session, ahead of bob's mention, which waited its turn.
func TestBusyPolicyInterrupt(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: "    busy_policy: interrupt\n"})
	warm := d.mention(chanA, alice, "warm up")
	d.reacted(chanA, warm.ID, "✅")

	hang := d.mention(chanA, alice, "fake:hang")
	d.until("the hanging run to start", func() bool { return len(d.invocations()) == 2 })
	fromBob := d.mention(chanA, bob, "bob waits")
	d.reacted(chanA, fromBob.ID, "⏳")
	again := d.mention(chanA, alice, "again")
	d.reacted(chanA, hang.ID, "🛑")
	d.reacted(chanA, again.ID, "✅")
	d.reacted(chanA, fromBob.ID, "✅")

	if rep := d.replies(chanA, hang.ID); len(rep) != 0 {
		t.Errorf("replies to the interrupted mention: %+v, want none but its status message", rep)
	}
	if st, ok := d.status(chanA, hang.ID); !ok || !strings.HasPrefix(st.Content, "🛑 Stopped after ") ||
		!strings.Contains(st.Content, ": a newer message from the asker runs next") {
		t.Errorf("status of the interrupted mention: %+v, want it stopped for a newer message", st)
	}
	if rep := d.replies(chanA, again.ID); len(rep) != 1 || rep[0].Content != "echo: again" {
		t.Errorf("replies to the interrupting mention: %+v", rep)
	}
	inv := d.invocations()
	var prompts []string
	for _, i := range inv {
		prompts = append(prompts, i.Prompt())
	}
	if got, want := fmt.Sprint(prompts), fmt.Sprint([]string{"warm up", "fake:hang", "again", "bob waits"}); got != want {
		t.Fatalf("runs = %s, want %s", got, want)
	}
	if id := inv[0].Flag("--session-id"); id == "" || inv[2].Flag("--resume") != id {
		t.Errorf("the interrupting run did not resume the channel's session: %v / %v", inv[0].Argv, inv[2].Argv)
	}
	d.noProcessLeft()
}
