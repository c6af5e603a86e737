package claude

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Event is one stream-json line of the CLI's output.
type Event struct {
	Type      string          // "system", "assistant", "user", "result", ...
	Subtype   string          // "init", "permission_denied", "success", "error_max_turns", ...
	SessionID string          // session_id, when the line has one
	MessageID string          // assistant: the API message id (one message may come as several lines)
	Text      string          // assistant: its text blocks, joined by "\n"
	ToolUses  []ToolUse       // assistant: its tool_use blocks
	ToolName  string          // system/permission_denied: the refused tool
	Raw       json.RawMessage // the whole line
}

// ToolUse is one tool_use block of an assistant message.
type ToolUse struct {
	ID    string
	Name  string
	Input json.RawMessage
}

// wireEvent holds the fields of any line that Event exposes.
type wireEvent struct {
	Type      string          `json:"type"`
	Subtype   string          `json:"subtype"`
	SessionID string          `json:"session_id"`
	ToolName  string          `json:"tool_name"`
	Message   json.RawMessage `json:"message"` // an object for assistant/user, a string elsewhere
}

// wireMessage is the message object of an assistant line.
type wireMessage struct {
	ID      string      `json:"id"`
	Content []wireBlock `json:"content"`
}

// wireBlock is one content block of a message.
type wireBlock struct {
	Type  string          `json:"type"`
	Text  string          `json:"text"`
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Input json.RawMessage `json:"input"`
}

// wireResult is the `result` line.
type wireResult struct {
	Subtype           string   `json:"subtype"`
	IsError           bool     `json:"is_error"`
	Result            *string  `json:"result"`
	Errors            []string `json:"errors"`
	SessionID         string   `json:"session_id"`
	TotalCostUSD      float64  `json:"total_cost_usd"`
	DurationAPIMS     float64  `json:"duration_api_ms"`
	NumTurns          int      `json:"num_turns"`
	Usage             Usage    `json:"usage"`
	PermissionDenials []Denial `json:"permission_denials"`
	APIErrorStatus    *int     `json:"api_error_status"`
	TerminalReason    string   `json:"terminal_reason"`
}

// parseEvent decodes one line. A line that is not a JSON object with a string "type" is an error.
// For a result line it also returns the decoded result.
func parseEvent(line []byte) (Event, *wireResult, error) {
	var w wireEvent
	if err := json.Unmarshal(line, &w); err != nil {
		return Event{}, nil, fmt.Errorf("output line is not a JSON event: %w", err)
	}
	if w.Type == "" {
		return Event{}, nil, fmt.Errorf("output line has no type")
	}
	ev := Event{Type: w.Type, Subtype: w.Subtype, SessionID: w.SessionID, ToolName: w.ToolName, Raw: line}
	if w.Type == "assistant" && len(w.Message) > 0 && w.Message[0] == '{' {
		var m wireMessage
		if err := json.Unmarshal(w.Message, &m); err == nil { // content may be a plain string: no blocks then
			ev.MessageID = m.ID
			var texts []string
			for _, b := range m.Content {
				switch b.Type {
				case "text":
					texts = append(texts, b.Text)
				case "tool_use":
					ev.ToolUses = append(ev.ToolUses, ToolUse{ID: b.ID, Name: b.Name, Input: b.Input})
				}
			}
			ev.Text = strings.Join(texts, "\n")
		}
	}
	if w.Type != "result" {
		return ev, nil, nil
	}
	var r wireResult
	if err := json.Unmarshal(line, &r); err != nil {
		return Event{}, nil, fmt.Errorf("result line: %w", err)
	}
	return ev, &r, nil
}
