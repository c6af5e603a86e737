package doctor_test

import (
	"context"
	"testing"

	"github.com/discord-coordinator/coordinator/internal/doctor"
)

func TestReportWriteTo(t *testing.T) {
	r := doctor.Report{Checks: []doctor.Check{
		{Name: "config", Status: doctor.StatusOK, Detail: "valid"},
		{Name: "project demo", Status: doctor.StatusWarn, Detail: "read-only"},
		{Name: "claude", Status: doctor.StatusFail, Detail: "not found"},
	}}
	want := "ok    config        valid\n" +
		"warn  project demo  read-only\n" +
		"FAIL  claude        not found\n" +
		"\n1 ok, 1 warning(s), 1 failed\n"
	if got := text(r); got != want {
		t.Errorf("WriteTo wrote:\n%s\nwant:\n%s", got, want)
	}
	if !r.Failed() {
		t.Error("Failed() = false with a FAIL check")
	}
	r.Checks = r.Checks[:2]
	if r.Failed() {
		t.Error("Failed() = true with no FAIL check")
	}
	if _, ok := r.Find("claude"); ok {
		t.Error("Find found a check that is not there")
	}
}

// contextCancelled returns a context that is already cancelled.
func contextCancelled() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx, cancel
}
