package version

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// vcs returns a BuildInfo as `go build` records it in a git checkout.
func vcs(mainVersion, revision, time string, modified bool) *debug.BuildInfo {
	mod := "false"
	if modified {
		mod = "true"
	}
	return &debug.BuildInfo{GoVersion: "go1.99.1", Main: debug.Module{Path: "github.com/discord-coordinator/coordinator", Version: mainVersion},
		Settings: []debug.BuildSetting{{Key: "-trimpath", Value: "true"}, {Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: revision}, {Key: "vcs.time", Value: time}, {Key: "vcs.modified", Value: mod}}}
}

func TestFromBuild(t *testing.T) {
	const sha = "2c69b2deb11ca43136de0f7216906350335303e4"
	const other = "0000000000000000000000000000000000000001"
	tests := []struct {
		name            string
		version, commit string
		bi              *debug.BuildInfo
		want            Info
	}{
		{"stamped release, clean tree", "v1.2.0", sha, vcs("(devel)", sha, "2026-11-27T08:00:00Z", false),
			Info{Version: "v1.2.0", Commit: sha, CommitTime: "2026-11-27T08:00:00Z", GoVersion: "go1.99.1"}},
		{"stamped with a short commit keeps the VCS details", "v1.2.0", sha[:7], vcs("(devel)", sha, "2026-11-27T08:00:00Z", true),
			Info{Version: "v1.2.0", Commit: sha[:7], CommitTime: "2026-11-27T08:00:00Z", Modified: true, GoVersion: "go1.99.1"}},
		{"stamp names another commit: the VCS details are dropped", "v1.2.0", other, vcs("(devel)", sha, "2026-11-27T08:00:00Z", true),
			Info{Version: "v1.2.0", Commit: other, GoVersion: "go1.99.1"}},
		{"go build in a checkout", "dev", "", vcs("v0.0.0-20261127080000-2c69b2deb11c+dirty", sha, "2026-11-27T08:00:00Z", true),
			Info{Version: "v0.0.0-20261127080000-2c69b2deb11c+dirty", Commit: sha, CommitTime: "2026-11-27T08:00:00Z", Modified: true, GoVersion: "go1.99.1"}},
		{"go install module@version", "dev", "",
			&debug.BuildInfo{GoVersion: "go1.99.1", Main: debug.Module{Path: "github.com/discord-coordinator/coordinator", Version: "v1.3.0", Sum: "h1:x"}},
			Info{Version: "v1.3.0", Commit: "unknown", GoVersion: "go1.99.1"}},
		{"devel build without VCS", "dev", "", &debug.BuildInfo{GoVersion: "go1.99.1", Main: debug.Module{Version: "(devel)"}},
			Info{Version: "dev", Commit: "unknown", GoVersion: "go1.99.1"}},
		{"no build info at all", "", "", nil,
			Info{Version: "dev", Commit: "unknown", GoVersion: runtime.Version()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.Platform = runtime.GOOS + "/" + runtime.GOARCH
			tt.want.ClaudeTested = ClaudeTested
			if got := fromBuild(tt.version, tt.commit, tt.bi); got != tt.want {
				t.Errorf("fromBuild(%q, %q)\n got %+v\nwant %+v", tt.version, tt.commit, got, tt.want)
			}
		})
	}
}

func TestInfoString(t *testing.T) {
	tests := []struct {
		info Info
		want string
	}{
		{Info{Version: "v1.2.0", Commit: "abc", GoVersion: "go1.26.8", Platform: "linux/arm64", ClaudeTested: "2.1.332"},
			"coordinator v1.2.0 (commit abc) go1.26.8 linux/arm64, tested with Claude Code 2.1.332"},
		{Info{Version: "dev", Commit: "unknown", Modified: true, GoVersion: "go1.26.8", Platform: "linux/amd64", ClaudeTested: "2.1.332"},
			"coordinator dev (commit unknown, modified) go1.26.8 linux/amd64, tested with Claude Code 2.1.332"},
	}
	for _, tt := range tests {
		if got := tt.info.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestRunningBinary(t *testing.T) {
	if got := GoVersion(); got != runtime.Version() || !strings.HasPrefix(got, "go") {
		t.Errorf("GoVersion() = %q, want %q", got, runtime.Version())
	}
	s := String()
	for _, want := range []string{"coordinator " + Get().Version, "tested with Claude Code " + ClaudeTested, runtime.GOOS + "/" + runtime.GOARCH} {
		if !strings.Contains(s, want) {
			t.Errorf("String() = %q, missing %q", s, want)
		}
	}
}
