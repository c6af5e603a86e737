package gateway

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/utils/httputil"
	"github.com/diamondburned/arikawa/v3/utils/httputil/httpdriver"
)

// rewriteTransport sends every request to base's scheme and host, keeping the path, so that
// arikawa's fixed https://discord.com/api/v9/... URLs reach a Discord-compatible server. The
// path must stay: arikawa's rate limiter keys its buckets on it.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

// RoundTrip rewrites the request's scheme and host and sends it.
func (t rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, t.base.Host
	return t.next.RoundTrip(r)
}

// newAPIClient returns arikawa's REST client for token, redirected to apiBase when it is set.
// No package-global state is touched.
func newAPIClient(token, apiBase string) (*api.Client, error) {
	hc := httputil.NewClient()
	if apiBase != "" {
		base, err := url.Parse(apiBase)
		if err != nil || base.Host == "" {
			return nil, fmt.Errorf("discord API base URL %q: want scheme://host[:port]", apiBase)
		}
		hc.Client = httpdriver.WrapClient(http.Client{Transport: rewriteTransport{base: base, next: http.DefaultTransport}})
	}
	return api.NewCustomClient(token, hc), nil
}

// gatewayURL returns the configured gateway URL, or asks the (possibly redirected) REST API
// for it, so that with a base URL set not even the lookup goes to Discord.
func gatewayURL(ctx context.Context, client *api.Client, configured string) (string, error) {
	if configured != "" {
		return configured, nil
	}
	bot, err := client.WithContext(ctx).BotURL()
	var httpErr *httputil.HTTPError
	if errors.As(err, &httpErr) && httpErr.Status == http.StatusUnauthorized {
		return "", fmt.Errorf("%w: Discord refused the token (401): %s", ErrFatal, badToken)
	}
	if err != nil {
		return "", fmt.Errorf("look up the gateway URL: %w", err)
	}
	return bot.URL, nil
}
