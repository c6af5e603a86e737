package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReplyDirectives(t *testing.T) {
	s := newSandbox(t)
	s.extraEnv = []string{"FOO=bar", "FOO1=x"} // sorted by name: FOO before FOO1
	replyFile := filepath.Join(t.TempDir(), "reply.md")
	if err := os.WriteFile(replyFile, []byte("line one\n```go\nx := 1\n```\n@everyone"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, prompt string
		want         func(s *sandbox) string
	}{
		{"reply", "hi fake:reply=hello_world", func(*sandbox) string { return "hello_world" }},
		{"reply-file", "fake:reply-file=" + replyFile, func(*sandbox) string { return "line one\n```go\nx := 1\n```\n@everyone" }},
		{"pwd", "fake:pwd", func(s *sandbox) string { return s.work }},
		{"huge", "fake:huge=100000", func(*sandbox) string { return strings.Repeat("x", 100000) }},
		{"argv", "fake:argv", func(*sandbox) string {
			return `["-p","--output-format","json","--model","sonnet","--","fake:argv"]`
		}},
		{"env", "fake:env", func(s *sandbox) string {
			env := s.env()
			slices.SortFunc(env, func(a, b string) int { return strings.Compare(envName(a), envName(b)) })
			return strings.Join(env, "\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, r := s.jsonResult("--model", "sonnet", "--", tt.prompt)
			mustRC(t, r, 0, "")
			if want := tt.want(s); res["result"] != want {
				got, _ := res["result"].(string)
				t.Errorf("result %.200q, want %.200q", got, want)
			}
		})
	}
}

func TestDirectivesFromEnv(t *testing.T) {
	s := newSandbox(t)
	s.extraEnv = []string{"FAKECLAUDE_DIRECTIVES=fake:reply=from_env fake:cost=2.5"}
	res, r := s.jsonResult("--", "hello")
	mustRC(t, r, 0, "")
	if res["result"] != "from_env" || res["total_cost_usd"] != 2.5 {
		t.Errorf("result %v cost %v", res["result"], res["total_cost_usd"])
	}
}

func TestCostAndStderr(t *testing.T) {
	s := newSandbox(t)
	res, r := s.jsonResult("--", "hi fake:cost=0.25 fake:stderr=boom fake:nonsense fake:sleep=forever")
	mustRC(t, r, 0, `fake: ignoring directive "fake:nonsense": unknown directive or missing value`+"\n"+
		`fake: ignoring directive "fake:sleep=forever": time: invalid duration "forever"`+"\n"+"boom\n")
	mu, _ := res["modelUsage"].(map[string]any)
	opus, _ := mu["claude-opus-5-5"].(map[string]any)
	if res["total_cost_usd"] != 0.25 || opus["costUSD"] != 0.25 || res["result"] != "echo: hi fake:cost=0.25 fake:stderr=boom fake:nonsense fake:sleep=forever" {
		t.Errorf("result %v", res)
	}
}

func TestExitDirective(t *testing.T) {
	s := newSandbox(t)
	for _, format := range []string{"json", "stream-json"} {
		r := s.run("-p", "--output-format", format, "--verbose", "--", "fake:exit=3")
		mustRC(t, r, 3, "fake: exiting 3\n")
		if r.stdout != "" {
			t.Errorf("%s: stdout %q, want empty", format, r.stdout)
		}
	}
}

func TestMalformedDirective(t *testing.T) {
	s := newSandbox(t)
	r := s.run("-p", "--output-format", "stream-json", "--verbose", "--", "fake:malformed")
	mustRC(t, r, 0, "")
	lines := strings.Split(r.stdout, "\n")
	if len(lines) != 3 || lines[1] != `{"type":"assistant",` || lines[2] != "" {
		t.Fatalf("stdout %q", r.stdout)
	}
	if ev := decode(t, lines[0]); ev["subtype"] != "init" {
		t.Errorf("first line %v, want system/init", ev)
	}
	if json.Valid([]byte(lines[1])) {
		t.Error("the malformed line is valid JSON")
	}
}

func TestAPIErrors(t *testing.T) {
	tests := []struct {
		status  string
		code    any // float64 or nil
		errType any
		kind    string
		message string
	}{
		{"529", 529.0, "overloaded_error", "server_error", "API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:8787)."},
		{"500", 500.0, "api_error", "server_error", "API Error: 500 Internal server error. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:8787)."},
		{"429", 429.0, "rate_limit_error", "rate_limit", "API Error: Request rejected (429) · fake: rate limited"},
		{"401", 401.0, "authentication_error", "authentication_failed", "Invalid API key · Fix external API key"},
		{"400", 400.0, "invalid_request_error", "invalid_request", "API Error: 400 fake: bad request"},
		{"connection", nil, nil, "unknown", "API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)"},
	}
	s := newSandbox(t)
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			r := s.run("-p", "--output-format", "stream-json", "--verbose", "--", "hi fake:api-error="+tt.status)
			mustRC(t, r, 1, "")
			evs := decodeLines(t, r.stdout)
			if got := strings.Join(kinds(evs), " "); got != "system/init assistant result" {
				t.Fatalf("events %q", got)
			}
			syn, res := evs[1], evs[2]
			msg, _ := syn["message"].(map[string]any)
			if msg["model"] != "<synthetic>" || syn["is_api_error_message"] != true || syn["error"] != tt.kind {
				t.Errorf("synthetic assistant %v", syn)
			}
			want := map[string]any{"subtype": "success", "is_error": true, "terminal_reason": "api_error",
				"api_error_status": tt.code, "api_error_type": tt.errType, "result": tt.message, "total_cost_usd": 0.0,
				"stop_reason": "stop_sequence", "num_turns": 1.0, "duration_api_ms": 0.0}
			for k, v := range want {
				if res[k] != v {
					t.Errorf("%s = %#v, want %#v", k, res[k], v)
				}
			}
			if mu, _ := res["modelUsage"].(map[string]any); len(mu) != 0 {
				t.Errorf("modelUsage %v, want {}", mu)
			}
			if !uuidPattern.MatchString(res["session_id"].(string)) {
				t.Errorf("session_id %v", res["session_id"])
			}
			text := s.run("-p", "--", "fake:api-error="+tt.status)
			mustRC(t, text, 1, "")
			if text.stdout != tt.message+"\n" {
				t.Errorf("text mode stdout %q", text.stdout)
			}
		})
	}
}

