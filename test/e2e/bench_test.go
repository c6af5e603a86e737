package e2e

import (
	"fmt"
	"sort"
	"testing"
	"time"
)

// BenchmarkMentions drives the real daemon through the fake Discord: b.N mentions spread over 100
// channels, answered by the instant fake CLI. It reports the sustained rate, the time from posting
// a mention to the bot's first reaction (p50/p99), and the coordinator's added latency per message:
// from posting to the ✅ reaction, minus the fake CLI's own run time.
//
//	go test -run '^$' -bench Mentions -benchtime 500x ./test/e2e
//
// The daemon binary is built with -race for the tests, which slows it; the figures in
// docs/benchmarks.md say which build they come from.
func BenchmarkMentions(b *testing.B) {
	const channels = 100
	d := startDaemon(b, setup{channels: channels, extraYAML: "", env: map[string]string{}})
	type sent struct {
		channel, id string
		at          time.Time
	}
	msgs := make([]sent, 0, b.N)
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		ch := extraChannel(i % channels)
		m := d.mention(ch, alice, fmt.Sprintf("load %d", i))
		msgs = append(msgs, sent{ch, m.ID, time.Now()})
	}
	d.until("every mention answered", func() bool {
		done := 0
		for _, e := range d.discord.ReactionLog() {
			if e.Added && e.Emoji == "✅" {
				done++
			}
		}
		return done >= b.N
	})
	elapsed := time.Since(start)
	b.StopTimer()

	first := map[string]time.Time{}
	final := map[string]time.Time{}
	for _, e := range d.discord.ReactionLog() {
		if !e.Added {
			continue
		}
		if _, ok := first[e.MessageID]; !ok {
			first[e.MessageID] = e.Time
		}
		if e.Emoji == "✅" {
			final[e.MessageID] = e.Time
		}
	}
	runTime := map[string]time.Duration{}
	for _, inv := range d.invocations() {
		runTime[inv.Prompt()] = inv.End.Sub(inv.Start)
	}
	var toReaction, added []time.Duration
	for i, m := range msgs {
		toReaction = append(toReaction, first[m.id].Sub(m.at))
		added = append(added, final[m.id].Sub(m.at)-runTime[fmt.Sprintf("load %d", i)])
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "mentions/s")
	report(b, toReaction, "first-reaction")
	report(b, added, "added")
}

func report(b *testing.B, d []time.Duration, name string) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Milliseconds()), name+"-p50-ms")
	b.ReportMetric(float64(d[len(d)*99/100].Milliseconds()), name+"-p99-ms")
}

// BenchmarkMentionLatency posts one mention at a time and waits for its answer: the unloaded time
// to the first reaction and the coordinator's added latency per message.
//
//	go test -run '^$' -bench MentionLatency -benchtime 100x ./test/e2e
func BenchmarkMentionLatency(b *testing.B) {
	d := startDaemon(b, setup{})
	var toReaction, added []time.Duration
	b.ResetTimer()
	for i := range b.N {
		at := time.Now()
		m := d.mention(chanA, alice, fmt.Sprintf("one %d", i))
		d.reacted(chanA, m.ID, "✅")
		var first, final time.Time
		for _, e := range d.discord.ReactionLog() {
			if e.MessageID != m.ID || !e.Added {
				continue
			}
			if first.IsZero() {
				first = e.Time
			}
			if e.Emoji == "✅" {
				final = e.Time
			}
		}
		inv := d.invocations()
		last := inv[len(inv)-1]
		toReaction = append(toReaction, first.Sub(at))
		added = append(added, final.Sub(at)-last.End.Sub(last.Start))
	}
	b.StopTimer()
	report(b, toReaction, "first-reaction")
	report(b, added, "added")
}
