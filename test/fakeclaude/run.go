package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// run performs one invocation and returns the exit code.
func (a *app) run() int {
	o, err := parseArgs(a.argv)
	if err != nil {
		a.errorln(err.Error())
		return 1
	}
	switch {
	case o.version:
		a.stdout.text(Version + " (Claude Code)\n")
		return 0
	case o.help:
		a.stdout.text("Usage: claude [options] [prompt]\n\n(fake Claude Code CLI: see test/fakeclaude)\n")
		return 0
	case !o.print:
		a.errorln("fake: only -p/--print mode is supported")
		return 1
	}
	prompt := o.prompt
	if in := readStdin(a.stdin, a.errorln); in != "" {
		if o.hasPrompt {
			prompt += "\n" + in
		} else {
			prompt = in
		}
	}
	if strings.TrimSpace(prompt) == "" {
		if o.swallowedFlag != "" && !o.dashDash {
			a.errorln(strconv.Quote(o.swallowedValue) + " was read as a value of " + o.swallowedFlag +
				", not as a prompt · put a prompt before " + o.swallowedFlag + " or after --")
			return 1
		}
		a.errorln("Error: Input must be provided either through stdin or as a prompt argument when using --print")
		return 1
	}
	if o.outputFormat == "stream-json" && !o.verbose {
		a.errorln("Error: When using --print, --output-format=stream-json requires --verbose")
		return 1
	}
	if o.permissionMode == "bypassPermissions" && os.Geteuid() == 0 &&
		a.getenv("IS_SANDBOX") != "1" && a.getenv("CLAUDE_CODE_BUBBLEWRAP") == "" {
		a.errorln("--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons")
		return 1
	}

	d := parseDirectives(prompt, a.getenv("FAKECLAUDE_DIRECTIVES"))
	for _, w := range d.warnings {
		a.errorln(w)
	}
	for _, s := range d.stderr {
		a.errorln(s)
	}
	if d.ignoreTerm {
		a.ignoreTerm.Store(true)
	}
	if d.exit != nil {
		a.errorln("fake: exiting " + strconv.Itoa(*d.exit))
		return *d.exit
	}

	cfg, err := configDir(a.getenv)
	if err != nil {
		a.errorln("fake: " + err.Error())
		return 1
	}
	store := sessionStore{configDir: cfg}
	sess, err := store.resolveSession(o, a.cwd)
	if err != nil {
		a.errorln(err.Error())
		a.resumeErrorResult(o, err)
		return 1
	}
	model := resolveModel(o.model)
	if o.model != "" && model == o.model && !strings.HasPrefix(model, "claude-") {
		a.errorln(`[claude-code:unrecognized_model] {"model":` + strconv.Quote(model) + `,"query_source":"sdk"}`)
	}
	a.leaveTempLitter()
	err = store.appendTurn(sess.path, turnRecord{
		Type: "turn", SessionID: sess.id, Prompt: prompt, AppendSystemPrompt: sess.systemPrompt,
		AppendSystemArg: o.appendSystemPrompt, Model: model, Cwd: a.cwd, Time: time.Now(),
	})
	if err != nil {
		a.errorln("fake: " + err.Error())
		return 1
	}

	if err := writeOutbox(o.appendSystemPrompt, d); err != nil {
		a.errorln("fake: " + err.Error())
	}
	if d.silent {
		blockForever()
	}
	t := &turnInfo{
		sessionID: sess.id, model: model, cwd: a.cwd, permissionMode: o.permissionMode, configDir: cfg,
		tmpDir: os.TempDir(), apiKeySource: "none", pid: a.pid, disallowed: o.disallowedTools,
		start: a.start, now: time.Now,
	}
	if a.getenv("ANTHROPIC_API_KEY") != "" {
		t.apiKeySource = "ANTHROPIC_API_KEY"
	}
	e := &emitter{out: a.stdout, format: o.outputFormat, verbose: o.verbose}
	if d.grandchild {
		pid, err := spawnGrandchild()
		if pid != 0 {
			a.log.grandchild(pid)
		}
		if err != nil {
			a.errorln("fake: " + err.Error())
		}
	}
	e.eventThen(t.initEvent(), func() { // a SIGINT after init prints the interruption line
		if o.outputFormat == "stream-json" {
			ev := t.interruptedEvent()
			a.onSIGINT.Store(&ev)
		}
	})
	if d.hang || d.grandchild {
		blockForever()
	}
	if d.sleep > 0 {
		time.Sleep(d.sleep)
	}
	if d.malformed {
		a.stdout.text(`{"type":"assistant",` + "\n")
		return 0
	}
	for i := 1; i <= d.streamN; i++ {
		time.Sleep(d.streamEvery)
		e.event(t.assistantEvent(textBlock("fake stream event " + strconv.Itoa(i))))
	}
	for i := 1; i <= d.toolsN; i++ {
		time.Sleep(d.toolsEvery)
		step := toolCall{id: hexID("toolu_fake_", 16), command: "echo step " + strconv.Itoa(i)}
		e.event(t.assistantEvent(textBlock("Working on step "+strconv.Itoa(i)+"."), step.useBlock()))
		e.event(t.toolResultEvent(step))
	}
	a.onSIGINT.Store(nil)
	return a.answer(o, d, t, e, a.replyText(o, d, prompt, sess))
}

