package main

import (
	"regexp"
	"strings"
	"testing"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// resultKeys are the keys of the notes' json-mode success sample.
var resultKeys = []string{"duration_api_ms", "stop_reason", "session_id", "total_cost_usd", "usage", "modelUsage",
	"permission_denials", "terminal_reason", "fast_mode_state", "fast_mode_disabled_reason", "subagent_stats",
	"safety_stops", "is_error", "num_turns", "subtype", "api_error_status", "result", "ttft_ms", "type",
	"duration_ms", "uuid", "ttft_stream_ms", "time_to_request_ms", "first_content_frame_ms", "queued_turn_count", "result_index"}

func hasKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: missing key %q", what, k)
		}
	}
}

func TestJSONSuccess(t *testing.T) {
	s := newSandbox(t)
	res, r := s.jsonResult("--", "hello")
	mustRC(t, r, 0, "")
	hasKeys(t, "result", res, resultKeys...)
	want := map[string]any{"type": "result", "subtype": "success", "is_error": false, "result": "echo: hello",
		"total_cost_usd": 0.050256, "num_turns": 1.0, "terminal_reason": "completed", "stop_reason": "end_turn",
		"api_error_status": nil}
	for k, v := range want {
		if res[k] != v {
			t.Errorf("%s = %#v, want %#v", k, res[k], v)
		}
	}
	if id, _ := res["session_id"].(string); !uuidPattern.MatchString(id) {
		t.Errorf("session_id %q is not a UUID", id)
	}
	usage, _ := res["usage"].(map[string]any)
	hasKeys(t, "usage", usage, "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
		"output_tokens_details", "server_tool_use", "service_tier", "cache_creation")
	mu, _ := res["modelUsage"].(map[string]any)
	opus, _ := mu["claude-opus-5-5"].(map[string]any)
	if opus["costUSD"] != 0.050256 || opus["canonicalModel"] != "claude-opus-5-5" {
		t.Errorf("modelUsage %v", mu)
	}
	if d, ok := res["permission_denials"].([]any); !ok || len(d) != 0 {
		t.Errorf("permission_denials %#v, want []", res["permission_denials"])
	}
}

func TestStreamJSONSuccess(t *testing.T) {
	s := newSandbox(t)
	r := s.run("-p", "--output-format", "stream-json", "--verbose", "--", "hello")
	mustRC(t, r, 0, "")
	evs := decodeLines(t, r.stdout)
	if got := strings.Join(kinds(evs), " "); got != "system/init assistant result" {
		t.Fatalf("events %q", got)
	}
	initEv, asst, res := evs[0], evs[1], evs[2]
	hasKeys(t, "init", initEv, "cwd", "session_id", "tools", "mcp_servers", "model", "permissionMode", "apiKeySource",
		"claude_code_version", "uuid")
	if initEv["cwd"] != s.work || initEv["model"] != "claude-opus-5-5" || initEv["claude_code_version"] != "2.1.332" ||
		initEv["permissionMode"] != "default" {
		t.Errorf("init %v", initEv)
	}
	msg, _ := asst["message"].(map[string]any)
	content, _ := msg["content"].([]any)
	block, _ := content[0].(map[string]any)
	u, _ := msg["usage"].(map[string]any)
	if block["type"] != "text" || block["text"] != "echo: hello" || msg["stop_reason"] != nil || u["output_tokens"] != 1.0 ||
		msg["role"] != "assistant" {
		t.Errorf("assistant %v", asst)
	}
	hasKeys(t, "result", res, append(resultKeys, "model_usage_since_last_result")...)
	if res["result"] != "echo: hello" || res["is_error"] != false {
		t.Errorf("result %v", res)
	}
	for i, ev := range evs {
		if ev["session_id"] != initEv["session_id"] {
			t.Errorf("event %d session_id %v, want %v", i, ev["session_id"], initEv["session_id"])
		}
	}
}

func TestTextOutput(t *testing.T) {
	s := newSandbox(t)
	r := s.run("-p", "--", "hello")
	mustRC(t, r, 0, "")
	if r.stdout != "echo: hello\n" {
		t.Errorf("stdout %q", r.stdout)
	}
}

func TestJSONVerboseIsAnArray(t *testing.T) {
	s := newSandbox(t)
	r := s.run("-p", "--output-format", "json", "--verbose", "--", "hello")
	mustRC(t, r, 0, "")
	if !strings.HasPrefix(r.stdout, "[{") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("stdout %q, want one JSON array line", r.stdout)
	}
	if !strings.Contains(r.stdout, `"subtype":"init"`) || !strings.Contains(r.stdout, `"type":"result"`) {
		t.Errorf("array lacks init or result: %q", r.stdout)
	}
}

func TestModels(t *testing.T) {
	tests := []struct{ flag, model, stderr string }{
		{"", "claude-opus-5-5", ""},
		{"opus", "claude-opus-5-5", ""},
		{"sonnet", "claude-sonnet-5-5", ""},
		{"haiku", "claude-haiku-5-5", ""},
		{"claude-sonnet-5-5", "claude-sonnet-5-5", ""},
		{"gpt-9", "gpt-9", `[claude-code:unrecognized_model] {"model":"gpt-9","query_source":"sdk"}` + "\n"},
	}
	s := newSandbox(t)
	for _, tt := range tests {
		args := []string{"-p", "--output-format", "stream-json", "--verbose"}
		if tt.flag != "" {
			args = append(args, "--model", tt.flag)
		}
		r := s.run(append(args, "--", "hi")...)
		mustRC(t, r, 0, tt.stderr)
		evs := decodeLines(t, r.stdout)
		msg, _ := evs[1]["message"].(map[string]any)
		mu, _ := evs[2]["modelUsage"].(map[string]any)
		if evs[0]["model"] != tt.model || msg["model"] != tt.model || mu[tt.model] == nil {
			t.Errorf("--model %q: init %v, assistant %v, modelUsage keys %v", tt.flag, evs[0]["model"], msg["model"], mu)
		}
	}
}

func TestInitReflectsFlags(t *testing.T) {
	s := newSandbox(t)
	s.extraEnv = []string{"ANTHROPIC_API_KEY=sk-fake"}
	r := s.run("-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "manual",
		"--disallowedTools", "Bash", "Write", "--", "hi")
	mustRC(t, r, 0, "")
	ev := decodeLines(t, r.stdout)[0]
	tools, _ := ev["tools"].([]any)
	for _, tool := range tools {
		if tool == "Bash" || tool == "Write" {
			t.Errorf("disallowed tool %v listed in init tools %v", tool, tools)
		}
	}
	if len(tools) == 0 || ev["permissionMode"] != "default" || ev["apiKeySource"] != "ANTHROPIC_API_KEY" {
		t.Errorf("init %v", ev)
	}
	if r.stdout == "" || strings.Contains(r.stdout, "sk-fake") {
		t.Errorf("the API key leaked to stdout")
	}
}
