package fakeanthropic

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// deadline bounds every wait in these tests.
const deadline = 10 * time.Second

// env is one test's server and HTTP client; cleanup closes both.
type env struct {
	t   *testing.T
	srv *Server
	hc  *http.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	e := &env{t: t, srv: srv, hc: &http.Client{Transport: tr, Timeout: deadline}}
	t.Cleanup(func() {
		srv.Close()
		tr.CloseIdleConnections()
	})
	return e
}

// body is a minimal CLI-shaped request body: a reminder, the prompt, then a system message.
func body(prompt string, stream bool) string {
	p, _ := json.Marshal(prompt)
	return fmt.Sprintf(`{"model":"claude-opus-5-5","max_tokens":32000,"stream":%v,"messages":[
		{"role":"user","content":[{"type":"text","text":"<system-reminder>x</system-reminder>"},{"type":"text","text":%s}]},
		{"role":"system","content":"# Environment"}]}`, stream, p)
}

// post sends body to path (default /v1/messages?beta=true) with an API key unless noKey.
func (e *env) post(ctx context.Context, path, b string, noKey bool) (*http.Response, error) {
	if path == "" {
		path = "/v1/messages?beta=true"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.srv.URL()+path, strings.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("content-type", "application/json")
	req.Header.Set("x-claude-code-session-id", "sess-1")
	if !noKey {
		req.Header.Set("x-api-key", "sk-fake")
	}
	return e.hc.Do(req)
}

// mustPost posts and returns the status and the whole body.
func (e *env) mustPost(path, b string, noKey bool) (int, []byte) {
	e.t.Helper()
	resp, err := e.post(context.Background(), path, b, noKey)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, data
}

// sseEvent is one server-sent event.
type sseEvent struct {
	name string
	data map[string]any
}

// readSSE parses an event stream.
func readSSE(t *testing.T, r io.Reader) []sseEvent {
	t.Helper()
	var out []sseEvent
	var cur sseEvent
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &cur.data); err != nil {
				t.Fatalf("data line %q: %v", line, err)
			}
		case line == "":
			out = append(out, cur)
			cur = sseEvent{}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStreamingAnswer(t *testing.T) {
	e := newEnv(t)
	prompt := "a prompt long enough to need more than one text delta, with ünïcode"
	resp, err := e.post(context.Background(), "", body(prompt, true), false)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("content-type"), "text/event-stream") {
		t.Fatalf("status %d, content-type %q; want 200, text/event-stream", resp.StatusCode, resp.Header.Get("content-type"))
	}
	events := readSSE(t, resp.Body)
	var names []string
	var text strings.Builder
	for _, ev := range events {
		if ev.data["type"] != ev.name {
			t.Errorf("event %q carries data type %v", ev.name, ev.data["type"])
		}
		if len(names) == 0 || names[len(names)-1] != ev.name {
			names = append(names, ev.name)
		}
		if ev.name == "content_block_delta" {
			d := ev.data["delta"].(map[string]any)
			if d["type"] != "text_delta" {
				t.Errorf("delta type %v, want text_delta", d["type"])
			}
			text.WriteString(d["text"].(string))
		}
	}
	want := "message_start content_block_start content_block_delta content_block_stop message_delta message_stop"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("event order %q, want %q", got, want)
	}
	if text.String() != "echo: "+prompt {
		t.Errorf("streamed text %q, want %q", text.String(), "echo: "+prompt)
	}
	var deltas int
	var md map[string]any
	for _, ev := range events {
		switch ev.name {
		case "content_block_delta":
			deltas++
		case "message_delta":
			md = ev.data
		}
	}
	if deltas < 2 {
		t.Errorf("%d text deltas, want several for a %d-rune text", deltas, len([]rune(prompt)))
	}
	if md["delta"].(map[string]any)["stop_reason"] != "end_turn" || md["usage"].(map[string]any)["output_tokens"].(float64) < 1 {
		t.Errorf("message_delta %v: want stop_reason end_turn and output_tokens >= 1", md)
	}
	reqs := e.srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests recorded, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Model != "claude-opus-5-5" || !r.Stream || r.Messages != 2 || r.LastUserText != prompt || r.SessionHeader != "sess-1" || r.Status != 200 {
		t.Errorf("record %+v: want model claude-opus-5-5, stream, 2 messages, the prompt, session sess-1, status 200", r)
	}
}

