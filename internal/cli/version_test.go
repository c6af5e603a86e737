package cli_test

import (
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/internal/cli"
	"github.com/discord-coordinator/coordinator/internal/version"
)

func TestVersionPrintsBuildInfo(t *testing.T) {
	code, out, errOut := run(t, "", nil, "version")
	if code != cli.ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	info := version.Get()
	for _, re := range []string{
		`(?m)^coordinator +` + regexp.QuoteMeta(info.Version) + `$`,
		`(?m)^commit +` + regexp.QuoteMeta(info.Commit),
		`(?m)^go +` + regexp.QuoteMeta(runtime.Version()) + ` ` + runtime.GOOS + `/` + runtime.GOARCH + `$`,
		`(?m)^claude tested +` + regexp.QuoteMeta(version.ClaudeTested) + `$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("output does not match %s:\n%s", re, out)
		}
	}
}

func TestVersionUsage(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		inStdout string
		inStderr string
	}{
		{[]string{"version", "-h"}, cli.ExitOK, "Usage: coordinator version", ""},
		{[]string{"version", "extra"}, cli.ExitUsage, "", `unexpected argument "extra"`},
		{[]string{"version", "-bogus"}, cli.ExitUsage, "", "Usage: coordinator version"},
		{[]string{"help"}, cli.ExitOK, "  version ", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, "", nil, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			if !strings.Contains(out, tt.inStdout) || !strings.Contains(errOut, tt.inStderr) {
				t.Errorf("stdout %q (want %q), stderr %q (want %q)", out, tt.inStdout, errOut, tt.inStderr)
			}
		})
	}
}
