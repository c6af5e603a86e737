package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// 1000 mentions in one channel within about a second: each gets a run (✅) or an explicit refusal
// (🚫), the bot posts only a few notices, memory stays bounded and the daemon goes on.
func TestFloodOfMentions(t *testing.T) {
	d := startDaemon(t, setup{userRate: "50"})
	const n = 1000
	users := []fakediscord.Author{alice, bob}
	ids := make([]string, n)
	for i := range n {
		ids[i] = d.mention(chanA, users[i%2], fmt.Sprintf("flood %d", i)).ID
	}
	ended := func() (ran, refused int) {
		for _, id := range ids {
			r := d.discord.Reactions(chanA, id)
			switch {
			case contains(r, "✅"):
				ran++
			case contains(r, "🚫"):
				refused++
			}
		}
		return ran, refused
	}
	d.until("every mention run or refused", func() bool { ran, refused := ended(); return ran+refused == n })
	ran, refused := ended()
	if runs := len(d.invocations()); runs != ran || ran > 2*50 || ran < 2 {
		t.Errorf("%d runs for %d ✅ (limit 50 per user, 2 users)", runs, ran)
	}
	statuses := 0
	for _, m := range d.discord.BotMessages(chanA) {
		if statusLine.MatchString(m.Content) {
			statuses++
		}
	}
	if statuses != ran {
		t.Errorf("%d status messages for %d runs", statuses, ran)
	}
	if notices := len(d.discord.BotMessages(chanA)) - statuses - ran; notices > 10 {
		t.Errorf("the bot posted %d notices for a flood: it should answer it with reactions", notices)
	}
	t.Logf("flood of %d: %d ran, %d refused, %d bot messages", n, ran, refused, len(d.discord.BotMessages(chanA)))

	peak := peakRSS(t, d.cmd.Process.Pid)
	t.Logf("peak RSS of the daemon (race-enabled build): %d MiB", peak>>20)
	if peak > 1<<30 {
		t.Errorf("peak RSS %d MiB", peak>>20)
	}
	after := d.mention(chanB, admin, "still alive?")
	d.reacted(chanB, after.ID, "✅")
}

// peakRSS reads a process's peak resident set size (VmHWM) in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM")
	return 0
}
