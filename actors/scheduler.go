package actors

import "sync"

// scheduler hands out the global run slots (claude.max_concurrent) to channels, round-robin.
//
// A channel asks for a slot with request and is queued at most once. When a slot frees up it goes
// to the channel that has waited longest; a channel that still has messages after its run asks
// again and so goes to the back of the line. A channel with one message therefore never waits
// behind another channel's ten.
//
// It is a plain mutex-guarded struct rather than an actor: grants are callbacks, so the channel
// actor receives them as ordinary messages and never blocks on the scheduler.
type scheduler struct {
	mu      sync.Mutex
	free    int
	waiting []string          // channel ids in request order
	grants  map[string]func() // channel id -> grant callback, for the waiting ones
}

func newScheduler(slots int) *scheduler {
	if slots < 1 {
		slots = 1
	}
	return &scheduler{free: slots, grants: make(map[string]func())}
}

// request asks for a slot for channel. It reports true when a slot was free and is now the
// channel's. Otherwise the channel waits in line and grant is called (from a later release, never
// under the lock) once the slot is the channel's. Either way the channel must then call release
// exactly once. A channel already waiting keeps its place and its first grant callback.
func (s *scheduler) request(channel string, grant func()) (granted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.grants[channel]; ok {
		return false
	}
	if s.free > 0 && len(s.waiting) == 0 {
		s.free--
		return true
	}
	s.waiting = append(s.waiting, channel)
	s.grants[channel] = grant
	return false
}

// release returns a slot and grants it to the channel that has waited longest.
func (s *scheduler) release() {
	s.mu.Lock()
	if len(s.waiting) == 0 {
		s.free++
		s.mu.Unlock()
		return
	}
	next := s.waiting[0]
	s.waiting = s.waiting[1:]
	grant := s.grants[next]
	delete(s.grants, next)
	s.mu.Unlock()
	grant()
}

// withdraw removes a waiting channel from the line; it reports whether the channel was waiting.
func (s *scheduler) withdraw(channel string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.grants[channel]; !ok {
		return false
	}
	delete(s.grants, channel)
	for i, id := range s.waiting {
		if id == channel {
			s.waiting = append(s.waiting[:i], s.waiting[i+1:]...)
			break
		}
	}
	return true
}

// waitingCount is the number of channels waiting for a slot.
func (s *scheduler) waitingCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.waiting)
}