func TestLimitResults(t *testing.T) {
	s := newSandbox(t)
	t.Run("max turns", func(t *testing.T) {
		res, r := s.jsonResult("--max-turns", "1", "--", "fake:max-turns")
		mustRC(t, r, 1, "")
		if _, ok := res["result"]; ok {
			t.Errorf("result key present: %v", res["result"])
		}
		errs, _ := res["errors"].([]any)
		if res["subtype"] != "error_max_turns" || res["is_error"] != true || res["terminal_reason"] != "max_turns" ||
			res["stop_reason"] != "tool_use" || len(errs) != 1 || errs[0] != "Reached maximum number of turns (1)" {
			t.Errorf("result %v", res)
		}
		text := s.run("-p", "--max-turns", "1", "--", "fake:max-turns")
		mustRC(t, text, 1, "")
		if text.stdout != "Error: Reached max turns (1)\n" {
			t.Errorf("text stdout %q", text.stdout)
		}
	})
	t.Run("budget", func(t *testing.T) {
		res, r := s.jsonResult("--max-budget-usd", "0.01", "--", "fake:budget")
		mustRC(t, r, 1, "")
		v, ok := res["result"]
		errs, _ := res["errors"].([]any)
		if !ok || v != nil || res["subtype"] != "error_max_budget_usd" || res["is_error"] != true ||
			res["terminal_reason"] != "budget_exhausted" || len(errs) != 1 || errs[0] != "Reached maximum budget ($0.01)" {
			t.Errorf("result %v", res)
		}
	})
	t.Run("during execution", func(t *testing.T) {
		res, r := s.jsonResult("--", "fake:during-exec")
		mustRC(t, r, 0, "")
		v, ok := res["result"]
		errs, _ := res["errors"].([]any)
		if !ok || v != nil || res["subtype"] != "error_during_execution" || res["is_error"] != true ||
			res["terminal_reason"] != "aborted_tools" || len(errs) != 1 || !strings.HasPrefix(errs[0].(string), "[ede_diagnostic]") {
			t.Errorf("result %v", res)
		}
	})
}

