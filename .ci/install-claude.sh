#!/usr/bin/env bash
# Installs the real Claude Code CLI for the test/realclaude tier, once, into a fixed directory.
#
# Usage: bash .ci/install-claude.sh    (prints the binary's absolute path on stdout, nothing else)
#
# Idempotent: an install that already reports the pinned version is reused. Exits 0 in every
# case; when node/npm is missing or the install fails it says why on stderr and prints no path,
# so the tier then skips with its own message. Only the npm registry is contacted.
#
# Env: COORDINATOR_CLAUDE_DIR overrides the directory (default $HOME/.cache/coordinator-ci/claude),
#      COORDINATOR_CLAUDE_VERSION the pinned version (default 2.1.332).
set -uo pipefail

version="${COORDINATOR_CLAUDE_VERSION:-2.1.332}"
dir="${COORDINATOR_CLAUDE_DIR:-$HOME/.cache/coordinator-ci/claude}"

say() { echo "install-claude: $*" >&2; }

# runnable prints the first candidate binary under $dir that reports $version.
runnable() {
  local bin out
  for bin in "$dir/node_modules/.bin/claude" "$dir"/node_modules/@anthropic-ai/claude-code-*/claude; do
    [ -x "$bin" ] || continue
    out=$("$bin" --version 2>/dev/null </dev/null) || continue
    if [[ "$out" == "$version "* ]]; then
      readlink -f "$bin"
      return 0
    fi
  done
  return 1
}

if path=$(runnable); then
  say "claude $version already installed"
  echo "$path"
  exit 0
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "node/npm not found on PATH: not installing claude; the real-CLI tests will skip"
  exit 0
fi

mkdir -p "$dir" || { say "cannot create $dir"; exit 0; }
say "installing @anthropic-ai/claude-code@$version into $dir"
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    "@anthropic-ai/claude-code@$version" >&2; then
  say "npm install failed: the real-CLI tests will skip"
  exit 0
fi

if path=$(runnable); then
  echo "$path"
else
  say "installed, but no binary under $dir reports version $version: the real-CLI tests will skip"
fi
exit 0
