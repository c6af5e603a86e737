package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// messageIDs lists the MessageID of each run, in order.
func messageIDs(runs []Run) []string {
	ids := make([]string, 0, len(runs))
	for _, r := range runs {
		ids = append(ids, r.MessageID)
	}
	return ids
}

func TestRunRoundTripSurvivesReopen(t *testing.T) {
	s := openTestStore(t, Options{})
	want := Run{
		ChannelID: "c1", MessageID: "m1", UserID: "u1", SessionID: "sess-1",
		Start: time.Date(2025, 6, 7, 8, 9, 10, 11, time.UTC), Duration: 2500 * time.Millisecond,
		Outcome: "ok", CostUSD: 0.03, Turns: 2, ErrorID: "err-9",
	}
	if err := s.AppendRun(want); err != nil {
		t.Fatalf("AppendRun: %v", err)
	}
	s = mustReopen(t, s, Options{})
	runs, err := s.ListRuns("c1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0] != want {
		t.Errorf("ListRuns = %+v, want [%+v]", runs, want)
	}
}

func TestRunsOrderedByStartThenAppend(t *testing.T) {
	s := openTestStore(t, Options{})
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	appends := []struct {
		id    string
		start time.Time
	}{
		{"late", t0.Add(time.Hour)},
		{"tie-1", t0},
		{"early", t0.Add(-time.Hour)},
		{"tie-2", t0},
		{"tie-3", t0},
	}
	for _, a := range appends {
		if err := s.AppendRun(Run{ChannelID: "c1", MessageID: a.id, Start: a.start}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		limit int
		want  []string
	}{
		{0, []string{"early", "tie-1", "tie-2", "tie-3", "late"}},
		{-1, []string{"early", "tie-1", "tie-2", "tie-3", "late"}},
		{2, []string{"tie-3", "late"}},
		{5, []string{"early", "tie-1", "tie-2", "tie-3", "late"}},
		{50, []string{"early", "tie-1", "tie-2", "tie-3", "late"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("limit=%d", tt.limit), func(t *testing.T) {
			runs, err := s.ListRuns("c1", tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := messageIDs(runs); !slices.Equal(got, tt.want) {
				t.Errorf("ListRuns(c1, %d) = %v, want %v", tt.limit, got, tt.want)
			}
		})
	}
}

func TestAppendRunTrimsOldest(t *testing.T) {
	s := openTestStore(t, Options{MaxRunsPerChannel: 3})
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 7 {
		if err := s.AppendRun(Run{ChannelID: "c1", MessageID: fmt.Sprint("m", i), Start: t0.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AppendRun(Run{ChannelID: "c2", MessageID: "other"}); err != nil {
		t.Fatal(err)
	}
	runs, err := s.ListRuns("c1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := messageIDs(runs), []string{"m4", "m5", "m6"}; !slices.Equal(got, want) {
		t.Errorf("after 7 appends with max 3: %v, want %v", got, want)
	}
	// A later, smaller limit trims on the next append (the file outlives a config change).
	s = mustReopen(t, s, Options{MaxRunsPerChannel: 2})
	if err := s.AppendRun(Run{ChannelID: "c1", MessageID: "m7", Start: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	runs, err = s.ListRuns("c1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := messageIDs(runs), []string{"m6", "m7"}; !slices.Equal(got, want) {
		t.Errorf("after reopening with max 2: %v, want %v", got, want)
	}
	other, err := s.ListRuns("c2", 0)
	if err != nil || len(other) != 1 {
		t.Errorf("trimming c1 touched c2: %v, %v", other, err)
	}
}

func TestAppendRunDefaultLimit(t *testing.T) {
	s := openTestStore(t, Options{})
	for i := range DefaultMaxRunsPerChannel + 5 {
		if err := s.AppendRun(Run{ChannelID: "c1", MessageID: fmt.Sprint(i), Start: time.Unix(int64(i), 0)}); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := s.ListRuns("c1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != DefaultMaxRunsPerChannel || runs[0].MessageID != "5" {
		t.Errorf("kept %d runs starting at %q, want %d starting at \"5\"", len(runs), runs[0].MessageID, DefaultMaxRunsPerChannel)
	}
}

func TestAppendRunStartDefaultsAndLimits(t *testing.T) {
	now := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	s := openTestStore(t, Options{Now: fixedClock(now)})
	if err := s.AppendRun(Run{ChannelID: "c1", MessageID: "m1"}); err != nil {
		t.Fatal(err)
	}
	runs, err := s.ListRuns("c1", 0)
	if err != nil || len(runs) != 1 || !runs[0].Start.Equal(now) {
		t.Errorf("run with zero Start stored as %+v, %v; want Start %v", runs, err, now)
	}

	tests := []struct {
		name string
		run  Run
		want string
	}{
		{"no channel", Run{MessageID: "m"}, "channel id"},
		{"before epoch", Run{ChannelID: "c1", Start: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)}, "epoch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.AppendRun(tt.run); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("AppendRun = %v, want an error about %s", err, tt.want)
			}
		})
	}
	if runs, err := s.ListRuns("c1", 0); err != nil || len(runs) != 1 {
		t.Errorf("refused runs were stored: %d runs, %v", len(runs), err)
	}
}

func TestListRunsUnknownChannel(t *testing.T) {
	s := openTestStore(t, Options{})
	if err := s.AppendRun(Run{ChannelID: "c1"}); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"c2", ""} {
		runs, err := s.ListRuns(ch, 10)
		if err != nil || len(runs) != 0 {
			t.Errorf("ListRuns(%q) = %v, %v; want none", ch, runs, err)
		}
	}
}

func TestRecordRunSavesSessionAndRunTogether(t *testing.T) {
	s := openTestStore(t, Options{})
	start := time.Unix(1_800_000_000, 0).UTC()
	sess := Session{ChannelID: "c1", Project: "p", ClaudeSessionID: "6f0c3c1e-0d7e-4c51-9a55-3b1f8f3b2a10", Turns: 2}
	if err := s.RecordRun(sess, Run{ChannelID: "c1", MessageID: "m1", Start: start, Outcome: "ok"}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.GetSession("c1")
	if err != nil || !ok || got.ClaudeSessionID != sess.ClaudeSessionID || got.Turns != 2 {
		t.Fatalf("session = %+v, %v, %v", got, ok, err)
	}
	runs, err := s.ListRuns("c1", 0)
	if err != nil || len(runs) != 1 || runs[0].MessageID != "m1" || !runs[0].Start.Equal(start) {
		t.Fatalf("runs = %+v, %v", runs, err)
	}
	// A bad run stores nothing, not even the session.
	if err := s.RecordRun(Session{ChannelID: "c2"}, Run{}); err == nil {
		t.Fatal("RecordRun with an empty run channel id succeeded")
	}
	if _, ok, _ := s.GetSession("c2"); ok {
		t.Fatal("the session of a refused RecordRun was stored")
	}
}
