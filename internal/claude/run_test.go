package claude

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestRunOK(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	var evs []Event
	res := h.run(t.Context(), Request{Prompt: "hello", OnEvent: func(e Event) { evs = append(evs, e) }})
	if res.Outcome != OutcomeOK || res.Err != nil {
		t.Fatalf("outcome %s err %v, want ok (stderr %q)", res.Outcome, res.Err, res.StderrTail)
	}
	if res.Text != "echo: hello" {
		t.Errorf("Text = %q, want %q", res.Text, "echo: hello")
	}
	if !ValidSessionID(res.SessionID) {
		t.Errorf("SessionID = %q, want a UUID", res.SessionID)
	}
	if res.CostUSD != 0.050256 || res.Turns != 1 || res.ExitCode != 0 || res.Duration <= 0 {
		t.Errorf("cost %v turns %d exit %d duration %v, want 0.050256, 1, 0, >0", res.CostUSD, res.Turns, res.ExitCode, res.Duration)
	}
	if res.Usage.InputTokens != 12514 || res.Usage.OutputTokens != 10 {
		t.Errorf("Usage = %+v, want 12514 in, 10 out", res.Usage)
	}
	want := []string{"system/init", "assistant/", "result/success"}
	if got := eventTypes(evs); !slices.Equal(got, want) {
		t.Fatalf("events %q, want %q", got, want)
	}
	if evs[1].Text != "echo: hello" || evs[0].SessionID != res.SessionID || len(evs[2].Raw) == 0 {
		t.Errorf("assistant text %q, init session %q, result raw %d bytes", evs[1].Text, evs[0].SessionID, len(evs[2].Raw))
	}
}

// anyExit accepts any exit code.
const anyExit = -1000

func TestRunOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		prompt  string
		want    Outcome
		exit    int
		text    string // substring of Text
		status  int
		errText string // substring of Err
	}{
		{prompt: "fake:api-error=529", want: OutcomeAPIError, exit: 1, text: "529 Overloaded", status: 529, errText: "status 529"},
		{prompt: "fake:api-error=429", want: OutcomeAPIError, exit: 1, text: "(429)", status: 429},
		{prompt: "fake:api-error=401", want: OutcomeAPIError, exit: 1, text: "Invalid API key", status: 401},
		{prompt: "fake:max-turns", want: OutcomeMaxTurns, exit: 1, text: "Reached maximum number of turns", errText: "turn limit"},
		{prompt: "fake:budget", want: OutcomeBudget, exit: 1, text: "Reached maximum budget", errText: "budget"},
		{prompt: "fake:during-exec", want: OutcomeCancelled, exit: 0, errText: "interrupted"},
		{prompt: "fake:exit=3", want: OutcomeCrash, exit: 3, errText: "exit status 3"},
		{prompt: "fake:exit=0", want: OutcomeCancelled, exit: 0, errText: "without a result"},
		{prompt: "fake:exit=143", want: OutcomeCancelled, exit: 143, errText: "terminated"},
		{prompt: "fake:malformed", want: OutcomeCrash, exit: anyExit, errText: "not a JSON event"}, // 0, or 143 when our SIGTERM wins
		{prompt: "fake:stderr=oops fake:exit=2", want: OutcomeCrash, exit: 2, errText: "exit status 2"},
	}
	for _, tc := range tests {
		t.Run(tc.prompt, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil)
			res := h.run(t.Context(), Request{Prompt: tc.prompt})
			if res.Outcome != tc.want {
				t.Fatalf("outcome %s (err %v, stderr %q), want %s", res.Outcome, res.Err, res.StderrTail, tc.want)
			}
			if tc.exit != anyExit && res.ExitCode != tc.exit {
				t.Errorf("ExitCode = %d, want %d", res.ExitCode, tc.exit)
			}
			if res.Err == nil || !strings.Contains(res.Err.Error(), tc.errText) {
				t.Errorf("Err = %v, want an error containing %q", res.Err, tc.errText)
			}
			if !strings.Contains(res.Text, tc.text) {
				t.Errorf("Text = %q, want it to contain %q", res.Text, tc.text)
			}
			if res.APIErrorStatus != tc.status {
				t.Errorf("APIErrorStatus = %d, want %d", res.APIErrorStatus, tc.status)
			}
		})
	}
}

func TestRunStderrTail(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(o *Options) { o.StderrTailBytes = 22 })
	res := h.run(t.Context(), Request{Prompt: "fake:stderr=first-line fake:stderr=second-line fake:exit=2"})
	if res.Outcome != OutcomeCrash {
		t.Fatalf("outcome %s, want crash", res.Outcome)
	}
	tail := res.StderrTail
	if len(tail) != 22 || !strings.HasSuffix(tail, "-line\nfake: exiting 2\n") || strings.Contains(tail, "first") {
		t.Errorf("StderrTail = %q, want the last 22 bytes of stderr", tail)
	}
}

