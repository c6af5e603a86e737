package store

import (
	"math"
	"testing"
	"time"
)

func TestSpendAddsPerUTCDayAndMonth(t *testing.T) {
	s := openTestStore(t, Options{})
	// 23:30 on 31 Jan in UTC-5 is 04:30 on 1 Feb in UTC: the spend lands on the UTC day.
	est := time.FixedZone("EST", -5*3600)
	feb1 := time.Date(2026, 1, 31, 23, 30, 0, 0, est)
	for _, a := range []struct {
		project string
		at      time.Time
		usd     float64
	}{
		{"web", time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC), 1},
		{"web", feb1, 0.25},
		{"web", time.Date(2026, 2, 1, 20, 0, 0, 0, time.UTC), 0.5},
		{"web", time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), 2},
		{"web|x", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), 7}, // another project, though its name holds the separator
		{"docs", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), 3},
	} {
		if err := s.AddSpend(a.project, a.at, a.usd); err != nil {
			t.Fatalf("AddSpend(%s, %s, %v): %v", a.project, a.at, a.usd, err)
		}
	}
	for _, c := range []struct {
		project          string
		at               time.Time
		wantDay, wantMon float64
	}{
		{"web", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), 1, 1},
		{"web", time.Date(2026, 2, 1, 23, 59, 0, 0, time.UTC), 0.75, 2.75},
		{"web", time.Date(2026, 2, 2, 1, 0, 0, 0, time.UTC), 2, 2.75},
		{"web", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 0, 0},
		{"docs", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), 3, 3},
		{"nobody", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), 0, 0},
	} {
		day, month, err := s.Spend(c.project, c.at)
		if err != nil || math.Abs(day-c.wantDay) > 1e-9 || math.Abs(month-c.wantMon) > 1e-9 {
			t.Errorf("Spend(%s, %s) = %v, %v, %v; want %v, %v", c.project, c.at, day, month, err, c.wantDay, c.wantMon)
		}
	}
}

func TestAddSpendRefusesBadInput(t *testing.T) {
	s := openTestStore(t, Options{})
	now := time.Now()
	for _, c := range []struct {
		project string
		usd     float64
	}{{"", 1}, {"p", -1}, {"p", math.NaN()}, {"p", math.Inf(1)}} {
		if err := s.AddSpend(c.project, now, c.usd); err == nil {
			t.Errorf("AddSpend(%q, %v) succeeded", c.project, c.usd)
		}
	}
	if day, month, err := s.Spend("p", now); err != nil || day != 0 || month != 0 {
		t.Errorf("Spend after refused adds = %v, %v, %v; want 0, 0", day, month, err)
	}
}

func TestRecordRunAddsItsCostToTheProjectSpend(t *testing.T) {
	s := openTestStore(t, Options{})
	// The run starts before midnight UTC and ends after it: it counts on the day it ends.
	start := time.Date(2026, 4, 30, 23, 59, 0, 0, time.UTC)
	sess := Session{ChannelID: "c1", Project: "p"}
	if err := s.RecordRun(sess, Run{ChannelID: "c1", Start: start, Duration: 2 * time.Minute, CostUSD: 0.4}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordRun(sess, Run{ChannelID: "c1", Start: start.Add(time.Hour), CostUSD: 0.1}); err != nil {
		t.Fatal(err)
	}
	// A session with no project records its run but no spend.
	if err := s.RecordRun(Session{ChannelID: "c2"}, Run{ChannelID: "c2", Start: start, CostUSD: 9}); err != nil {
		t.Fatal(err)
	}
	may1 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	if day, month, err := s.Spend("p", may1); err != nil || math.Abs(day-0.5) > 1e-9 || math.Abs(month-0.5) > 1e-9 {
		t.Errorf("Spend(p, 1 May) = %v, %v, %v; want 0.5, 0.5", day, month, err)
	}
	if day, month, err := s.Spend("p", start); err != nil || day != 0 || month != 0 {
		t.Errorf("Spend(p, 30 Apr) = %v, %v, %v; want 0, 0", day, month, err)
	}
	// A refused run adds no spend either.
	if err := s.RecordRun(sess, Run{Start: may1, CostUSD: 5}); err == nil {
		t.Fatal("RecordRun with an empty run channel id succeeded")
	}
	if day, _, _ := s.Spend("p", may1); math.Abs(day-0.5) > 1e-9 {
		t.Errorf("day spend after a refused run = %v, want 0.5", day)
	}
}
