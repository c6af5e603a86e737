package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Version is what --version prints before " (Claude Code)".
const Version = "2.1.332"

// defaultCost is total_cost_usd of one trivial turn (12514 input + 10 output tokens at list price).
const defaultCost = 0.050256

// Token counts of a trivial turn, as measured.
const (
	inputTokens  = 12514
	outputTokens = 10
)

// obj is one JSON object of the CLI's output; key order is not stable in the real CLI either.
type obj = map[string]any

// turnInfo is what every event of one run shares.
type turnInfo struct {
	sessionID, model, cwd, permissionMode string
	configDir, tmpDir, apiKeySource       string
	pid                                   int
	disallowed                            []string
	start                                 time.Time
	now                                   func() time.Time
}

func newID() string { return uuid.NewString() }

// hexID is a random id in the fake API's style (msg_fake_..., toolu_fake_...).
func hexID(prefix string, n int) string {
	return prefix + strings.ReplaceAll(uuid.NewString(), "-", "")[:n]
}

// timestamp formats like JavaScript's Date.toISOString.
func (t *turnInfo) timestamp() string { return t.now().UTC().Format("2006-01-02T15:04:05.000Z") }

// resolveModel maps the CLI's aliases; "" is the default model.
func resolveModel(m string) string {
	switch m {
	case "":
		return "claude-opus-5-5"
	case "opus", "sonnet", "haiku":
		return "claude-" + m + "-5-5"
	}
	return m
}

// initEvent is the stream-json system/init line.
func (t *turnInfo) initEvent() obj {
	tools := []any{}
	for _, tool := range []string{"Task", "Bash", "Edit", "Glob", "Grep", "Read", "Skill", "ToolSearch", "Write"} {
		if !t.isDisallowed(tool) {
			tools = append(tools, tool)
		}
	}
	mode := t.permissionMode
	if mode == "" || mode == "manual" {
		mode = "default"
	}
	project := strings.ReplaceAll(t.cwd, "/", "-")
	return obj{
		"type": "system", "subtype": "init", "cwd": t.cwd, "session_id": t.sessionID, "tools": tools,
		"mcp_servers": []any{}, "model": t.model, "permissionMode": mode,
		"slash_commands":          []any{"deep-research", "dataviz", "update-config"},
		"terminal_slash_commands": []any{"doctor", "color", "focus"},
		"apiKeySource":            t.apiKeySource, "claude_code_version": Version, "output_style": "default",
		"agents":             []any{"claude", "Explore", "general-purpose"},
		"skills":             []any{"deep-research", "dataviz", "update-config"},
		"plugins":            []any{obj{"name": "cc-plugin-agents-md", "path": "builtin", "source": "cc-plugin-agents-md@builtin"}},
		"capabilities":       []any{"interrupt_receipt_v1"},
		"analytics_disabled": true, "product_feedback_disabled": true, "served_by_anthropic": false,
		"uuid": newID(), "sandbox_enabled": false,
		"memory_paths":           obj{"auto": t.configDir + "/projects/" + project + "/memory/"},
		"original_cwd":           t.cwd,
		"additional_directories": []any{},
		"messaging_socket_path":  t.tmpDir + "/cc-socks/" + strconv.Itoa(t.pid) + ".sock",
		"fast_mode_state":        "off", "fast_mode_disabled_reason": "sdk_opt_in_required",
		"per_turn_effort_active": true, "ultrathink_available": false, "ultrathink_typed_raises": false,
		"view_mode": "default",
	}
}

// isDisallowed reports whether a --disallowedTools rule names the tool (rules may be
// comma separated and carry a "(pattern)").
func (t *turnInfo) isDisallowed(tool string) bool {
	for _, v := range t.disallowed {
		for _, rule := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			if name, _, _ := strings.Cut(rule, "("); name == tool {
				return true
			}
		}
	}
	return false
}

