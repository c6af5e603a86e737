package actors_test

import (
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
)

// A turn runs with the tools of the first tier whose role the asker holds (in the project's
// order, not the asker's), or with the project's own when the asker holds none; Started and
// Answered name the tier's role.
func TestToolTierFirstMatchWinsElseProject(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", func(o *actors.Options, _ *claudeOptions) {
		p := o.Projects["c1"]
		p.AllowedTools, p.PermissionMode = []string{"Read"}, "plan"
		p.ToolTiers = []actors.ToolTier{
			{Role: "r-admin", AllowedTools: []string{"Bash"}, PermissionMode: "dontAsk"},
			{Role: "r-dev", AllowedTools: []string{"Edit"}, DisallowedTools: []string{"WebFetch"}, PermissionMode: "acceptEdits"},
		}
	})
	tests := []struct {
		name                            string
		roles                           []string
		tier, allowed, disallowed, mode string
	}{
		{"both roles: the first tier in the list", []string{"r-dev", "r-admin"}, "r-admin", "Bash", "", "dontAsk"},
		{"second tier", []string{"r-other", "r-dev"}, "r-dev", "Edit", "WebFetch", "acceptEdits"},
		{"no tier role: the project", []string{"r-other"}, "", "Read", "", "plan"},
		{"no roles: the project", nil, "", "Read", "", "plan"},
	}
	for i, tt := range tests {
		id := "tier-" + string(rune('a'+i))
		if err := h.sys.Submit(actors.Inbound{ChannelID: "c1", MessageID: id, UserID: "u1", Roles: tt.roles, Text: tt.name}); err != nil {
			t.Fatalf("submit: %v", err)
		}
		if o := h.outcome(id, actors.Started); o.Tier != tt.tier {
			t.Errorf("%s: Started.Tier = %q, want %q", tt.name, o.Tier, tt.tier)
		}
		if o := h.final(id); o.Kind != actors.Answered || o.Tier != tt.tier {
			t.Errorf("%s: final = %v with Tier %q, want answered with %q", tt.name, o.Kind, o.Tier, tt.tier)
		}
	}
	inv := h.invocations()
	if len(inv) != len(tests) {
		t.Fatalf("fake CLI ran %d times, want %d", len(inv), len(tests))
	}
	for _, tt := range tests {
		var found bool
		for _, v := range inv {
			if v.Prompt() != tt.name {
				continue
			}
			found = true
			if got := v.Flag("--allowedTools"); got != tt.allowed {
				t.Errorf("%s: --allowedTools %q, want %q (argv %q)", tt.name, got, tt.allowed, v.Argv)
			}
			if got := v.Flag("--disallowedTools"); got != tt.disallowed {
				t.Errorf("%s: --disallowedTools %q, want %q (argv %q)", tt.name, got, tt.disallowed, v.Argv)
			}
			if got := v.Flag("--permission-mode"); got != tt.mode {
				t.Errorf("%s: --permission-mode %q, want %q (argv %q)", tt.name, got, tt.mode, v.Argv)
			}
		}
		if !found {
			t.Errorf("%s: no run with that prompt", tt.name)
		}
	}
}