func TestJSONAnswer(t *testing.T) {
	e := newEnv(t)
	status, data := e.mustPost("", body("hi there", false), false)
	if status != 200 {
		t.Fatalf("status %d (%s), want 200", status, data)
	}
	var m struct {
		Type    string `json:"type"`
		Role    string `json:"role"`
		Model   string `json:"model"`
		Content []struct {
			Type, Text string
		} `json:"content"`
		StopReason string `json:"stop_reason"`
		Usage      struct {
			InputTokens  int `json:"input_tokens"`
			OutputTokens int `json:"output_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("body %s: %v", data, err)
	}
	if m.Type != "message" || m.Role != "assistant" || m.Model != "claude-opus-5-5" || m.StopReason != "end_turn" {
		t.Errorf("message %s: want type message, role assistant, the request's model, stop_reason end_turn", data)
	}
	if len(m.Content) != 1 || m.Content[0].Type != "text" || m.Content[0].Text != "echo: hi there" {
		t.Errorf("content %+v, want one text block %q", m.Content, "echo: hi there")
	}
	if m.Usage.InputTokens < 1 || m.Usage.OutputTokens < 1 {
		t.Errorf("usage %+v, want positive counts", m.Usage)
	}
}

func TestFailNext(t *testing.T) {
	tests := []struct {
		status  int
		errType string
	}{
		{529, "overloaded_error"},
		{500, "api_error"},
		{429, "rate_limit_error"},
		{401, "authentication_error"},
		{400, "invalid_request_error"},
		{503, "api_error"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			e := newEnv(t)
			e.srv.FailNext(2, tt.status)
			for i := range 2 {
				status, data := e.mustPost("", body("x", true), false)
				var eb struct {
					Type  string `json:"type"`
					Error struct {
						Type    string `json:"type"`
						Message string `json:"message"`
					} `json:"error"`
					RequestID string `json:"request_id"`
				}
				if err := json.Unmarshal(data, &eb); err != nil {
					t.Fatalf("request %d: body %s: %v", i, data, err)
				}
				if status != tt.status || eb.Type != "error" || eb.Error.Type != tt.errType || eb.Error.Message == "" || !strings.HasPrefix(eb.RequestID, "req_") {
					t.Errorf("request %d: status %d, body %s; want %d with error type %s, a message and a request_id", i, status, data, tt.status, tt.errType)
				}
			}
			if status, data := e.mustPost("", body("x", false), false); status != 200 {
				t.Errorf("third request: status %d (%s), want 200 once the failures are used up", status, data)
			}
			var got []int
			for _, r := range e.srv.Requests() {
				got = append(got, r.Status)
			}
			if fmt.Sprint(got) != fmt.Sprint([]int{tt.status, tt.status, 200}) {
				t.Errorf("recorded statuses %v, want [%d %d 200]", got, tt.status, tt.status)
			}
		})
	}
}

func TestRefusedRequests(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		body   string
		noKey  bool
		status int
	}{
		{"no api key", "", body("x", true), true, 401},
		{"bad body", "", `{"model":""}`, false, 400},
		{"unknown path", "/v1/complete", body("x", true), false, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			status, data := e.mustPost(tt.path, tt.body, tt.noKey)
			if status != tt.status || !strings.Contains(string(data), `"type":"error"`) {
				t.Errorf("status %d, body %s; want %d with an error body", status, data, tt.status)
			}
			if n := e.srv.RequestCount(); n != 0 {
				t.Errorf("%d requests recorded, want 0 for a refused request", n)
			}
		})
	}
}

func TestStallUntilClientLeaves(t *testing.T) {
	e := newEnv(t)
	e.srv.StallNext(1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { // received below
		resp, err := e.post(ctx, "", body("x", true), false)
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("stalled request got status %d", resp.StatusCode)
		}
		errc <- err
	}()
	wctx, wcancel := context.WithTimeout(context.Background(), deadline)
	defer wcancel()
	if err := e.srv.WaitRequests(wctx, 1); err != nil {
		t.Fatal(err)
	}
	select { // no answer may come while the client waits
	case err := <-errc:
		t.Fatalf("stalled request returned early: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("stalled request ended with %v, want context.Canceled", err)
		}
	case <-time.After(deadline):
		t.Fatal("cancelled request did not return")
	}
	if status, data := e.mustPost("", body("after", false), false); status != 200 || !strings.Contains(string(data), "echo: after") {
		t.Errorf("request after the stall: %d %s, want 200 echoing it", status, data)
	}
	if got := e.srv.Requests()[0].Status; got != 0 {
		t.Errorf("stalled request recorded with status %d, want 0", got)
	}
}

func TestCloseReleasesStalledRequest(t *testing.T) {
	e := newEnv(t)
	e.srv.StallNext(1)
	errc := make(chan error, 1)
	go func() { // received below
		resp, err := e.post(context.Background(), "", body("x", true), false)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	wctx, wcancel := context.WithTimeout(context.Background(), deadline)
	defer wcancel()
	if err := e.srv.WaitRequests(wctx, 1); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { e.srv.Close(); close(closed) }() // received below
	select {
	case <-closed:
	case <-time.After(deadline):
		t.Fatal("Close did not return while a request was stalled")
	}
	select {
	case err := <-errc:
		if err == nil {
			t.Error("stalled request got an answer when the server closed, want a dropped connection")
		}
	case <-time.After(deadline):
		t.Fatal("stalled request still pending after Close")
	}
	e.srv.Close() // idempotent
	if err := e.srv.WaitRequests(context.Background(), 2); !errors.Is(err, ErrClosed) {
		t.Errorf("WaitRequests after Close = %v, want ErrClosed", err)
	}
	if _, err := e.post(context.Background(), "", body("x", true), false); err == nil {
		t.Error("request after Close succeeded, want a connection error")
	}
}

func TestSetDelay(t *testing.T) {
	e := newEnv(t)
	const d = 300 * time.Millisecond
	e.srv.SetDelay(d)
	start := time.Now()
	status, _ := e.mustPost("", body("slow", true), false)
	if took := time.Since(start); status != 200 || took < d {
		t.Errorf("delayed request: status %d after %s, want 200 after at least %s", status, took, d)
	}
	e.srv.SetDelay(0)
	e.srv.FailNext(1, 529)
	e.srv.SetDelay(d)
	start = time.Now()
	status, _ = e.mustPost("", body("slow", true), false)
	if took := time.Since(start); status != 529 || took < d {
		t.Errorf("delayed failure: status %d after %s, want 529 after at least %s", status, took, d)
	}
}

func TestWaitRequestsHonoursContext(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.srv.WaitRequests(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitRequests with a cancelled context = %v, want context.Canceled", err)
	}
	if err := e.srv.WaitRequests(ctx, 0); err != nil {
		t.Errorf("WaitRequests for 0 requests = %v, want nil", err)
	}
}
