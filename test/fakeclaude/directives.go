package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// directives are the fake:... tokens that steer one run (see the package doc).
type directives struct {
	reply                       *string
	sleep                       time.Duration
	hang, silent, ignoreTerm    bool
	exit                        *int
	malformed                   bool
	huge                        int // reply of this many 'x' bytes when > 0
	apiError                    string
	maxTurns, budget, duringExe bool
	cost                        *float64
	tool, deny                  bool
	streamN                     int
	streamEvery                 time.Duration
	toolsN                      int // tools=N,DUR: N tool calls (tool_use + tool_result), DUR apart
	toolsEvery                  time.Duration
	grandchild                  bool
	env, argv, pwd, sysPrompt   bool
	stderr                      []string
	writes, writesBig           []string // fake:write=NAME, fake:write-big=NAME: files for the outbox
	warnings                    []string // for unknown or malformed tokens
}

// parseDirectives reads every whitespace-separated fake: token of the prompt, then of the
// FAKECLAUDE_DIRECTIVES value. Later tokens override earlier ones of the same kind.
func parseDirectives(prompt, fromEnv string) directives {
	var d directives
	for _, tok := range append(strings.Fields(prompt), strings.Fields(fromEnv)...) {
		if !strings.HasPrefix(tok, "fake:") {
			continue
		}
		if err := d.apply(tok); err != nil {
			d.warnings = append(d.warnings, fmt.Sprintf("fake: ignoring directive %q: %v", tok, err))
		}
	}
	return d
}

// apply sets the field one token names.
func (d *directives) apply(tok string) error {
	name, value, hasValue := strings.Cut(strings.TrimPrefix(tok, "fake:"), "=")
	flags := map[string]*bool{
		"hang": &d.hang, "silent": &d.silent, "ignore-term": &d.ignoreTerm, "malformed": &d.malformed,
		"max-turns": &d.maxTurns, "budget": &d.budget, "during-exec": &d.duringExe, "tool": &d.tool,
		"deny": &d.deny, "grandchild": &d.grandchild, "env": &d.env, "argv": &d.argv, "pwd": &d.pwd,
		"system-prompt": &d.sysPrompt,
	}
	if p, ok := flags[name]; ok {
		if hasValue {
			return fmt.Errorf("takes no value")
		}
		*p = true
		return nil
	}
	if !hasValue {
		return fmt.Errorf("unknown directive or missing value")
	}
	switch name {
	case "reply":
		d.reply = &value
	case "reply-file":
		raw, err := os.ReadFile(value)
		if err != nil {
			return err
		}
		text := string(raw)
		d.reply = &text
	case "stderr":
		d.stderr = append(d.stderr, value)
	case "write", "write-big":
		if value == "." || value == ".." || strings.ContainsAny(value, "/\\") {
			return fmt.Errorf("want a plain file name")
		}
		if name == "write" {
			d.writes = append(d.writes, value)
		} else {
			d.writesBig = append(d.writesBig, value)
		}
	case "sleep":
		dur, err := time.ParseDuration(value)
		if err != nil {
			return err
		}
		d.sleep = dur
	case "exit":
		n, err := strconv.Atoi(value)
		if err != nil {
			return err
		}
		d.exit = &n
	case "huge":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return fmt.Errorf("want a byte count")
		}
		d.huge = n
	case "api-error":
		if _, ok := apiErrors[value]; !ok {
			if _, err := strconv.Atoi(value); err != nil {
				return fmt.Errorf("want an HTTP status, connection or timeout")
			}
		}
		d.apiError = value
	case "cost":
		x, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return err
		}
		d.cost = &x
	case "stream", "tools":
		n, dur, ok := strings.Cut(value, ",")
		count, err := strconv.Atoi(n)
		if !ok || err != nil || count < 0 {
			return fmt.Errorf("want N,DURATION")
		}
		every, err := time.ParseDuration(dur)
		if err != nil {
			return err
		}
		if name == "stream" {
			d.streamN, d.streamEvery = count, every
		} else {
			d.toolsN, d.toolsEvery = count, every
		}
	default:
		return fmt.Errorf("unknown directive")
	}
	return nil
}

// apiErrorCase is one row of the notes' API-error table.
type apiErrorCase struct {
	status   *int   // api_error_status; nil is JSON null
	errType  string // api_error_type, omitted when empty
	apiError string // api_error, omitted when empty
	kind     string // the synthetic assistant event's "error" (stream-json)
	message  string // result text
}

func intp(n int) *int { return &n }

// apiErrors holds the measured results by directive value. Read-only.
var apiErrors = map[string]apiErrorCase{
	"529": {status: intp(529), errType: "overloaded_error", kind: "server_error",
		message: "API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:8787)."},
	"500": {status: intp(500), errType: "api_error", kind: "server_error",
		message: "API Error: 500 Internal server error. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:8787)."},
	"429": {status: intp(429), errType: "rate_limit_error", kind: "rate_limit",
		message: "API Error: Request rejected (429) · fake: rate limited"},
	"401": {status: intp(401), errType: "authentication_error", kind: "authentication_failed",
		message: "Invalid API key · Fix external API key"},
	"400": {status: intp(400), errType: "invalid_request_error", kind: "invalid_request",
		message: "API Error: 400 fake: bad request"},
	"connection": {apiError: "connection_failed", kind: "unknown",
		message: "API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)"},
	"timeout": {kind: "unknown",
		message: "Request timed out. If the API is slow to answer, or a proxy or gateway holds responses, set API_TIMEOUT_MS above 3000."},
}

// lookupAPIError returns the case for a directive value; other HTTP statuses get a generic row.
func lookupAPIError(v string) apiErrorCase {
	if c, ok := apiErrors[v]; ok {
		return c
	}
	n, _ := strconv.Atoi(v)
	kind := "unknown"
	if n >= 500 {
		kind = "server_error"
	}
	return apiErrorCase{status: intp(n), errType: "api_error", kind: kind, message: fmt.Sprintf("API Error: %d fake: error", n)}
}
