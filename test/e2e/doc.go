// Package e2e runs the real coordinator binary (`coordinator run`) as a process against the fake
// Discord server (test/fakediscord) and the fake Claude CLI (test/fakeclaude), and asserts through
// what the fake Discord saw and what the fake CLI logged.
package e2e