func TestToolDirectives(t *testing.T) {
	s := newSandbox(t)
	t.Run("tool", func(t *testing.T) {
		r := s.run("-p", "--output-format", "stream-json", "--verbose", "--", "fake:tool")
		mustRC(t, r, 0, "")
		evs := decodeLines(t, r.stdout)
		if got := strings.Join(kinds(evs), " "); got != "system/init assistant user assistant result" {
			t.Fatalf("events %q", got)
		}
		use := firstBlock(t, evs[1])
		input, _ := use["input"].(map[string]any)
		tr := firstBlock(t, evs[2])
		if use["type"] != "tool_use" || use["name"] != "Bash" || input["command"] != "echo hi" ||
			tr["type"] != "tool_result" || tr["tool_use_id"] != use["id"] || tr["is_error"] != false {
			t.Errorf("tool_use %v, tool_result %v", use, tr)
		}
		if txt := firstBlock(t, evs[3]); txt["text"] != "echo: fake:tool" {
			t.Errorf("final text %v", txt)
		}
		if evs[4]["num_turns"] != 2.0 || evs[4]["result"] != "echo: fake:tool" {
			t.Errorf("result %v", evs[4])
		}
	})
	t.Run("deny", func(t *testing.T) {
		r := s.run("-p", "--output-format", "stream-json", "--verbose", "--", "fake:deny fake:reply=ok")
		mustRC(t, r, 0, "")
		evs := decodeLines(t, r.stdout)
		if got := strings.Join(kinds(evs), " "); got != "system/init assistant system/permission_denied user assistant result" {
			t.Fatalf("events %q", got)
		}
		use := firstBlock(t, evs[1])
		if evs[2]["tool_name"] != "Bash" || evs[2]["tool_use_id"] != use["id"] {
			t.Errorf("permission_denied %v", evs[2])
		}
		if tr := firstBlock(t, evs[3]); tr["is_error"] != true {
			t.Errorf("tool_result %v, want is_error", tr)
		}
		res := evs[5]
		denials, _ := res["permission_denials"].([]any)
		if len(denials) != 1 || res["result"] != "ok" || res["is_error"] != false {
			t.Fatalf("result %v", res)
		}
		d, _ := denials[0].(map[string]any)
		input, _ := d["tool_input"].(map[string]any)
		if d["tool_name"] != "Bash" || d["tool_use_id"] != use["id"] || !strings.HasPrefix(input["command"].(string), "touch ") {
			t.Errorf("denial %v", d)
		}
	})
}

// firstBlock returns the first content block of an assistant or user event.
func firstBlock(t *testing.T, ev map[string]any) map[string]any {
	t.Helper()
	msg, _ := ev["message"].(map[string]any)
	content, _ := msg["content"].([]any)
	if len(content) == 0 {
		t.Fatalf("event without content: %v", ev)
	}
	b, _ := content[0].(map[string]any)
	return b
}

func TestStreamAndSleep(t *testing.T) {
	s := newSandbox(t)
	start := time.Now()
	r := s.run("-p", "--output-format", "stream-json", "--verbose", "--", "fake:stream=3,20ms fake:sleep=100ms")
	elapsed := time.Since(start)
	mustRC(t, r, 0, "")
	evs := decodeLines(t, r.stdout)
	if got := strings.Join(kinds(evs), " "); got != "system/init assistant assistant assistant assistant result" {
		t.Fatalf("events %q", got)
	}
	for i := 1; i <= 3; i++ {
		if b := firstBlock(t, evs[i]); b["type"] != "text" {
			t.Errorf("stream event %d: %v", i, b)
		}
	}
	if evs[5]["result"] != "echo: fake:stream=3,20ms fake:sleep=100ms" {
		t.Errorf("result %v", evs[5]["result"])
	}
	if elapsed < 160*time.Millisecond {
		t.Errorf("run took %v, want at least the 100ms sleep plus 3x20ms", elapsed)
	}
}

func TestTools(t *testing.T) {
	s := newSandbox(t)
	r := s.run("-p", "--output-format", "stream-json", "--verbose", "--", "fake:tools=2,0s")
	mustRC(t, r, 0, "")
	evs := decodeLines(t, r.stdout)
	if got := strings.Join(kinds(evs), " "); got != "system/init assistant user assistant user assistant result" {
		t.Fatalf("events %q", got)
	}
	for i, ev := range []map[string]any{evs[1], evs[3]} {
		msg, _ := ev["message"].(map[string]any)
		content, _ := msg["content"].([]any)
		if len(content) != 2 {
			t.Fatalf("tool event %d content %v", i, content)
		}
		use, _ := content[1].(map[string]any)
		input, _ := use["input"].(map[string]any)
		if use["type"] != "tool_use" || use["name"] != "Bash" || input["command"] != fmt.Sprintf("echo step %d", i+1) {
			t.Errorf("tool event %d: %v", i, use)
		}
	}
}
