// Package fakecli is the test-side companion of the fake Claude Code CLI in test/fakeclaude.
//
// Tests of other packages call Build once (from TestMain) to compile the fake into a temp
// dir as "claude", run it through the code under test, then read what it saw with ReadLog
// (set FAKECLAUDE_LOG in the child's environment) and check for leftovers with ProcessAlive.
//
// # Invocation log
//
// When FAKECLAUDE_LOG names a file, every fake invocation appends JSON lines to it, one
// write per line with O_APPEND, so concurrent invocations never interleave:
//
//	{"argv":[...],"env_names":[...],"cwd":"...","pid":N,"pgid":N,"start":"RFC3339Nano","tmpdir":"..."}   at start
//	{"pid":N,"grandchild_pid":M}                                                                       when fake:grandchild spawned one
//	{"pid":N,"end":"RFC3339Nano","exit_code":N}                                                        at exit (normal, usage error or signal handler)
//
// argv holds the arguments after the program name (os.Args[1:]). A process killed by
// SIGKILL, or one that never exits, has no end line: its Invocation has a nil ExitCode.
package fakecli
