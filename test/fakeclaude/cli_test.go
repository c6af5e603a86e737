package main

import (
	"os"
	"slices"
	"testing"
)

func TestVersion(t *testing.T) {
	s := newSandbox(t)
	for _, args := range [][]string{
		{"--version"},
		{"-v"},
		{"-p", "--output-format", "json", "--version"}, // a prompt of "--version" not behind --
		{"-p", "--version", "--", "hello"},
		{"--version", "--bogus"}, // acts as soon as seen
	} {
		r := s.run(args...)
		mustRC(t, r, 0, "")
		if r.stdout != "2.1.332 (Claude Code)\n" {
			t.Errorf("%q: stdout %q", args, r.stdout)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	const (
		resumeBase = "Error: --resume requires a valid session ID or session title when used with --print. Usage: claude -p --resume <session-id|title>."
		someUUID   = "00000000-0000-4000-8000-000000000000"
	)
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"unknown option with space", []string{"-p", "--help me"}, "error: unknown option '--help me'"},
		{"unknown short option", []string{"-p", "-x foo"}, "error: unknown option '-x foo'"},
		{"unknown stops parsing", []string{"-p", "--bogus", "--version"}, "error: unknown option '--bogus'"},
		{"variadic swallows prompt", []string{"-p", "--output-format", "json", "--allowedTools", "Read", "hello"},
			`"hello" was read as a value of --allowedTools, not as a prompt · put a prompt before --allowedTools or after --`},
		{"kebab variadic swallows prompt", []string{"-p", "--disallowed-tools", "Bash", "Write", "do it"},
			`"do it" was read as a value of --disallowed-tools, not as a prompt · put a prompt before --disallowed-tools or after --`},
		{"no prompt", []string{"-p", "--output-format", "json"},
			"Error: Input must be provided either through stdin or as a prompt argument when using --print"},
		{"empty prompt after --", []string{"-p", "--", ""},
			"Error: Input must be provided either through stdin or as a prompt argument when using --print"},
		{"stream-json without verbose", []string{"-p", "--output-format", "stream-json", "--", "hi"},
			"Error: When using --print, --output-format=stream-json requires --verbose"},
		{"bad permission mode", []string{"-p", "--permission-mode", "bogus", "--", "hi"},
			"error: option '--permission-mode <mode>' argument 'bogus' is invalid. Allowed choices are acceptEdits, auto, bypassPermissions, default, dontAsk, manual, plan."},
		{"bad output format", []string{"-p", "--output-format", "xml", "--", "hi"},
			"error: option '--output-format <format>' argument 'xml' is invalid. Allowed choices are text, json, stream-json."},
		{"bad snapshot mode", []string{"-p", "--system-prompt-snapshot", "maybe", "--", "hi"},
			"error: option '--system-prompt-snapshot <mode>' argument 'maybe' is invalid. Allowed choices are on, off."},
		{"missing value", []string{"-p", "--", "hi", "--model"}, "error: too many arguments. Expected 1 argument but got 2."},
		{"missing value at end", []string{"-p", "hi", "--model"}, "error: option '--model <model>' argument missing"},
		{"resume not a uuid", []string{"-p", "--resume", "not-a-uuid", "--", "hi"},
			resumeBase + ` Provided value "not-a-uuid" is not a UUID and does not match any session title.`},
		{"resume empty", []string{"-p", "--resume", "", "--", "hi"}, resumeBase},
		{"resume unknown uuid", []string{"-p", "--output-format", "json", "--resume", someUUID, "--", "hi"},
			"No conversation found with session ID: " + someUUID},
		{"session id not a uuid", []string{"-p", "--session-id", "abc", "--", "hi"}, "Error: Invalid session ID. Must be a valid UUID."},
		{"resume and session id", []string{"-p", "--resume", someUUID, "--session-id", someUUID, "--", "hi"},
			"Error: --session-id with --continue or --resume also needs --fork-session."},
		{"not print mode", []string{"--", "hi"}, "fake: only -p/--print mode is supported"},
	}
	if os.Geteuid() == 0 {
		tests = append(tests, struct {
			name   string
			args   []string
			stderr string
		}{"bypass as root", []string{"-p", "--permission-mode", "bypassPermissions", "--", "hi"},
			"--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t)
			r := s.run(tt.args...)
			mustRC(t, r, 1, tt.stderr+"\n")
			if r.stdout != "" {
				t.Errorf("stdout %q, want empty", r.stdout)
			}
		})
	}
}

