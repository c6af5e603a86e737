package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/discord-coordinator/coordinator/actors"
)

// DefaultFetchTimeout bounds one attachment download (connect, headers and body).
const DefaultFetchTimeout = 2 * time.Minute

// HTTPFetcher downloads attached files with a plain GET; it sends no credentials.
type HTTPFetcher struct {
	Client *http.Client // nil: a client with DefaultFetchTimeout
}

// NewHTTPFetcher returns an HTTPFetcher whose client gives up on a download after timeout.
func NewHTTPFetcher(timeout time.Duration) *HTTPFetcher {
	if timeout <= 0 {
		timeout = DefaultFetchTimeout
	}
	return &HTTPFetcher{Client: &http.Client{Timeout: timeout}}
}

// Fetch GETs url and copies the body to w. Any status but 200 is an error; a body longer than maxBytes is an
// error wrapping actors.ErrAttachmentTooLarge (at most maxBytes+1 bytes are read).
func (f *HTTPFetcher) Fetch(ctx context.Context, url string, w io.Writer, maxBytes int64) error {
	client := f.Client
	if client == nil {
		client = &http.Client{Timeout: DefaultFetchTimeout}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("fetch attachment: %w", err)
	}
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("fetch attachment: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("fetch attachment: status %s", res.Status)
	}
	if res.ContentLength > maxBytes {
		return fmt.Errorf("fetch attachment of %d bytes: %w", res.ContentLength, actors.ErrAttachmentTooLarge)
	}
	n, err := io.Copy(w, io.LimitReader(res.Body, maxBytes+1))
	if err != nil {
		return fmt.Errorf("fetch attachment: %w", err)
	}
	if n > maxBytes {
		return fmt.Errorf("fetch attachment over %d bytes: %w", maxBytes, actors.ErrAttachmentTooLarge)
	}
	return nil
}
