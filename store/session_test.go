package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fullSession has every field set, so a round trip that loses one fails.
func fullSession(channelID string) Session {
	t0 := time.Date(2025, 3, 4, 5, 6, 7, 8, time.UTC)
	return Session{
		ChannelID: channelID, Project: "demo", ClaudeSessionID: "sess-" + channelID, Model: "claude-sonnet-4-5",
		CreatedAt: t0, LastActive: t0.Add(time.Hour), Turns: 7, TotalCostUSD: 0.125,
		LastUserID: "u1", LastUserName: "alice", LastErrorID: "err-1",
	}
}

func TestSessionRoundTripSurvivesReopen(t *testing.T) {
	s := openTestStore(t, Options{})
	want := fullSession("c1")
	if err := s.PutSession(want); err != nil {
		t.Fatalf("PutSession: %v", err)
	}
	if got, ok, err := s.GetSession("c1"); err != nil || !ok || got != want {
		t.Fatalf("GetSession = %+v, %v, %v; want %+v", got, ok, err, want)
	}

	s = mustReopen(t, s, Options{})
	got, ok, err := s.GetSession("c1")
	if err != nil || !ok {
		t.Fatalf("GetSession after reopen = %v, %v", ok, err)
	}
	if got != want {
		t.Errorf("after reopen got %+v, want %+v", got, want)
	}
}

func TestPutSessionReplaces(t *testing.T) {
	s := openTestStore(t, Options{})
	first := fullSession("c1")
	if err := s.PutSession(first); err != nil {
		t.Fatal(err)
	}
	second := first
	second.ClaudeSessionID, second.Turns, second.Model = "", 8, ""
	if err := s.PutSession(second); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.GetSession("c1")
	if err != nil {
		t.Fatal(err)
	}
	if got != second {
		t.Errorf("got %+v, want the replacement %+v", got, second)
	}
}

func TestGetSessionMissing(t *testing.T) {
	s := openTestStore(t, Options{})
	got, ok, err := s.GetSession("nope")
	if err != nil || ok || got != (Session{}) {
		t.Errorf("GetSession(missing) = %+v, %v, %v; want zero, false, nil", got, ok, err)
	}
}

func TestPutSessionFillsZeroTimesFromClock(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := openTestStore(t, Options{Now: fixedClock(now)})
	set := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name           string
		in             Session
		created, lastA time.Time
	}{
		{"both zero", Session{ChannelID: "a"}, now, now},
		{"created set", Session{ChannelID: "b", CreatedAt: set}, set, now},
		{"both set", Session{ChannelID: "c", CreatedAt: set, LastActive: set}, set, set},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.PutSession(tt.in); err != nil {
				t.Fatal(err)
			}
			got, _, err := s.GetSession(tt.in.ChannelID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.CreatedAt.Equal(tt.created) || !got.LastActive.Equal(tt.lastA) {
				t.Errorf("CreatedAt, LastActive = %v, %v; want %v, %v", got.CreatedAt, got.LastActive, tt.created, tt.lastA)
			}
		})
	}
}

func TestPutSessionRequiresChannelID(t *testing.T) {
	s := openTestStore(t, Options{})
	if err := s.PutSession(Session{Project: "demo"}); err == nil || !strings.Contains(err.Error(), "channel id") {
		t.Errorf("PutSession without channel id = %v, want an error about the channel id", err)
	}
	if all, err := s.ListSessions(); err != nil || len(all) != 0 {
		t.Errorf("ListSessions = %v, %v; want nothing stored", all, err)
	}
}

func TestDeleteSessionKeepsRuns(t *testing.T) {
	s := openTestStore(t, Options{})
	if err := s.PutSession(fullSession("c1")); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendRun(Run{ChannelID: "c1", Outcome: "ok"}); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false} {
		deleted, err := s.DeleteSession("c1")
		if err != nil || deleted != want {
			t.Errorf("DeleteSession call %d = %v, %v; want %v, nil", i+1, deleted, err, want)
		}
	}
	if _, ok, err := s.GetSession("c1"); err != nil || ok {
		t.Errorf("GetSession after delete = %v, %v; want false, nil", ok, err)
	}
	if runs, err := s.ListRuns("c1", 0); err != nil || len(runs) != 1 {
		t.Errorf("ListRuns after DeleteSession = %d runs, %v; want the 1 run kept", len(runs), err)
	}
	s = mustReopen(t, s, Options{})
	if _, ok, err := s.GetSession("c1"); err != nil || ok {
		t.Errorf("deleted session is back after reopen: %v, %v", ok, err)
	}
}

func TestListSessionsOrderedByChannelID(t *testing.T) {
	s := openTestStore(t, Options{})
	if all, err := s.ListSessions(); err != nil || len(all) != 0 {
		t.Fatalf("empty store lists %v, %v", all, err)
	}
	for _, id := range []string{"300", "100", "200", "1000"} {
		if err := s.PutSession(fullSession(id)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ListSessions()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sess := range all {
		ids = append(ids, sess.ChannelID)
		if sess != fullSession(sess.ChannelID) {
			t.Errorf("listed %+v, want %+v", sess, fullSession(sess.ChannelID))
		}
	}
	if want := []string{"100", "1000", "200", "300"}; !slices.Equal(ids, want) {
		t.Errorf("ListSessions order = %v, want byte order %v", ids, want)
	}
}

func TestRecordsWithUnknownFieldsDecode(t *testing.T) {
	s := openTestStore(t, Options{})
	sessJSON := `{"channel_id":"c1","project":"demo","turns":3,"added_later":{"x":[1,2]}}`
	runJSON := `{"channel_id":"c1","outcome":"ok","duration_ns":1500000000,"added_later":true}`
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketSessions).Put([]byte("c1"), []byte(sessJSON)); err != nil {
			return err
		}
		b, err := tx.Bucket(bucketRuns).CreateBucket([]byte("c1"))
		if err != nil {
			return err
		}
		return b.Put(runKey(time.Unix(1, 0), 1), []byte(runJSON))
	})
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.GetSession("c1")
	if err != nil || !ok || got.Project != "demo" || got.Turns != 3 {
		t.Errorf("GetSession = %+v, %v, %v; want project demo, 3 turns", got, ok, err)
	}
	if all, err := s.ListSessions(); err != nil || len(all) != 1 {
		t.Errorf("ListSessions = %v, %v; want the one session", all, err)
	}
	runs, err := s.ListRuns("c1", 0)
	if err != nil || len(runs) != 1 || runs[0].Duration != 1500*time.Millisecond || runs[0].Outcome != "ok" {
		t.Errorf("ListRuns = %+v, %v; want one ok run of 1.5s", runs, err)
	}
}

func TestCorruptRecordGivesError(t *testing.T) {
	s := openTestStore(t, Options{})
	err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSessions).Put([]byte("c1"), []byte("{not json"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.GetSession("c1"); err == nil || !strings.Contains(err.Error(), "c1") {
		t.Errorf("GetSession of a corrupt record = %v, want an error naming the channel", err)
	}
	if _, err := s.ListSessions(); err == nil || !strings.Contains(err.Error(), "c1") {
		t.Errorf("ListSessions with a corrupt record = %v, want an error naming the channel", err)
	}
}