func TestBypassAllowedInSandbox(t *testing.T) {
	s := newSandbox(t)
	s.extraEnv = []string{"IS_SANDBOX=1"}
	res, r := s.jsonResult("--permission-mode", "bypassPermissions", "--", "hi")
	mustRC(t, r, 0, "")
	if res["result"] != "echo: hi" {
		t.Errorf("result %v", res["result"])
	}
}

func TestDashDashProtectsPrompt(t *testing.T) {
	s := newSandbox(t)
	for _, prompt := range []string{"--version", "-p", "--model evil", "--help me", "--", "-x foo"} {
		res, r := s.jsonResult("--", prompt)
		mustRC(t, r, 0, "")
		if want := "echo: " + prompt; res["result"] != want {
			t.Errorf("prompt %q: result %q, want %q", prompt, res["result"], want)
		}
	}
}

func TestOptionsInterleaveWithPrompt(t *testing.T) {
	s := newSandbox(t)
	r := s.run("hello", "-p", "--output-format=text", "--allowedTools", "Read", "Bash(git *)", "--model", "haiku")
	mustRC(t, r, 0, "")
	if r.stdout != "echo: hello\n" {
		t.Errorf("stdout %q", r.stdout)
	}
}

func TestStdinPrompt(t *testing.T) {
	s := newSandbox(t)
	tests := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"stdin only", "hi from stdin\n", []string{"-p", "--output-format", "text"}, "echo: hi from stdin\n"},
		{"argument and stdin", "stdin part\n", []string{"-p", "--output-format", "text", "--", "arg part"}, "echo: arg part\nstdin part\n"},
		{"stdin saves a swallowed prompt", "from stdin", []string{"-p", "--allowedTools", "Read"}, "echo: from stdin\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.runIn(s.work, tt.stdin, tt.args...)
			mustRC(t, r, 0, "")
			if r.stdout != tt.want {
				t.Errorf("stdout %q, want %q", r.stdout, tt.want)
			}
		})
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name                    string
		argv                    []string
		prompt                  string
		allowed, disallowed     []string
		swallowedFlag, swallowd string
	}{
		{"variadic stops at option", []string{"--allowedTools", "Read", "Edit", "-p", "hi"}, "hi", []string{"Read", "Edit"}, nil, "", ""},
		{"variadic stops at --", []string{"--allowedTools", "Read", "--", "hi"}, "hi", []string{"Read"}, nil, "", ""},
		{"repeated variadic accumulates", []string{"--allowed-tools", "A", "--allowedTools", "B", "--", "x"}, "x", []string{"A", "B"}, nil, "", ""},
		{"inline value", []string{"--disallowedTools=Bash", "hi"}, "hi", nil, []string{"Bash"}, "", ""},
		{"value flag takes a dash value", []string{"--model", "-x", "--", "hi"}, "hi", nil, nil, "", ""},
		{"swallowed last", []string{"--disallowedTools", "Bash", "hello"}, "", nil, []string{"Bash", "hello"}, "--disallowedTools", "hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseArgs(tt.argv)
			if err != nil {
				t.Fatal(err)
			}
			if o.prompt != tt.prompt || !slices.Equal(o.allowedTools, tt.allowed) || !slices.Equal(o.disallowedTools, tt.disallowed) ||
				o.swallowedFlag != tt.swallowedFlag || o.swallowedValue != tt.swallowd {
				t.Errorf("got prompt %q allowed %q disallowed %q swallowed %q=%q", o.prompt, o.allowedTools, o.disallowedTools,
					o.swallowedFlag, o.swallowedValue)
			}
		})
	}
}