// replyText picks the reply: huge, env, argv, pwd, system-prompt, reply=, else the echo.
func (a *app) replyText(o *options, d directives, prompt string, sess session) string {
	switch {
	case d.huge > 0:
		return strings.Repeat("x", d.huge)
	case d.env:
		env := append([]string(nil), a.environ...)
		sort.SliceStable(env, func(i, j int) bool { return envName(env[i]) < envName(env[j]) })
		return strings.Join(env, "\n")
	case d.argv:
		b, _ := json.Marshal(a.argv)
		return string(b)
	case d.pwd:
		return a.cwd
	case d.sysPrompt:
		return sess.systemPrompt
	case d.reply != nil:
		return *d.reply
	}
	return "echo: " + strings.TrimSpace(prompt)
}

// envName is the NAME of a NAME=value entry.
func envName(kv string) string {
	name, _, _ := strings.Cut(kv, "=")
	return name
}

// answer prints the events and result of the chosen outcome and returns the exit code.
func (a *app) answer(o *options, d directives, t *turnInfo, e *emitter, reply string) int {
	cost := defaultCost
	if d.cost != nil {
		cost = *d.cost
	}
	tool := toolCall{id: hexID("toolu_fake_", 16), command: "echo hi"}
	switch {
	case d.apiError != "":
		c := lookupAPIError(d.apiError)
		e.event(t.syntheticErrorEvent(c))
		res := t.resultEvent(c.message, 0, 1)
		res["is_error"], res["terminal_reason"], res["stop_reason"] = true, "api_error", "stop_sequence"
		res["usage"], res["modelUsage"], res["duration_api_ms"] = zeroUsage(), obj{}, 0
		if c.status != nil {
			res["api_error_status"] = *c.status
		}
		if c.errType != "" {
			res["api_error_type"] = c.errType
		}
		if c.apiError != "" {
			res["api_error"] = c.apiError
		}
		e.result(res, c.message)
		return 1
	case d.maxTurns:
		n := 1
		if v, err := strconv.Atoi(o.maxTurns); err == nil && v > 0 {
			n = v
		}
		e.event(t.assistantEvent(tool.useBlock()))
		e.event(t.toolResultEvent(tool))
		res := t.resultEvent("", cost, n+1)
		delete(res, "result")
		delete(res, "api_error_status")
		res["subtype"], res["is_error"], res["terminal_reason"], res["stop_reason"] = "error_max_turns", true, "max_turns", "tool_use"
		res["errors"] = []any{"Reached maximum number of turns (" + strconv.Itoa(n) + ")"}
		e.result(res, "Error: Reached max turns ("+strconv.Itoa(n)+")")
		return 1
	case d.budget:
		limit := o.maxBudgetUSD
		if limit == "" {
			limit = "0.01"
		}
		e.event(t.assistantEvent(textBlock(reply)))
		res := t.resultEvent("", cost, 1)
		delete(res, "api_error_status")
		res["result"] = nil
		res["subtype"], res["is_error"], res["terminal_reason"] = "error_max_budget_usd", true, "budget_exhausted"
		msg := "Reached maximum budget ($" + limit + ")"
		res["errors"] = []any{msg}
		e.result(res, "Error: "+msg)
		return 1
	case d.duringExe:
		e.event(t.assistantEvent(tool.useBlock()))
		res := t.resultEvent("", cost, 1)
		delete(res, "api_error_status")
		res["result"] = nil
		res["subtype"], res["is_error"], res["terminal_reason"], res["stop_reason"] = "error_during_execution", true, "aborted_tools", "tool_use"
		msg := "[ede_diagnostic] fake: aborted during tool execution"
		res["errors"] = []any{msg}
		e.result(res, "Error: "+msg)
		return 0
	}
	turns := 1 + d.toolsN // each tool call of fake:tools took a turn
	var denials []any
	if d.tool || d.deny {
		turns = 2
		if d.deny {
			tool.command, tool.denied = "touch "+filepath.Join(t.cwd, "created.txt"), true
			denials = append(denials, obj{"tool_name": "Bash", "tool_use_id": tool.id, "tool_input": tool.input()})
		}
		e.event(t.assistantEvent(tool.useBlock()))
		if d.deny {
			e.event(t.permissionDeniedEvent(tool))
		}
		e.event(t.toolResultEvent(tool))
	}
	e.event(t.assistantEvent(textBlock(reply)))
	res := t.resultEvent(reply, cost, turns)
	if denials != nil {
		res["permission_denials"] = denials
	}
	e.result(res, reply)
	return 0
}

// leaveTempLitter makes $TMPDIR/claude-<uid>/fswatch-probe-XXXXXX/ like every real run,
// so runners can prove they clean their TMPDIR. Only when TMPDIR is set explicitly.
func (a *app) leaveTempLitter() {
	tmp := a.getenv("TMPDIR")
	if tmp == "" {
		return
	}
	dir := filepath.Join(tmp, "claude-"+strconv.Itoa(os.Getuid()))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	_, _ = os.MkdirTemp(dir, "fswatch-probe-")
}

// resumeErrorResult mirrors the real CLI in stream-json mode: a --resume it cannot do (unknown or
// malformed id) is also reported on stdout, as an error_during_execution result with no turns.
func (a *app) resumeErrorResult(o *options, err error) {
	msg := err.Error()
	if o.outputFormat != "stream-json" || o.resume == nil ||
		!(strings.HasPrefix(msg, "No conversation found") || strings.Contains(msg, "--resume requires a valid session ID")) {
		return
	}
	a.stdout.line(obj{
		"type": "result", "subtype": "error_during_execution", "is_error": true, "num_turns": 0,
		"errors": []string{msg}, "session_id": newID(), "total_cost_usd": 0, "duration_ms": 0,
		"duration_api_ms": 0, "permission_denials": []any{}, "uuid": newID(),
	})
}
