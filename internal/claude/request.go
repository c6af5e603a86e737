package claude

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Request is one turn to run.
type Request struct {
	Dir    string // working directory of the CLI (the project); empty means the daemon's own
	Prompt string // the user's text; must not be empty

	ResumeID     string // resume this stored session (a canonical UUID)
	NewSessionID string // or start a session with this id (a canonical UUID); neither: the CLI picks one

	Model              string
	AppendSystemPrompt string
	PermissionMode     string
	AllowedTools       []string // empty entries are skipped; none may start with "-"
	DisallowedTools    []string // empty entries are skipped; none may start with "-"
	MaxTurns           int      // 0: no flag
	MaxBudgetUSD       float64  // 0: no flag

	// OnEvent, when set, is called for every stream-json line, in order, from the reading
	// goroutine; every call returns before Run does.
	OnEvent func(Event)
}

// errSession marks request errors that are about the session id (OutcomeInvalidSession).
var errSession = errors.New("invalid session id")

// args validates req and returns the CLI arguments (without the command itself).
func (req *Request) args() ([]string, error) {
	if req.ResumeID != "" && req.NewSessionID != "" {
		return nil, fmt.Errorf("%w: both ResumeID and NewSessionID are set", errSession)
	}
	if req.ResumeID != "" && !ValidSessionID(req.ResumeID) {
		return nil, fmt.Errorf("%w: resume id %q is not a canonical UUID", errSession, req.ResumeID)
	}
	if req.NewSessionID != "" && !ValidSessionID(req.NewSessionID) {
		return nil, fmt.Errorf("%w: new session id %q is not a canonical UUID", errSession, req.NewSessionID)
	}
	if strings.TrimSpace(req.Prompt) == "" {
		return nil, errors.New("empty prompt")
	}
	if req.MaxTurns < 0 {
		return nil, fmt.Errorf("negative max turns %d", req.MaxTurns)
	}
	if req.MaxBudgetUSD < 0 || math.IsNaN(req.MaxBudgetUSD) || math.IsInf(req.MaxBudgetUSD, 0) {
		return nil, fmt.Errorf("invalid max budget %v", req.MaxBudgetUSD)
	}

	a := []string{"-p", "--output-format", "stream-json", "--verbose"}
	if req.ResumeID != "" {
		a = append(a, "--resume", req.ResumeID)
	}
	if req.NewSessionID != "" {
		a = append(a, "--session-id", req.NewSessionID)
	}
	if req.Model != "" {
		a = append(a, "--model", req.Model)
	}
	if req.AppendSystemPrompt != "" {
		a = append(a, "--append-system-prompt", req.AppendSystemPrompt)
	}
	a = append(a, "--system-prompt-snapshot", "off")
	var err error
	if a, err = appendTools(a, "--allowedTools", req.AllowedTools); err != nil {
		return nil, err
	}
	if a, err = appendTools(a, "--disallowedTools", req.DisallowedTools); err != nil {
		return nil, err
	}
	if req.PermissionMode != "" {
		a = append(a, "--permission-mode", req.PermissionMode)
	}
	if req.MaxTurns > 0 {
		a = append(a, "--max-turns", strconv.Itoa(req.MaxTurns))
	}
	if req.MaxBudgetUSD > 0 {
		a = append(a, "--max-budget-usd", strconv.FormatFloat(req.MaxBudgetUSD, 'f', -1, 64))
	}
	return append(a, "--", req.Prompt), nil
}

// appendTools appends flag and the non-empty tools, or nothing when there are none.
func appendTools(a []string, flag string, tools []string) ([]string, error) {
	var vals []string
	for _, t := range tools {
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "-") {
			return nil, fmt.Errorf("%s value %q starts with '-'", flag, t)
		}
		vals = append(vals, t)
	}
	if len(vals) == 0 {
		return a, nil
	}
	return append(append(a, flag), vals...), nil
}
