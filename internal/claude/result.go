package claude

import (
	"encoding/json"
	"time"
)

// Result is everything Run learned about one run.
type Result struct {
	Outcome Outcome
	// Text is the result text for OutcomeOK; otherwise the CLI's own message when it gave one
	// (safe to log, not necessarily to show).
	Text              string
	SessionID         string        // from the result, or else from any event; empty when unknown
	CostUSD           float64       // total_cost_usd
	Duration          time.Duration // wall time of the run as measured by Run (0 when no process ran)
	APIDuration       time.Duration // duration_api_ms
	Turns             int           // num_turns
	Usage             Usage         // token counts of the result
	PermissionDenials []Denial      // tool calls the CLI refused
	APIErrorStatus    int           // api_error_status; 0 when null or absent
	ExitCode          int           // -1 when killed by a signal or when no process ran
	StderrTail        string        // last StderrTailBytes of stderr, for logs only
	Err               error         // nil for OutcomeOK; otherwise describes the outcome (for logs)
}

// Usage holds the token counts of a result.
type Usage struct {
	InputTokens              int64 `json:"input_tokens"`
	OutputTokens             int64 `json:"output_tokens"`
	CacheCreationInputTokens int64 `json:"cache_creation_input_tokens"`
	CacheReadInputTokens     int64 `json:"cache_read_input_tokens"`
}

// Denial is one tool call the CLI refused (an entry of permission_denials).
type Denial struct {
	ToolName  string          `json:"tool_name"`
	ToolUseID string          `json:"tool_use_id"`
	Input     json.RawMessage `json:"tool_input"`
}
