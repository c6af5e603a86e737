package gateway

import "github.com/diamondburned/arikawa/v3/api"

// NewAPIClient returns arikawa's REST client authenticated with botToken (without the "Bot " prefix) and, when apiBase
// (scheme://host[:port]) is set, sending every request there with its /api/v9/... path kept; empty apiBase means
// Discord's. Use it for one-off REST calls outside a Gateway, such as a health check of the token.
func NewAPIClient(botToken, apiBase string) (*api.Client, error) {
	return newAPIClient("Bot "+botToken, apiBase)
}
