// Package realclaude holds the real-CLI test tier: the real Claude Code CLI (pinned 2.1.332) run
// through internal/claude's Runner against test/fakeanthropic on loopback, so the runner's
// assumptions about the CLI's flags, output and exit behaviour are checked against the real thing.
//
// # Finding the CLI
//
// The tests use the binary named by COORDINATOR_REAL_CLAUDE, or else the one .ci/install-claude.sh
// installs under $HOME/.cache/coordinator-ci/claude. When neither exists every test skips with
// "real claude CLI not installed: run .ci/install-claude.sh"; a COORDINATOR_REAL_CLAUDE that names
// a missing or unrunnable file fails instead, since that is a broken setup, not an absent one.
//
// # Isolation
//
// Each test gets its own fake API, HOME, project dir and TempRoot. The child environment is only
// PATH plus ANTHROPIC_BASE_URL (the fake), ANTHROPIC_API_KEY=sk-fake,
// CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1, DISABLE_AUTOUPDATER=1, CLAUDE_CODE_MAX_RETRIES=0
// and HOME, so the CLI connects only to 127.0.0.1. After every run the test checks that no
// process carrying that HOME in its environment is left (the CLI and anything it spawned) and
// that the run's TMPDIR is gone.
//
// Run it with: bash .ci/install-claude.sh && go test -race -count=1 ./test/realclaude
package realclaude
