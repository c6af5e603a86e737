package version_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/internal/version"
)

// TestReleaseStamp builds a program with the -ldflags of `task release` and checks that it reports the
// stamped values: a renamed package or variable would make -X a silent no-op.
func TestReleaseStamp(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go tool not on PATH: %v", err)
	}
	const pkg = "github.com/discord-coordinator/coordinator/internal/version"
	const commit = "0123456789abcdef0123456789abcdef01234567"
	bin := filepath.Join(t.TempDir(), "printversion")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	build := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-o", bin,
		"-ldflags", "-s -w -X "+pkg+".Version=v7.8.9-test -X "+pkg+".Commit="+commit,
		"./testdata/printversion")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	out, err := exec.CommandContext(ctx, bin).Output()
	if err != nil {
		t.Fatalf("run %s: %v", bin, err)
	}
	want := "coordinator v7.8.9-test (commit " + commit + ") " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH +
		", tested with Claude Code " + version.ClaudeTested + "\n"
	if got := string(out); got != want {
		t.Errorf("stamped build prints\n%q\nwant\n%q", got, want)
	}
}

func TestClaudeTestedIsAVersion(t *testing.T) {
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(version.ClaudeTested) {
		t.Errorf("ClaudeTested = %q, want MAJOR.MINOR.PATCH as `claude --version` prints it", version.ClaudeTested)
	}
}
