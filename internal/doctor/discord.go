package doctor

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/diamondburned/arikawa/v3/utils/httputil"

	"github.com/discord-coordinator/coordinator/gateway"
	"github.com/discord-coordinator/coordinator/internal/config"
)

// checkDiscord asks the configured REST API who the token belongs to (GET users/@me).
func checkDiscord(ctx context.Context, r *Report, d config.Discord, timeout time.Duration) {
	const name = "discord"
	where := d.APIBaseURL
	if where == "" {
		where = "Discord"
	}
	token := d.Token.Reveal()
	if token == "" {
		r.add(name, StatusWarn, "%s is not set: token not checked (coordinator run needs it)", config.EnvToken)
		return
	}
	client, err := gateway.NewAPIClient(token, d.APIBaseURL)
	if err != nil {
		r.add(name, StatusFail, "%v", err)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	me, err := client.WithContext(ctx).Me()
	var httpErr *httputil.HTTPError
	switch {
	case errors.As(err, &httpErr) && httpErr.Status == http.StatusUnauthorized:
		r.add(name, StatusFail, "token refused (401) by %s: %s is not a valid bot token; copy it again from the "+
			"Developer Portal (Bot > Reset Token)", where, config.EnvToken)
	case err != nil:
		r.add(name, StatusFail, "GET users/@me at %s: %v", where, err)
	case !me.Bot:
		r.add(name, StatusFail, "the token belongs to %s (id %s), who is not a bot: use the bot's token", me.Username, me.ID)
	default:
		r.add(name, StatusOK, "token accepted by %s: bot %s (id %s)", where, me.Username, me.ID)
	}
}
