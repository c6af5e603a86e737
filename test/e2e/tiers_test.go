package e2e

import (
	"testing"
)

// Tool tiers by role: bob holds the tier's role, so his run gets the tier's tools and permission
// mode and his answer names the tier on its last line (pinging nobody); alice holds no tier role,
// so hers runs with the project's own and has no footer.
func TestToolTierByRole(t *testing.T) {
	d := startDaemon(t, setup{extraYAML: `    allowed_tools: [Read]
    permission_mode: plan
    tool_tiers:
      - {role: "1300000000000000399", allowed_tools: [Bash], permission_mode: dontAsk}
      - {role: "` + roleDev + `", allowed_tools: [Edit], disallowed_tools: [WebFetch], permission_mode: acceptEdits}
`})
	fromBob := d.mention(chanA, bob, "tier bob")
	d.reacted(chanA, fromBob.ID, "✅")
	fromAlice := d.mention(chanA, alice, "tier alice")
	d.reacted(chanA, fromAlice.ID, "✅")

	runs := map[string][3]string{} // prompt -> allowed, disallowed, permission mode
	for _, inv := range d.invocations() {
		runs[inv.Prompt()] = [3]string{inv.Flag("--allowedTools"), inv.Flag("--disallowedTools"), inv.Flag("--permission-mode")}
	}
	if got, want := runs["tier bob"], [3]string{"Edit", "WebFetch", "acceptEdits"}; got != want {
		t.Errorf("bob's run: tools/disallowed/mode %q, want the tier's %q", got, want)
	}
	if got, want := runs["tier alice"], [3]string{"Read", "", "plan"}; got != want {
		t.Errorf("alice's run: tools/disallowed/mode %q, want the project's %q", got, want)
	}

	wantBob := "echo: tier bob\n\n*— tools: tier <@&" + roleDev + ">*"
	if rep := d.replies(chanA, fromBob.ID); len(rep) != 1 || rep[0].Content != wantBob || len(rep[0].Pinged) != 0 {
		t.Errorf("bob's answer %+v, want one reply %q pinging nobody", rep, wantBob)
	}
	if rep := d.replies(chanA, fromAlice.ID); len(rep) != 1 || rep[0].Content != "echo: tier alice" {
		t.Errorf("alice's answer %+v, want %q with no tier footer", rep, "echo: tier alice")
	}
}
