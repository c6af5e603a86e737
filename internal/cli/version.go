package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/discord-coordinator/coordinator/internal/version"
)

const versionSynopsis = `version

Prints the coordinator version, the commit it was built from, the Go version and the Claude Code
CLI version this release was tested with.`

func versionCmd(_ context.Context, args []string, env Env) int {
	fs := newFlagSet("version", versionSynopsis)
	if code, done := fs.parseNoArgs(args, env); done {
		return code
	}
	writeVersion(env.Stdout, version.Get())
	return ExitOK
}

// writeVersion prints info one field a line.
func writeVersion(w io.Writer, info version.Info) {
	var details []string
	if info.CommitTime != "" {
		details = append(details, info.CommitTime)
	}
	if info.Modified {
		details = append(details, "modified")
	}
	commit := info.Commit
	if len(details) > 0 {
		commit += " (" + strings.Join(details, ", ") + ")"
	}
	fmt.Fprintf(w, "coordinator    %s\ncommit         %s\ngo             %s %s\nclaude tested  %s\n",
		info.Version, commit, info.GoVersion, info.Platform, info.ClaudeTested)
}
