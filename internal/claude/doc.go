// Package claude runs one headless Claude Code CLI turn (`claude -p --output-format stream-json`)
// and classifies how it ended.
//
// A [Runner] is built with [New] from [Options] (no I/O); [Runner.Run] executes one [Request] and
// always returns a [Result] whose [Outcome] says what happened. Run never panics on bad input: a
// request it refuses ends as OutcomeInvalidSession or OutcomeFailed without starting a process.
//
// # Command line
//
// Every run execs, in Request.Dir with stdin /dev/null:
//
//	COMMAND -p --output-format stream-json --verbose
//	        [--resume ID | --session-id ID] [--model M]
//	        [--append-system-prompt S] --system-prompt-snapshot off
//	        [--allowedTools T...] [--disallowedTools T...] [--permission-mode MODE]
//	        [--max-turns N] [--max-budget-usd X] -- PROMPT
//
// Flags whose value is empty or zero are left out. The prompt always follows `--`, so a prompt
// such as "--version" or "--model x" is text, never a flag. `--system-prompt-snapshot off` is
// always passed: the CLI otherwise reuses the system prompt recorded on a session's first turn
// when it resumes, so the request's AppendSystemPrompt (empty included) is the one in force on
// every turn. Tool names must not start with "-" (a variadic flag would stop there).
//
// # Process handling
//
// The CLI runs in its own process group. On caller cancellation, wall-clock timeout, idle
// timeout (no stdout line for IdleTimeout) or a broken output stream, the group gets SIGTERM,
// then SIGKILL after KillGrace. After the CLI exits for any reason the group gets SIGKILL too, so
// no grandchild outlives the run. Stdout and stderr are pipes read by two goroutines that Run owns
// and waits for; if a process outside the group still holds them, reading stops KillGrace after
// the CLI exited. Each stdout line is bounded by MaxLineBytes; stderr keeps only its last
// StderrTailBytes.
//
// # Environment
//
// The child's environment is built only from an allow-list: PATH, HOME, USER, LOGNAME, SHELL,
// LANG, LANGUAGE, LC_*, TZ and TERM from Options.Environ, the names in Options.PassEnv, then
// Options.Env. Any name starting with DISCORD_ (the bot token above all) is dropped even if
// listed. TMPDIR is always a fresh directory under TempRoot, removed with its contents when the
// run ends.
//
// # Events
//
// Request.OnEvent receives every stream-json line as an [Event], in output order, from the
// reading goroutine, and every call returns before Run does. It must not block for long: while
// it runs, no output is read.
//
// # Outcomes
//
// A `result` line decides the outcome whatever happens afterwards (ok, api_error, max_turns,
// budget, cancelled for error_during_execution, failed for any other error). Without one, the
// reason Run stopped the process comes first (cancelled, timeout, idle_timeout, crash for a
// broken stream), then the CLI's session errors on stderr (stale_session, invalid_session,
// session_in_use), then the exit status: 143 or SIGTERM/SIGINT, or 0, is cancelled; anything
// else is crash.
package claude
