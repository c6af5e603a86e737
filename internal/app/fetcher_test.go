package app_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/app"
)

// The HTTP fetcher copies a 200 body up to the limit, refuses a longer one (whether the length is announced or
// only streamed) with actors.ErrAttachmentTooLarge, and fails on any other status.
func TestHTTPFetcher(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			_, _ = io.WriteString(w, "12345")
		case "/chunked":
			w.(http.Flusher).Flush() // no Content-Length: the size shows only while streaming
			_, _ = io.WriteString(w, "123456")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	f := app.NewHTTPFetcher(10 * time.Second)
	tests := []struct {
		path    string
		limit   int64
		body    string
		tooBig  bool
		wantErr bool
	}{
		{"/ok", 5, "12345", false, false},
		{"/ok", 4, "", true, true},
		{"/chunked", 5, "", true, true},
		{"/chunked", 6, "123456", false, false},
		{"/missing", 100, "", false, true},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := f.Fetch(t.Context(), srv.URL+tt.path, &buf, tt.limit)
		if (err != nil) != tt.wantErr || errors.Is(err, actors.ErrAttachmentTooLarge) != tt.tooBig {
			t.Errorf("%s limit %d: err = %v, want error %v (too large %v)", tt.path, tt.limit, err, tt.wantErr, tt.tooBig)
		}
		if !tt.wantErr && buf.String() != tt.body {
			t.Errorf("%s: body %q, want %q", tt.path, buf.String(), tt.body)
		}
		if tt.path == "/missing" && err != nil && !strings.Contains(err.Error(), "404") {
			t.Errorf("%s: error %v does not name the status", tt.path, err)
		}
	}
}
