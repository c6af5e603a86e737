package fakeanthropic

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxBody bounds a request body (the CLI's first turn is about 100 KB).
const maxBody = 32 << 20

// deltaRunes is the most runes one content_block_delta carries.
const deltaRunes = 32

// messages serves POST /v1/messages.
func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "", "Method not allowed: "+r.Method)
		return
	}
	if r.Header.Get("x-api-key") == "" && !strings.HasPrefix(r.Header.Get("authorization"), "Bearer ") {
		writeError(w, http.StatusUnauthorized, "", "x-api-key header is required")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "", fmt.Sprintf("read body: %v", err))
		return
	}
	req, err := parseRequest(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "", err.Error())
		return
	}
	req.SessionHeader = r.Header.Get("x-claude-code-session-id")
	f, delay, seq := s.admit(req)
	reqID := fmt.Sprintf("req_fake_%06d", seq)
	if f != nil && f.stall {
		s.stall(r.Context())
		panic(http.ErrAbortHandler) // drop the connection: no answer at all, not an empty 200
	}
	if delay > 0 && !s.hold(r.Context(), delay) {
		panic(http.ErrAbortHandler)
	}
	w.Header().Set("request-id", reqID)
	if f != nil {
		writeError(w, f.status, reqID, "")
		return
	}
	m := reply{
		id:     fmt.Sprintf("msg_fake_%06d", seq),
		model:  req.Model,
		text:   "echo: " + req.LastUserText,
		input:  tokens(len(body)),
		output: tokens(len(req.LastUserText) + len("echo: ")),
	}
	if req.Stream {
		m.stream(w)
		return
	}
	writeJSON(w, http.StatusOK, m.message())
}

// tokens is a rough token count for n bytes, at least 1.
func tokens(n int) int { return max(1, n/4) }

// reply is the one assistant message the server answers with.
type reply struct {
	id, model, text string
	input, output   int
}

// message is the non-streaming body.
func (m reply) message() map[string]any {
	return map[string]any{
		"id": m.id, "type": "message", "role": "assistant", "model": m.model,
		"content":     []any{map[string]any{"type": "text", "text": m.text}},
		"stop_reason": "end_turn", "stop_sequence": nil,
		"usage": map[string]any{"input_tokens": m.input, "output_tokens": m.output},
	}
}

// stream writes the answer as server-sent events, flushing after each one.
func (m reply) stream(w http.ResponseWriter) {
	h := w.Header()
	h.Set("content-type", "text/event-stream")
	h.Set("cache-control", "no-cache")
	w.WriteHeader(http.StatusOK)
	events := []map[string]any{
		{"type": "message_start", "message": map[string]any{
			"id": m.id, "type": "message", "role": "assistant", "model": m.model,
			"content": []any{}, "stop_reason": nil, "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": m.input, "output_tokens": 1},
		}},
		{"type": "content_block_start", "index": 0, "content_block": map[string]any{"type": "text", "text": ""}},
	}
	for _, part := range chunks(m.text, deltaRunes) {
		events = append(events, map[string]any{"type": "content_block_delta", "index": 0,
			"delta": map[string]any{"type": "text_delta", "text": part}})
	}
	events = append(events,
		map[string]any{"type": "content_block_stop", "index": 0},
		map[string]any{"type": "message_delta",
			"delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
			"usage": map[string]any{"output_tokens": m.output}},
		map[string]any{"type": "message_stop"},
	)
	rc := http.NewResponseController(w)
	for _, ev := range events {
		data, _ := json.Marshal(ev) // plain maps of strings and numbers always marshal
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev["type"], data); err != nil {
			return // the client left
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// chunks splits s into pieces of at most n runes; an empty s gives one empty piece.
func chunks(s string, n int) []string {
	r := []rune(s)
	if len(r) == 0 {
		return []string{""}
	}
	var out []string
	for len(r) > n {
		out = append(out, string(r[:n]))
		r = r[n:]
	}
	return append(out, string(r))
}

// errorTypes maps a status to the API's error type; any other status is "api_error".
var errorTypes = map[int]struct{ typ, msg string }{
	400: {"invalid_request_error", "Invalid request"},
	401: {"authentication_error", "invalid x-api-key"},
	403: {"permission_error", "Your API key does not have permission to use the specified resource."},
	404: {"not_found_error", "Not found"},
	405: {"invalid_request_error", "Method not allowed"},
	413: {"request_too_large", "Request exceeds the maximum allowed number of bytes."},
	429: {"rate_limit_error", "Number of requests has exceeded your rate limit"},
	500: {"api_error", "Internal server error"},
	529: {"overloaded_error", "Overloaded"},
}

// writeError answers with status and Anthropic's error JSON; an empty msg takes the status's
// default message.
func writeError(w http.ResponseWriter, status int, reqID, msg string) {
	e, ok := errorTypes[status]
	if !ok {
		e = struct{ typ, msg string }{"api_error", http.StatusText(status)}
	}
	if msg == "" {
		msg = e.msg
	}
	body := map[string]any{"type": "error", "error": map[string]any{"type": e.typ, "message": msg}}
	if reqID != "" {
		body["request_id"] = reqID
	}
	writeJSON(w, status, body)
}

// writeJSON answers with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, _ := json.Marshal(v) // only maps of plain values reach here
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
