package main

import (
	"fmt"
	"strings"
)

// flagKind says how a flag takes its value, as commander.js would.
type flagKind int

const (
	boolFlag     flagKind = iota // no value
	valueFlag                    // <value>: always takes the next argument, even one starting with '-'
	optionalFlag                 // [value]: takes the next argument unless it looks like an option
	variadicFlag                 // <values...>: takes arguments until one looks like an option
)

// flagSpec describes one known flag.
type flagSpec struct {
	names   []string // every spelling, e.g. "-p", "--print"
	kind    flagKind
	arg     string   // the value placeholder in error messages, e.g. "<mode>"
	choices []string // allowed values, if restricted
}

// flagSpecs is the argv subset of the real CLI that the fake understands. Read-only.
var flagSpecs = []flagSpec{
	{names: []string{"-p", "--print"}, kind: boolFlag},
	{names: []string{"-v", "--version"}, kind: boolFlag},
	{names: []string{"-h", "--help"}, kind: boolFlag},
	{names: []string{"--verbose"}, kind: boolFlag},
	{names: []string{"--output-format"}, kind: valueFlag, arg: "<format>", choices: []string{"text", "json", "stream-json"}},
	{names: []string{"-r", "--resume"}, kind: optionalFlag, arg: "[value]"},
	{names: []string{"--session-id"}, kind: valueFlag, arg: "<uuid>"},
	{names: []string{"--model"}, kind: valueFlag, arg: "<model>"},
	{names: []string{"--append-system-prompt"}, kind: valueFlag, arg: "<prompt>"},
	{names: []string{"--system-prompt-snapshot"}, kind: valueFlag, arg: "<mode>", choices: []string{"on", "off"}},
	{names: []string{"--allowedTools", "--allowed-tools"}, kind: variadicFlag, arg: "<tools...>"},
	{names: []string{"--disallowedTools", "--disallowed-tools"}, kind: variadicFlag, arg: "<tools...>"},
	{names: []string{"--permission-mode"}, kind: valueFlag, arg: "<mode>",
		choices: []string{"acceptEdits", "auto", "bypassPermissions", "default", "dontAsk", "manual", "plan"}},
	{names: []string{"--max-turns"}, kind: valueFlag, arg: "<turns>"},
	{names: []string{"--max-budget-usd"}, kind: valueFlag, arg: "<amount>"},
}

// lookupFlag finds the spec for a flag spelling.
func lookupFlag(name string) (flagSpec, bool) {
	for _, s := range flagSpecs {
		for _, n := range s.names {
			if n == name {
				return s, true
			}
		}
	}
	return flagSpec{}, false
}

// options is the parsed command line.
type options struct {
	print, verbose, version, help bool
	outputFormat                  string  // text (default), json or stream-json
	resume                        *string // nil when --resume was not given
	sessionID                     *string // nil when --session-id was not given
	model                         string
	appendSystemPrompt            string
	snapshot                      string // on (default) or off
	allowedTools, disallowedTools []string
	permissionMode                string
	maxTurns, maxBudgetUSD        string
	prompt                        string // the first operand
	hasPrompt                     bool
	dashDash                      bool   // "--" was seen
	swallowedFlag, swallowedValue string // set when the last argument was read as a variadic value
}

// usageError is a command-line error: its text goes to stderr and the exit code is 1.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