func TestRunPermissionDenials(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	var denied []string
	res := h.run(t.Context(), Request{Prompt: "fake:deny", OnEvent: func(e Event) {
		if e.Subtype == "permission_denied" {
			denied = append(denied, e.ToolName)
		}
	}})
	if res.Outcome != OutcomeOK {
		t.Fatalf("outcome %s (%v), want ok: a denial does not fail the run", res.Outcome, res.Err)
	}
	if len(res.PermissionDenials) != 1 {
		t.Fatalf("PermissionDenials = %+v, want one", res.PermissionDenials)
	}
	d := res.PermissionDenials[0]
	if d.ToolName != "Bash" || !strings.HasPrefix(d.ToolUseID, "toolu_") || !strings.Contains(string(d.Input), "touch") {
		t.Errorf("denial = %+v (input %s), want Bash, a toolu_ id and the touch command", d, d.Input)
	}
	if !slices.Equal(denied, []string{"Bash"}) {
		t.Errorf("permission_denied events name %q, want [Bash]", denied)
	}
}

func TestRunToolEvents(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	var evs []Event
	res := h.run(t.Context(), Request{Prompt: "fake:tool", OnEvent: func(e Event) { evs = append(evs, e) }})
	if res.Outcome != OutcomeOK || res.Turns != 2 {
		t.Fatalf("outcome %s turns %d, want ok and 2", res.Outcome, res.Turns)
	}
	want := []string{"system/init", "assistant/", "user/", "assistant/", "result/success"}
	if got := eventTypes(evs); !slices.Equal(got, want) {
		t.Fatalf("events %q, want %q", got, want)
	}
	if tu := evs[1].ToolUses; len(tu) != 1 || tu[0].Name != "Bash" || !strings.Contains(string(tu[0].Input), "echo hi") {
		t.Errorf("first assistant tool uses %+v, want one Bash call with echo hi", tu)
	}
	if evs[3].Text != res.Text || len(evs[3].ToolUses) != 0 {
		t.Errorf("last assistant text %q (tools %d), want the result text %q", evs[3].Text, len(evs[3].ToolUses), res.Text)
	}
}

func TestRunScriptedOutcomes(t *testing.T) {
	// No t.Parallel before the scripts are written: a file open for writing while another test
	// forks would make exec fail with "text file busy".
	tests := []struct {
		name   string
		script string
		want   Outcome
		exit   int
	}{
		{"other is_error result is failed",
			`echo '{"type":"result","subtype":"success","is_error":true,"terminal_reason":"weird","result":"boom","session_id":"s"}'; exit 1`,
			OutcomeFailed, 1},
		{"cli rejects session id", `echo 'Error: Invalid session ID. Must be a valid UUID.' >&2; exit 1`, OutcomeInvalidSession, 1},
		{"cli rejects resume value", `echo 'Error: --resume requires a valid session ID or session title when used with --print.' >&2; exit 1`, OutcomeInvalidSession, 1},
		{"killed by SIGKILL is crash", `kill -KILL $$`, OutcomeCrash, -1},
		{"killed by SIGTERM is cancelled", `kill -TERM $$`, OutcomeCancelled, -1},
		{"json that is not an event is crash", `echo '[1,2]'`, OutcomeCrash, anyExit}, // 0, or -1 when our SIGTERM wins
	}
	scripts := make([]string, len(tests))
	for i, tc := range tests {
		scripts[i] = writeScript(t, tc.script)
	}
	t.Parallel()
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, func(o *Options) { o.Command = scripts[i] })
			res := h.run(t.Context(), Request{Prompt: "x"})
			if res.Outcome != tc.want || (tc.exit != anyExit && res.ExitCode != tc.exit) {
				t.Fatalf("outcome %s exit %d (err %v), want %s exit %d", res.Outcome, res.ExitCode, res.Err, tc.want, tc.exit)
			}
			if res.Err == nil {
				t.Error("Err is nil for a failed run")
			}
		})
	}
}

func TestRunRefusedBeforeExec(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		opts func(*Options)
		req  Request
		want Outcome
	}{
		{"empty prompt", nil, nil, Request{Prompt: " \n"}, OutcomeFailed},
		{"tool flag injection", nil, nil, Request{Prompt: "x", AllowedTools: []string{"Read", "--help"}}, OutcomeFailed},
		{"disallowed tool flag injection", nil, nil, Request{Prompt: "x", DisallowedTools: []string{"-x"}}, OutcomeFailed},
		{"negative max turns", nil, nil, Request{Prompt: "x", MaxTurns: -1}, OutcomeFailed},
		{"missing project dir", nil, nil, Request{Prompt: "x", Dir: "/nonexistent/project"}, OutcomeFailed},
		{"cancelled before start", cancelled, nil, Request{Prompt: "x"}, OutcomeCancelled},
		{"absolute command missing", nil, func(o *Options) { o.Command = "/nonexistent/claude" }, Request{Prompt: "x"}, OutcomeNotFound},
		{"command not on PATH", nil, func(o *Options) { o.Command = "claude-runner-test-no-such-command" }, Request{Prompt: "x"}, OutcomeNotFound},
		{"bad resume id", nil, nil, Request{Prompt: "x", ResumeID: "not-a-uuid"}, OutcomeInvalidSession},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tc.opts)
			ctx := tc.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			res := h.run(ctx, tc.req)
			if res.Outcome != tc.want || res.Err == nil || res.ExitCode != -1 {
				t.Fatalf("outcome %s err %v exit %d, want %s with an error and exit -1", res.Outcome, res.Err, res.ExitCode, tc.want)
			}
			if tc.want == OutcomeCancelled && !errors.Is(res.Err, context.Canceled) {
				t.Errorf("Err = %v, want it to wrap context.Canceled", res.Err)
			}
			if n := len(h.invocations()); n != 0 {
				t.Errorf("fake invoked %d times, want 0", n)
			}
		})
	}
}
