package actors

import (
	"sync"
	"time"
)

// channelState is what a channel keeps across restarts of its actor. The manager creates it when
// it spawns the channel and the actor's producer captures it, so a restarted actor finds its queue
// where the failed one left it. It is dropped when the channel is passivated (only when it is empty).
type channelState struct {
	id      string
	project *Project // shared by the project's channels

	// Owned by the channel actor's goroutine.
	pending      []*pendingMsg
	waitingSlot  bool // asked the scheduler for a slot and was not granted one yet
	received     int  // inbound messages received, for the passivation handshake
	nextRunID    uint64
	sessionEpoch uint64 // bumped by a reset: a run started before it does not keep its session
	lastActivity time.Time

	// Shared with the manager, which records failures from its supervision callback.
	mu           sync.Mutex
	failures     []time.Time // failures within the restart window
	breakerUntil time.Time
	lastErrorID  string
	holdUntil    time.Time // restart delay: no new run starts before this
}

// pendingMsg is a message waiting in a channel's queue.
type pendingMsg struct {
	Inbound
	enqueued time.Time
}

// breakerPolicy is the supervision part of Options.
type breakerPolicy struct {
	maxRestarts  int
	window       time.Duration
	restartDelay time.Duration
	cooldown     time.Duration
}

// recordFailure notes a failed run at now. It reports whether the failure tripped the breaker:
// more than maxRestarts failures within the window.
func (st *channelState) recordFailure(now time.Time, p breakerPolicy) (tripped bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	kept := st.failures[:0]
	for _, t := range st.failures {
		if now.Sub(t) < p.window {
			kept = append(kept, t)
		}
	}
	st.failures = append(kept, now)
	st.holdUntil = now.Add(p.restartDelay)
	if len(st.failures) > p.maxRestarts {
		st.breakerUntil = now.Add(p.cooldown)
		st.failures = nil
		return true
	}
	return false
}

// breaker reports whether the breaker is open at now, until when, and the last failure's error id.
func (st *channelState) breaker(now time.Time) (open bool, until time.Time, lastErrorID string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return now.Before(st.breakerUntil), st.breakerUntil, st.lastErrorID
}

// setLastError remembers the id of the channel's latest failure.
func (st *channelState) setLastError(id string) {
	st.mu.Lock()
	st.lastErrorID = id
	st.mu.Unlock()
}

// hold returns the end of the restart delay.
func (st *channelState) hold() time.Time {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.holdUntil
}

// troubled reports whether the channel has recent failures or an open breaker: such a channel
// is not passivated, so that its failure history is kept.
func (st *channelState) troubled(now time.Time, window time.Duration) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if now.Before(st.breakerUntil) {
		return true
	}
	for _, t := range st.failures {
		if now.Sub(t) < window {
			return true
		}
	}
	return false
}
