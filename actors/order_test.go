package actors_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// 50 messages from 5 concurrent senders in one channel: runs never overlap and run in the
// order the channel received them.
func TestOneChannelRunsInArrivalOrderWithoutOverlap(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", func(o *actors.Options, _ *claudeOptions) { o.QueueLimit = 100 })
	var (
		mu  sync.Mutex
		ids []string
		wg  sync.WaitGroup
	)
	for s := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				id := h.send("c1", fmt.Sprintf("sender%d-msg%d fake:sleep=2ms", s, i))
				mu.Lock()
				ids = append(ids, id)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	all := h.collect(ids)

	// Arrival order: the order of each message's first outcome (Queued or Started), which the
	// channel actor emits when it accepts the message.
	var arrival []string
	seen := map[string]bool{}
	text := map[string]string{}
	for _, o := range all {
		if !seen[o.MessageID] {
			seen[o.MessageID] = true
			arrival = append(arrival, o.MessageID)
		}
		if o.Kind == actors.Answered {
			text[o.MessageID] = o.Text
		} else if isFinal(o.Kind) {
			t.Fatalf("message %s: %s %s", o.MessageID, o.Kind, o.Text)
		}
	}
	if len(text) != 50 {
		t.Fatalf("got %d answers, want 50", len(text))
	}

	inv := h.invocations()
	if len(inv) != 50 {
		t.Fatalf("fake CLI ran %d times, want 50", len(inv))
	}
	sort.Slice(inv, func(i, j int) bool { return inv[i].Start.Before(inv[j].Start) })
	for i := 1; i < len(inv); i++ {
		if inv[i].Start.Before(inv[i-1].End) {
			t.Errorf("run %d (%q) started at %s before run %d (%q) ended at %s",
				i, inv[i].Prompt(), inv[i].Start, i-1, inv[i-1].Prompt(), inv[i-1].End)
		}
	}
	for i, id := range arrival {
		want := "echo: " + inv[i].Prompt()
		if text[id] != want {
			t.Fatalf("run %d answered %q for message %s, which arrived %d-th with answer %q", i, want, id, i, text[id])
		}
	}
}

// Two channels run in parallel: their runs overlap in time.
func TestTwoChannelsRunInParallel(t *testing.T) {
	h := newHarness(t, []string{"c1", "c2"}, "")
	a := h.send("c1", "first fake:sleep=400ms")
	b := h.send("c2", "second fake:sleep=400ms")
	h.collect([]string{a, b})
	inv := h.invocations()
	if len(inv) != 2 {
		t.Fatalf("fake CLI ran %d times, want 2", len(inv))
	}
	if !(inv[0].Start.Before(inv[1].End) && inv[1].Start.Before(inv[0].End)) {
		t.Fatalf("runs did not overlap: [%s, %s] and [%s, %s]", inv[0].Start, inv[0].End, inv[1].Start, inv[1].End)
	}
}

// 20 channels with max_concurrent 3: never more than 3 CLI processes at once, and a channel with
// one message finishes before a busy channel's tenth.
func TestGlobalLimitIsFair(t *testing.T) {
	channels := make([]string, 20)
	for i := range channels {
		channels[i] = fmt.Sprintf("c%02d", i)
	}
	h := newHarness(t, channels, "", func(o *actors.Options, _ *claudeOptions) { o.MaxConcurrent = 3 })
	var ids []string
	for i := range 10 {
		ids = append(ids, h.send("c00", fmt.Sprintf("busy-%d fake:sleep=50ms", i)))
	}
	single := map[string]bool{}
	for _, ch := range channels[1:] {
		id := h.send(ch, "single fake:sleep=50ms")
		single[id] = true
		ids = append(ids, id)
	}
	busyTenth := ids[9]
	all := h.collect(ids)

	var finals []string
	for _, o := range all {
		if isFinal(o.Kind) {
			if o.Kind != actors.Answered {
				t.Fatalf("message %s: %s %s", o.MessageID, o.Kind, o.Text)
			}
			finals = append(finals, o.MessageID)
		}
	}
	pos := map[string]int{}
	for i, id := range finals {
		pos[id] = i
	}
	for id := range single {
		if pos[id] > pos[busyTenth] {
			t.Errorf("single message %s finished at %d, after the busy channel's tenth (%d)", id, pos[id], pos[busyTenth])
		}
	}
	if got := maxOverlap(h.invocations()); got > 3 {
		t.Fatalf("%d CLI processes ran at once, limit 3", got)
	} else if got < 2 {
		t.Fatalf("at most %d CLI process ran at once: the limit of 3 was never used", got)
	}
}

// maxOverlap is the largest number of invocations alive at one time.
func maxOverlap(inv []fakecli.Invocation) int {
	type edge struct {
		t     time.Time
		delta int
	}
	var edges []edge
	for _, i := range inv {
		edges = append(edges, edge{i.Start, +1}, edge{i.End, -1})
	}
	sort.Slice(edges, func(a, b int) bool {
		if edges[a].t.Equal(edges[b].t) {
			return edges[a].delta < edges[b].delta // an end before a start at the same instant
		}
		return edges[a].t.Before(edges[b].t)
	})
	n, max := 0, 0
	for _, e := range edges {
		n += e.delta
		if n > max {
			max = n
		}
	}
	return max
}
