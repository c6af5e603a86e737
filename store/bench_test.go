package store

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkPutSession measures one durable session write (one bbolt write transaction and fsync),
// spread over 100 channels.
func BenchmarkPutSession(b *testing.B) {
	s := openTestStore(b, Options{})
	sess := fullSession("")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		sess.ChannelID = fmt.Sprint(100000 + i%100)
		sess.Turns = i
		if err := s.PutSession(sess); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendRun measures one run-log append on a channel whose log is already full, so each
// append also trims the oldest run.
func BenchmarkAppendRun(b *testing.B) {
	const max = 1000
	s := openTestStore(b, Options{MaxRunsPerChannel: max})
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	run := Run{ChannelID: "c1", MessageID: "m", UserID: "u", SessionID: "s", Duration: time.Second, Outcome: "ok", CostUSD: 0.01, Turns: 1}
	for i := range max {
		run.Start = t0.Add(time.Duration(i) * time.Millisecond)
		if err := s.AppendRun(run); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		run.Start = t0.Add(time.Duration(max+i) * time.Millisecond)
		if err := s.AppendRun(run); err != nil {
			b.Fatal(err)
		}
	}
}
