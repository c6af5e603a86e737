package gateway

import (
	"sync"
	"time"
)

// userRate limits how many mentions one user may send within a window, so that one person cannot
// monopolise the bot. Memory is bounded: at most maxUsers users are tracked.
type userRate struct {
	limit    int // 0: no limit
	window   time.Duration
	maxUsers int
	now      func() time.Time

	mu       sync.Mutex
	seen     map[string][]time.Time // user -> accepted mention times within the window
	notified map[string]time.Time   // user -> when they were last told they are limited
}

const defaultRateMaxUsers = 4096

func newUserRate(limit int, window time.Duration) *userRate {
	return &userRate{limit: limit, window: window, maxUsers: defaultRateMaxUsers, now: time.Now,
		seen: make(map[string][]time.Time), notified: make(map[string]time.Time)}
}

// allow records a mention by user and reports whether it may run; when it may not, notify says
// whether the user should be told (once per window).
func (r *userRate) allow(user string) (ok, notify bool) {
	if r == nil || r.limit <= 0 {
		return true, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	times := r.seen[user]
	kept := times[:0]
	for _, t := range times {
		if now.Sub(t) < r.window {
			kept = append(kept, t)
		}
	}
	if len(kept) >= r.limit {
		r.seen[user] = kept
		last, told := r.notified[user]
		if !told || now.Sub(last) >= r.window {
			r.notified[user] = now
			return false, true
		}
		return false, false
	}
	if _, known := r.seen[user]; !known && len(r.seen) >= r.maxUsers {
		r.evict(now)
	}
	r.seen[user] = append(kept, now)
	return true, false
}

// evict forgets users with no mention inside the window, or the whole table when all are recent.
func (r *userRate) evict(now time.Time) {
	for u, times := range r.seen {
		if len(times) == 0 || now.Sub(times[len(times)-1]) >= r.window {
			delete(r.seen, u)
			delete(r.notified, u)
		}
	}
	if len(r.seen) >= r.maxUsers {
		clear(r.seen)
		clear(r.notified)
	}
}
