package fakeclock_test

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/discord-coordinator/coordinator/test/fakeclock"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestClockMovesOnlyWhenAdvanced(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clk := fakeclock.New(start)
	if got := clk.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want the start %v", got, start)
	}
	clk.Advance(3 * time.Second)
	clk.Advance(-time.Second)
	if got, want := clk.Now(), start.Add(2*time.Second); !got.Equal(want) {
		t.Errorf("Now after +3s -1s = %v, want %v", got, want)
	}
}

func TestClockConcurrentAdvance(t *testing.T) {
	clk := fakeclock.New(time.Time{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				clk.Advance(time.Millisecond)
				_ = clk.Now()
			}
		})
	}
	wg.Wait()
	if got, want := clk.Now(), (time.Time{}).Add(800*time.Millisecond); !got.Equal(want) {
		t.Errorf("Now after 800 concurrent 1ms advances = %v, want %v", got, want)
	}
}
