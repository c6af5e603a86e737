package actors_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
)

// httpFetcher is a plain HTTP client as the Fetcher port: a real download from a loopback server.
type httpFetcher struct{ c *http.Client }

func (f httpFetcher) Fetch(ctx context.Context, url string, w io.Writer, maxBytes int64) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := f.c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", res.Status)
	}
	n, err := io.Copy(w, io.LimitReader(res.Body, maxBytes+1))
	if err == nil && n > maxBytes {
		return actors.ErrAttachmentTooLarge
	}
	return err
}

// fileServer serves name -> body on 127.0.0.1; other paths are 404.
func fileServer(t *testing.T, files map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := files[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func withFetcher(limit int64) harnessOption {
	return func(o *actors.Options, _ *claudeOptions) {
		o.Fetcher = httpFetcher{c: &http.Client{}}
		o.MaxAttachmentBytes = limit
	}
}

// submitWith sends a message with attachments and waits for its final outcome.
func (h *harness) submitWith(id, text string, atts []actors.Attachment, dropped int) actors.Outcome {
	h.t.Helper()
	err := h.sys.Submit(actors.Inbound{ChannelID: "c1", MessageID: id, UserID: "u1", Text: text, Attachments: atts,
		DroppedAttachments: dropped})
	if err != nil {
		h.t.Fatalf("submit: %v", err)
	}
	return h.final(id)
}

// promptOf returns the prompt the fake CLI got for the run whose prompt starts with prefix.
func (h *harness) promptOf(prefix string) string {
	h.t.Helper()
	for _, inv := range h.invocations() {
		if p := inv.Prompt(); strings.HasPrefix(p, prefix) {
			return p
		}
	}
	h.t.Fatalf("no run with prompt %q", prefix)
	return ""
}

// inboxGone fails the test when the run folder (or the inbox) is still in the project dir.
func (h *harness) inboxGone() {
	h.t.Helper()
	if _, err := os.Stat(filepath.Join(h.dir, actors.InboxDir)); !errors.Is(err, os.ErrNotExist) {
		h.t.Errorf("%s still exists after the run (stat: %v)", actors.InboxDir, err)
	}
}

// The run sees the attached files in its project dir (the fake CLI replies one from its relative path), the
// prompt names them, a sender's path is reduced to a base name, equal names are made unique, and the folder is
// gone once the run is answered.
func TestAttachmentsDownloadedNamedAndRemoved(t *testing.T) {
	srv := fileServer(t, map[string]string{"notes": "hello from the file", "pw": "root:x:0:0", "a1": "one", "a2": "two"})
	h := newHarness(t, []string{"c1"}, "", withFetcher(1024))
	atts := []actors.Attachment{
		{Name: "notes.txt", URL: srv.URL + "/notes", Size: 19},
		{Name: "../../etc/passwd", URL: srv.URL + "/pw"},
		{Name: "a.txt", URL: srv.URL + "/a1"},
		{Name: "a.txt", URL: srv.URL + "/a2"},
	}
	o := h.submitWith("att1", "fake:reply-file=./.coordinator-inbox/att1/notes.txt", atts, 0)
	if o.Kind != actors.Answered || o.Text != "hello from the file" {
		t.Fatalf("outcome = %v %q, want answered with the attached file's text", o.Kind, o.Text)
	}
	want := "fake:reply-file=./.coordinator-inbox/att1/notes.txt\n\nAttached files (in ./.coordinator-inbox/att1/): notes.txt, passwd, a.txt, a-2.txt"
	if p := h.promptOf("fake:reply-file=./.coordinator-inbox/att1/"); p != want {
		t.Errorf("prompt = %q, want %q", p, want)
	}
	h.inboxGone()

	o = h.submitWith("att2", "fake:reply-file=./.coordinator-inbox/att2/a-2.txt", atts[2:], 0)
	if o.Kind != actors.Answered || o.Text != "two" {
		t.Errorf("outcome = %v %q, want the second a.txt saved as a-2.txt", o.Kind, o.Text)
	}
	h.inboxGone()
}

// A file over the byte limit is skipped whether its announced size or its stream says so, a failed download is
// skipped too, and the prompt says which and why; the dropped count is noted.
func TestAttachmentsOversizeAndFailuresSkipped(t *testing.T) {
	srv := fileServer(t, map[string]string{"ok": "12345678", "big": strings.Repeat("x", 9)})
	h := newHarness(t, []string{"c1"}, "", withFetcher(8))
	atts := []actors.Attachment{
		{Name: "ok.txt", URL: srv.URL + "/ok"},
		{Name: "announced.bin", URL: srv.URL + "/ok", Size: 9},
		{Name: "streamed.bin", URL: srv.URL + "/big", Size: 1},
		{Name: "gone.txt", URL: srv.URL + "/missing"},
	}
	o := h.submitWith("att3", "fake:pwd size check", atts, 2)
	if o.Kind != actors.Answered || o.Text != h.dir {
		t.Fatalf("outcome = %v %q, want answered from the project dir %s", o.Kind, o.Text, h.dir)
	}
	want := "fake:pwd size check\n\nAttached files (in ./.coordinator-inbox/att3/): ok.txt" +
		"\n\nAttached files not downloaded: announced.bin (larger than 8 bytes), streamed.bin (larger than 8 bytes), gone.txt (download failed)" +
		"\n\n2 more attached file(s) were ignored: too many files in one message."
	if p := h.promptOf("fake:pwd size check"); p != want {
		t.Errorf("prompt = %q\nwant     %q", p, want)
	}
	h.inboxGone()
}

// The folder is removed when the run fails too.
func TestAttachmentsRemovedAfterFailedRun(t *testing.T) {
	srv := fileServer(t, map[string]string{"f": "data"})
	h := newHarness(t, []string{"c1"}, "", withFetcher(1024))
	o := h.submitWith("att4", "fake:exit=3", []actors.Attachment{{Name: "f.txt", URL: srv.URL + "/f"}}, 0)
	if o.Kind != actors.Failed {
		t.Errorf("outcome = %v (%v), want failed", o.Kind, o.Class)
	}
	h.inboxGone()
}

// Without a Fetcher nothing is downloaded and no folder is made, but the prompt says the files were not.
func TestAttachmentsWithoutFetcher(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	o := h.submitWith("att5", "no fetcher", []actors.Attachment{{Name: ".hidden", URL: "http://127.0.0.1:1/x"}}, 0)
	if o.Kind != actors.Answered {
		t.Fatalf("outcome = %v, want answered", o.Kind)
	}
	if p, want := h.promptOf("no fetcher"), "no fetcher\n\nAttached files not downloaded: hidden (downloads are off)"; p != want {
		t.Errorf("prompt = %q, want %q", p, want)
	}
	h.inboxGone()
}
