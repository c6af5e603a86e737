// Package main is fakeclaude, a fake of the Claude Code CLI 2.1.332 in headless mode
// (`claude -p`) for tests. It answers without any network and mimics the measured output
// shapes, exit codes and signal behaviour in /work/shared/notes/claude-cli.md. Tests build
// it with test/fakecli.Build and steer it with directives.
//
// # Command line
//
//	claude -p --output-format (json|stream-json|text) [--verbose] [--resume ID | --session-id UUID]
//	    [--model M] [--append-system-prompt S] [--system-prompt-snapshot on|off]
//	    [--allowedTools T...] [--disallowedTools T...] [--permission-mode MODE]
//	    [--max-turns N] [--max-budget-usd X] -- PROMPT
//
// Parsed like commander.js: options and operands interleave, "--" ends options, a value flag
// takes the next argument whatever it is, a variadic flag takes arguments until one starts
// with '-', --version acts when seen, the first unknown option is an error
// (`error: unknown option '<arg>'`, rc 1), more than one operand is an error. Stdin that is a
// pipe or a file is read and joined to the prompt; a character device (tty, /dev/null) is not.
// Usage errors, session errors and the messages of the notes go to stderr with rc 1.
// bypassPermissions is refused as root unless IS_SANDBOX=1, like the real CLI.
//
// # Sessions
//
// Transcripts live in $CLAUDE_CONFIG_DIR (else $HOME/.claude) under
// projects/<cwd with every / replaced by ->/<id>.jsonl, one JSON line per turn (prompt,
// effective append_system_prompt, model, time). --resume searches every project folder.
// With --system-prompt-snapshot on (the default) a resumed turn uses the first turn's
// append-system-prompt; with off it uses the new one. When TMPDIR is set, every run leaves
// $TMPDIR/claude-<uid>/fswatch-probe-XXXXXX/ like the real CLI.
//
// # Directives
//
// Whitespace-separated tokens of the prompt, then of $FAKECLAUDE_DIRECTIVES:
//
//	fake:reply=TEXT        reply TEXT instead of "echo: <prompt>"
//	fake:reply-file=PATH   reply the contents of the file PATH
//	fake:sleep=DUR         sleep after system/init, before answering
//	fake:hang              print system/init (stream-json), then block
//	fake:silent            print nothing, then block
//	fake:ignore-term       ignore SIGTERM (SIGKILL still works)
//	fake:exit=N            stderr "fake: exiting N", nothing on stdout, rc N
//	fake:malformed         system/init, then the line {"type":"assistant", and rc 0
//	fake:huge=BYTES        reply of BYTES 'x'
//	fake:api-error=STATUS  API-error result (529, 500, 429, 401, 400, any status, connection, timeout), rc 1
//	fake:max-turns         error_max_turns result (no result key), rc 1
//	fake:budget            error_max_budget_usd result, rc 1
//	fake:during-exec       error_during_execution / aborted_tools result, rc 0
//	fake:cost=X            total_cost_usd X
//	fake:tool              Bash tool_use, tool_result, then the text; num_turns 2
//	fake:deny              like tool, plus system/permission_denied and a permission_denials entry
//	fake:stream=N,DUR      N assistant text events, DUR apart, before the answer
//	fake:tools=N,DUR       N tool calls (assistant text + Bash tool_use "echo step i", then its tool_result), DUR apart; num_turns 1+N
//	fake:grandchild        spawn a SIGTERM-ignoring grandchild sharing stdout/stderr (pid in the log), then hang
//	fake:env               reply: the sorted environment, NAME=value lines
//	fake:argv              reply: JSON array of the arguments (without the program name)
//	fake:pwd               reply: the working directory
//	fake:system-prompt     reply: the effective append-system-prompt
//	fake:stderr=TEXT       also write TEXT to stderr
//	fake:write=NAME        write the file NAME, content "file NAME from the fake", into the outbox (below)
//	fake:write-big=NAME    write the file NAME of 9 MiB 'x' into the outbox
//
// The outbox is the directory that this run's --append-system-prompt argument names between
// "write them into the directory " and "; they are attached" (the coordinator's sentence); the
// files are written after the session is resolved, before the answer. Without an outbox, or when
// a write fails, stderr says so and the run goes on. NAME must be a plain file name.
//
// Unknown or malformed fake: tokens give a stderr warning and are otherwise ignored.
//
// # Signals
//
// SIGTERM exits 143 at once with no result. SIGINT exits 0 with no result; in stream-json
// after system/init it first prints the user line "[Request interrupted by user]".
//
// # Invocation log
//
// With $FAKECLAUDE_LOG set, start, grandchild and end lines are appended (format in
// test/fakecli, which reads them back).
package main
