package store

import (
	"testing"
	"time"
)

func TestJournal(t *testing.T) {
	clock := time.Unix(1_800_000_000, 0).UTC()
	s := openTestStore(t, Options{Now: func() time.Time { return clock }})
	add := func(id, ch string, at time.Time) bool {
		t.Helper()
		ok, err := s.JournalAdd(JournalEntry{MessageID: id, ChannelID: ch, Text: "t" + id, Received: at})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !add("1300000000000000105", "c1", clock) || !add("1300000000000000099", "c1", clock) || !add("1300000000000000200", "c2", clock.Add(time.Second)) {
		t.Fatal("a new message was not added")
	}
	if add("1300000000000000105", "c1", clock) {
		t.Fatal("a duplicate message id was added again")
	}
	if err := s.JournalSet("1300000000000000105", JournalStarted); err != nil {
		t.Fatal(err)
	}
	if err := s.JournalSetStatus("1300000000000000105", "1300000000000000106"); err != nil {
		t.Fatal(err)
	}
	if err := s.JournalSetStatus("1300000000000000999", "1300000000000000106"); err != nil {
		t.Fatalf("status of an unknown message: %v", err)
	}
	if e, ok, err := s.JournalGet("1300000000000000105"); err != nil || !ok || e.StatusID != "1300000000000000106" || e.State != JournalStarted {
		t.Fatalf("JournalGet after JournalSetStatus = %+v, %v, %v", e, ok, err)
	}
	open, latest, err := s.JournalSnapshot()
	if err != nil || len(open) != 3 || open[0].MessageID != "1300000000000000099" || open[1].State != JournalStarted || open[2].ChannelID != "c2" {
		t.Fatalf("JournalSnapshot open = %+v, %v", open, err)
	}
	if latest["c1"] != "1300000000000000105" || latest["c2"] != "1300000000000000200" {
		t.Fatalf("JournalSnapshot latest = %v", latest)
	}
	for _, id := range []string{"1300000000000000105", "1300000000000000099", "1300000000000000200"} {
		if err := s.JournalSet(id, JournalDone); err != nil {
			t.Fatal(err)
		}
	}
	if open, latest, _ := s.JournalSnapshot(); len(open) != 0 || latest["c1"] != "1300000000000000105" {
		t.Fatalf("done messages still open: %+v", open)
	}
	clock = clock.Add(48 * time.Hour)
	n, err := s.JournalPrune(clock.Add(-24 * time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("JournalPrune = %d, %v; want 1 (the newest of each channel stays)", n, err)
	}
	if _, ok, _ := s.JournalGet("1300000000000000099"); ok {
		t.Fatal("pruned entry still there")
	}
	if e, ok, _ := s.JournalGet("1300000000000000105"); !ok || e.State != JournalDone {
		t.Fatalf("newest entry of c1: %+v, %v", e, ok)
	}
}
