package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// Version is the release version; set with -ldflags "-X …/internal/version.Version=v1.2.0".
var Version = "dev"

// Commit is the git commit the binary was built from; set with -ldflags "-X …/internal/version.Commit=SHA".
var Commit = ""

// ClaudeTested is the Claude Code CLI version this release was tested with.
const ClaudeTested = claude.TestedVersion

// unknown stands for a commit the binary cannot tell.
const unknown = "unknown"

// Info describes one build.
type Info struct {
	Version      string // release version, module version, or "dev"
	Commit       string // full commit hash, or "unknown"
	CommitTime   string // RFC 3339 commit time from the VCS stamp, or ""
	Modified     bool   // the working tree had uncommitted changes at build time
	GoVersion    string // toolchain that built the binary, e.g. go1.26.8
	Platform     string // GOOS/GOARCH, e.g. linux/amd64
	ClaudeTested string // Claude Code CLI version this release was tested with
}

// Get returns the running binary's build information.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return fromBuild(Version, Commit, bi)
}

// GoVersion returns the version of the Go toolchain that built the binary.
func GoVersion() string { return runtime.Version() }

// String returns the build information on one line, for logs and `--version`-style output.
func String() string { return Get().String() }

// fromBuild combines the linker-stamped values with what the toolchain recorded in bi (which may be nil).
// Stamped values win.
func fromBuild(version, commit string, bi *debug.BuildInfo) Info {
	info := Info{Version: version, Commit: commit, GoVersion: GoVersion(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, ClaudeTested: ClaudeTested}
	if bi != nil {
		if (info.Version == "" || info.Version == "dev") && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			info.GoVersion = bi.GoVersion
		}
		var revision string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				info.CommitTime = s.Value
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
		if info.Commit == "" {
			info.Commit = revision
		} else if revision != "" && !strings.HasPrefix(revision, info.Commit) {
			// The stamp names another commit than the tree that was built: the VCS details describe that tree.
			info.CommitTime, info.Modified = "", false
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	if info.Commit == "" {
		info.Commit = unknown
	}
	return info
}

// String returns the build information on one line:
// "coordinator v1.2.0 (commit 0123abcd…, modified) go1.26.8 linux/amd64, tested with Claude Code 2.1.332".
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "coordinator %s (commit %s", i.Version, i.Commit)
	if i.Modified {
		b.WriteString(", modified")
	}
	fmt.Fprintf(&b, ") %s %s, tested with Claude Code %s", i.GoVersion, i.Platform, i.ClaudeTested)
	return b.String()
}
