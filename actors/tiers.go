package actors

import "slices"

// pickTier returns the first of tiers whose role is among roles (the asker's), or nil when none
// is: the project's own tools apply then. Tiers are listed most permissive first, so the first
// match is the most an asker with several roles gets.
func pickTier(tiers []ToolTier, roles []string) *ToolTier {
	for i := range tiers {
		if tiers[i].Role != "" && slices.Contains(roles, tiers[i].Role) {
			return &tiers[i]
		}
	}
	return nil
}