// assistantEvent is an assistant line; like the real one it has stop_reason null and output_tokens 1.
func (t *turnInfo) assistantEvent(content ...any) obj {
	return obj{
		"type": "assistant",
		"message": obj{
			"id": hexID("msg_fake_", 20), "type": "message", "role": "assistant", "model": t.model,
			"content": content, "stop_reason": nil, "stop_sequence": nil,
			"usage": obj{"input_tokens": inputTokens, "output_tokens": 1,
				"cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
			"context_management": nil,
		},
		"parent_tool_use_id": nil, "session_id": t.sessionID, "uuid": newID(),
		"timestamp": t.timestamp(), "request_id": hexID("req_fake_", 20),
	}
}

func textBlock(s string) obj { return obj{"type": "text", "text": s} }

// toolCall is the fake's one tool call (Bash).
type toolCall struct {
	id, command string
	denied      bool
}

func (c toolCall) input() obj { return obj{"command": c.command, "description": "fake tool call"} }

func (c toolCall) useBlock() obj {
	return obj{"type": "tool_use", "id": c.id, "name": "Bash", "input": c.input()}
}

// denialMessage is what the real CLI says when a Bash touch needs approval.
func (c toolCall) denialMessage(cwd string) string {
	return "touch in '" + cwd + "/created.txt' needs approval. The path is inside the working directories for this session ('" +
		cwd + "'), and Claude Code asks before a shell command creates, changes or removes files there."
}

// permissionDeniedEvent is the system/permission_denied line.
func (t *turnInfo) permissionDeniedEvent(c toolCall) obj {
	return obj{"type": "system", "subtype": "permission_denied", "tool_name": "Bash", "tool_use_id": c.id,
		"message": c.denialMessage(t.cwd), "uuid": newID(), "session_id": t.sessionID}
}

// toolResultEvent is the user line carrying the tool's result (or its denial).
func (t *turnInfo) toolResultEvent(c toolCall) obj {
	ev := obj{"type": "user", "parent_tool_use_id": nil, "session_id": t.sessionID, "uuid": newID(), "timestamp": t.timestamp()}
	if c.denied {
		msg := c.denialMessage(t.cwd)
		ev["message"] = obj{"role": "user", "content": []any{obj{"type": "tool_result", "content": msg, "is_error": true, "tool_use_id": c.id}}}
		ev["tool_use_result"] = "Error: " + msg
		ev["tool_result_meta"] = []any{obj{"id": c.id, "non_execution_kind": "user-rejected",
			"permission_decision": obj{"decision": "reject", "source": "config"}}}
		return ev
	}
	ev["message"] = obj{"role": "user", "content": []any{obj{"tool_use_id": c.id, "type": "tool_result", "content": "hi", "is_error": false}}}
	ev["tool_use_result"] = obj{"stdout": "hi", "stderr": "", "interrupted": false, "isImage": false, "noOutputExpected": false}
	ev["tool_result_meta"] = []any{obj{"id": c.id, "permission_decision": obj{"decision": "accept", "source": "config", "reason_type": "subcommandResults"}}}
	return ev
}

// interruptedEvent is the user line printed when SIGINT arrives while waiting for the API.
func (t *turnInfo) interruptedEvent() obj {
	return obj{"type": "user", "message": obj{"role": "user", "content": []any{textBlock("[Request interrupted by user]")}},
		"parent_tool_use_id": nil, "session_id": t.sessionID, "uuid": newID(), "timestamp": t.timestamp()}
}

// syntheticErrorEvent is the assistant line the CLI makes up for an API error.
func (t *turnInfo) syntheticErrorEvent(c apiErrorCase) obj {
	ev := obj{
		"type": "assistant",
		"message": obj{"diagnostics": nil, "id": newID(), "container": nil, "model": "<synthetic>", "role": "assistant",
			"stop_details": nil, "stop_reason": "stop_sequence", "stop_sequence": "", "type": "message",
			"usage": zeroUsage(), "content": []any{textBlock(c.message)}, "context_management": nil},
		"parent_tool_use_id": nil, "session_id": t.sessionID, "uuid": newID(), "timestamp": t.timestamp(),
		"error": c.kind, "request_id": hexID("req_fake_", 20), "is_api_error_message": true,
		"api_error_status": nil,
	}
	if c.status != nil {
		ev["api_error_status"] = *c.status
	}
	if c.errType != "" {
		ev["api_error_type"] = c.errType
	}
	return ev
}

func usage(in, out int) obj {
	return obj{"input_tokens": in, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "output_tokens": out,
		"output_tokens_details": obj{"thinking_tokens": 0},
		"server_tool_use":       obj{"web_search_requests": 0, "web_fetch_requests": 0},
		"service_tier":          "standard",
		"cache_creation":        obj{"ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 0},
		"inference_geo":         "", "iterations": []any{}, "speed": "standard", "fallback_credit": nil}
}

func zeroUsage() obj { return usage(0, 0) }

func modelUsage(model string, cost float64) obj {
	return obj{model: obj{"inputTokens": inputTokens, "outputTokens": outputTokens, "cacheReadInputTokens": 0,
		"cacheCreationInputTokens": 0, "webSearchRequests": 0, "costUSD": cost, "contextWindow": 1000000,
		"maxOutputTokens": 128000, "thinkingTokens": 0, "cacheCreationEphemeral5mInputTokens": 0,
		"cacheCreationEphemeral1hInputTokens": 0, "canonicalModel": model, "provider": "firstParty", "costBasis": "list"}}
}

func subagentStats() obj {
	return obj{"spawned": 0, "requested": obj{"background": 0, "foreground": 0, "unset": 0}, "started_in_background": 0,
		"max_depth": 0, "spawned_by_subagents": 0, "completed": 0, "failed": 0,
		"killed":  obj{"parent": 0, "user": 0, "system": 0},
		"refused": obj{"depth_limit": 0, "concurrency_limit": 0, "budget": 0}, "by_type": obj{}}
}

// resultEvent is the success-shaped result object; callers adjust the fields that differ.
func (t *turnInfo) resultEvent(text string, cost float64, turns int) obj {
	elapsed := t.now().Sub(t.start).Milliseconds()
	return obj{
		"type": "result", "subtype": "success", "is_error": false, "api_error_status": nil,
		"duration_ms": elapsed, "duration_api_ms": max(elapsed-5, 0), "ttft_ms": elapsed, "ttft_stream_ms": elapsed,
		"time_to_request_ms": 0, "first_content_frame_ms": elapsed,
		"num_turns": turns, "result": text, "stop_reason": "end_turn", "session_id": t.sessionID,
		"total_cost_usd": cost, "usage": usage(inputTokens, outputTokens), "modelUsage": modelUsage(t.model, cost),
		"permission_denials": []any{}, "terminal_reason": "completed",
		"fast_mode_state": "off", "fast_mode_disabled_reason": "sdk_opt_in_required",
		"subagent_stats": subagentStats(), "safety_stops": 0, "uuid": newID(),
		"queued_turn_count": 0, "result_index": 0,
	}
}
