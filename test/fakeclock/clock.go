// Package fakeclock is a clock that tests move by hand, for code that takes its time from a
// Now func() time.Time field. It is safe for concurrent use.
package fakeclock

import (
	"sync"
	"time"
)

// Clock is a settable clock: Now stays where it is until Advance moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock that reads start.
func New(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time; pass the method value (clk.Now) where a Now func is wanted.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (backward for a negative d).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
