package gateway

import (
	"context"
	"fmt"

	"github.com/diamondburned/arikawa/v3/api"
)

// usage answers /usage: the spend of the channel's project today and this month (UTC) against its budgets.
func (g *Gateway) usage(ctx context.Context, channelID string) api.InteractionResponse {
	project, day, month, dayLimit, monthLimit, err := g.core.Usage(ctx, channelID)
	if err != nil {
		g.log.Error().Err(err).Str("channel", channelID).Msg("usage")
		return ephemeral("The usage is not available right now; try again.")
	}
	return ephemeral(fmt.Sprintf("**Project** %s\n**Today** (UTC) %s\n**This month** (UTC) %s\n", project,
		spendOf(day, dayLimit), spendOf(month, monthLimit)))
}

// spendOf shows an amount spent against a budget: "$1.20 of $5.00 (24 %)", or "$1.20 (no limit)" without one.
func spendOf(spent, limit float64) string {
	if limit <= 0 {
		return fmt.Sprintf("$%.2f (no limit)", spent)
	}
	return fmt.Sprintf("$%.2f of $%.2f (%.0f %%)", spent, limit, 100*spent/limit)
}
