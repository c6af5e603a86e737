package claude

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/uuid"
)

func TestRequestArgs(t *testing.T) {
	t.Parallel()
	id := uuid.NewString()
	head := []string{"-p", "--output-format", "stream-json", "--verbose"}
	snap := []string{"--system-prompt-snapshot", "off"}
	cat := func(parts ...[]string) []string { return slices.Concat(parts...) }
	tests := []struct {
		name string
		req  Request
		want []string
	}{
		{"minimal", Request{Prompt: "hi"}, cat(head, snap, []string{"--", "hi"})},
		{"everything", Request{
			Prompt: "do it", ResumeID: id, Model: "sonnet", AppendSystemPrompt: "- be brief",
			AllowedTools: []string{"Read", "", "Bash(git *)"}, DisallowedTools: []string{"Write"},
			PermissionMode: "acceptEdits", MaxTurns: 3, MaxBudgetUSD: 0.25,
		}, cat(head, []string{"--resume", id, "--model", "sonnet", "--append-system-prompt", "- be brief"}, snap, []string{
			"--allowedTools", "Read", "Bash(git *)", "--disallowedTools", "Write", "--permission-mode", "acceptEdits",
			"--max-turns", "3", "--max-budget-usd", "0.25", "--", "do it"})},
		{"new session, only empty tools", Request{Prompt: "x", NewSessionID: id, AllowedTools: []string{""}},
			cat(head, []string{"--session-id", id}, snap, []string{"--", "x"})},
		{"prompt that looks like flags", Request{Prompt: "--model x"}, cat(head, snap, []string{"--", "--model x"})},
	}
	for _, tc := range tests {
		got, err := tc.req.args()
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: args() = %q, %v\nwant %q", tc.name, got, err, tc.want)
		}
	}
}

// TestRunArgv checks the argv the CLI really received, through fake:argv and the log.
func TestRunArgv(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	id := uuid.NewString()
	req := Request{
		Prompt: "fake:argv", NewSessionID: id, Model: "haiku", AppendSystemPrompt: "Be terse.",
		AllowedTools: []string{"Read", "Bash(git *)"}, DisallowedTools: []string{"Write", "Edit"},
		PermissionMode: "dontAsk", MaxTurns: 2, MaxBudgetUSD: 1.5,
	}
	res := h.run(t.Context(), req)
	if res.Outcome != OutcomeOK {
		t.Fatalf("outcome %s (%v, stderr %q), want ok", res.Outcome, res.Err, res.StderrTail)
	}
	want := []string{
		"-p", "--output-format", "stream-json", "--verbose", "--session-id", id, "--model", "haiku",
		"--append-system-prompt", "Be terse.", "--system-prompt-snapshot", "off",
		"--allowedTools", "Read", "Bash(git *)", "--disallowedTools", "Write", "Edit",
		"--permission-mode", "dontAsk", "--max-turns", "2", "--max-budget-usd", "1.5", "--", "fake:argv",
	}
	var argv []string
	if err := json.Unmarshal([]byte(res.Text), &argv); err != nil || len(argv) == 0 {
		t.Fatalf("reply %q is not a JSON argv: %v", res.Text, err)
	}
	if !slices.Equal(argv, want) { // the fake replies with its arguments after the program name
		t.Errorf("argv =\n%q\nwant\n%q", argv, want)
	}
	if inv := h.onlyInvocation(); !slices.Equal(inv.Argv, want) || inv.Cwd != h.dir {
		t.Errorf("logged argv %q cwd %q, want %q in %s", inv.Argv, inv.Cwd, want, h.dir)
	}
}

// TestRunPromptIsNeverAFlag: prompts that the CLI would parse as flags are echoed as text.
func TestRunPromptIsNeverAFlag(t *testing.T) {
	t.Parallel()
	for _, prompt := range []string{"--version", "-p", "--model x", "--help me", "-- x", "--resume 00000000-0000-4000-8000-000000000000"} {
		t.Run(prompt, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil)
			res := h.run(t.Context(), Request{Prompt: prompt})
			if res.Outcome != OutcomeOK || res.Text != "echo: "+prompt {
				t.Fatalf("outcome %s text %q (err %v, stderr %q), want ok and %q",
					res.Outcome, res.Text, res.Err, res.StderrTail, "echo: "+prompt)
			}
		})
	}
}