// parseArgs parses argv (without the program name) the way commander.js does for the
// real CLI: options and operands may interleave; "--" ends options; a value flag takes the
// next argument whatever it is; a variadic flag takes arguments until one starts with '-';
// --version and --help act as soon as they are seen; the first unknown option stops parsing
// and is reported; an invalid choice is reported as soon as it is seen.
func parseArgs(argv []string) (*options, error) {
	o := &options{outputFormat: "text", snapshot: "on"}
	var operands []string
	variadic := ""       // the variadic flag (as typed) currently taking values
	var target *[]string // where its values go
	for i := 0; i < len(argv); i++ {
		arg := argv[i]
		if arg == "--" {
			o.dashDash = true
			operands = append(operands, argv[i+1:]...)
			break
		}
		if variadic != "" && !looksLikeOption(arg) {
			*target = append(*target, arg)
			if i == len(argv)-1 {
				o.swallowedFlag, o.swallowedValue = variadic, arg
			}
			continue
		}
		variadic = ""
		if !looksLikeOption(arg) {
			operands = append(operands, arg)
			continue
		}
		name, inline, hasInline := arg, "", false
		if strings.HasPrefix(arg, "--") {
			if k := strings.IndexByte(arg, '='); k > 0 {
				name, inline, hasInline = arg[:k], arg[k+1:], true
			}
		}
		spec, ok := lookupFlag(name)
		if !ok {
			return nil, usagef("error: unknown option '%s'", arg)
		}
		long := spec.names[len(spec.names)-1]
		if spec.kind == boolFlag {
			if hasInline {
				return nil, usagef("error: option '%s' does not take an argument", long)
			}
			switch long {
			case "--version":
				o.version = true
				return o, nil
			case "--help":
				o.help = true
				return o, nil
			case "--print":
				o.print = true
			case "--verbose":
				o.verbose = true
			}
			continue
		}
		value, has := inline, hasInline
		if !has {
			switch spec.kind {
			case valueFlag, variadicFlag:
				if i+1 < len(argv) {
					i++
					value, has = argv[i], true
				}
			case optionalFlag:
				if i+1 < len(argv) && !looksLikeOption(argv[i+1]) {
					i++
					value, has = argv[i], true
				}
			}
		}
		if !has && spec.kind != optionalFlag {
			return nil, usagef("error: option '%s %s' argument missing", long, spec.arg)
		}
		if len(spec.choices) > 0 && !contains(spec.choices, value) {
			return nil, usagef("error: option '%s %s' argument '%s' is invalid. Allowed choices are %s.",
				long, spec.arg, value, strings.Join(spec.choices, ", "))
		}
		if err := o.set(long, name, value); err != nil {
			return nil, err
		}
		if spec.kind == variadicFlag && !hasInline { // commander: --flag=value does not start a variadic run
			variadic = name
			target = o.variadicTarget(long)
			if i == len(argv)-1 {
				o.swallowedFlag, o.swallowedValue = name, value
			}
		}
	}
	switch len(operands) {
	case 0:
	case 1:
		o.prompt, o.hasPrompt = operands[0], true
	default:
		return nil, usagef("error: too many arguments. Expected 1 argument but got %d.", len(operands))
	}
	if o.hasPrompt {
		o.swallowedFlag, o.swallowedValue = "", ""
	}
	return o, nil
}

// set stores a flag value; long is the canonical spelling, name the one typed.
func (o *options) set(long, name, value string) error {
	switch long {
	case "--output-format":
		o.outputFormat = value
	case "--resume":
		v := value
		o.resume = &v
	case "--session-id":
		v := value
		o.sessionID = &v
	case "--model":
		o.model = value
	case "--append-system-prompt":
		o.appendSystemPrompt = value
	case "--system-prompt-snapshot":
		o.snapshot = value
	case "--allowed-tools":
		o.allowedTools = append(o.allowedTools, value)
	case "--disallowed-tools":
		o.disallowedTools = append(o.disallowedTools, value)
	case "--permission-mode":
		o.permissionMode = value
	case "--max-turns":
		o.maxTurns = value
	case "--max-budget-usd":
		o.maxBudgetUSD = value
	default:
		return usagef("error: option '%s' is not handled by the fake", name)
	}
	return nil
}

// variadicTarget returns the slice that further values of a variadic flag go to.
func (o *options) variadicTarget(long string) *[]string {
	if long == "--allowed-tools" {
		return &o.allowedTools
	}
	return &o.disallowedTools
}

// looksLikeOption is commander's maybeOption: a '-' followed by anything.
func looksLikeOption(arg string) bool { return len(arg) > 1 && arg[0] == '-' }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
