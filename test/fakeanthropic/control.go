package fakeanthropic

import (
	"context"
	"time"
)

// fault is what the server does to one request instead of answering it.
type fault struct {
	status int  // answer with this status and Anthropic's error JSON
	stall  bool // never answer
}

// FailNext makes the next n requests fail with status (such as 529, 500, 429, 401 or 400) and
// Anthropic's error JSON for it.
func (s *Server) FailNext(n, status int) {
	s.enqueue(n, fault{status: status})
}

// StallNext makes the next n requests get no answer at all until the client goes away or the
// server closes.
func (s *Server) StallNext(n int) {
	s.enqueue(n, fault{stall: true})
}

// SetDelay makes every later answer (normal or failure) wait d first; 0 turns the delay off.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// enqueue appends n copies of f to the fault queue.
func (s *Server) enqueue(n int, f fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.queue = append(s.queue, f)
	}
}

// Requests returns a copy of every recorded request, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.reqs))
	for i, r := range s.reqs {
		out[i] = r.clone()
	}
	return out
}

// RequestCount returns how many requests were recorded.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// WaitRequests waits until at least n requests were recorded. It returns ctx's error when ctx
// ends first, or ErrClosed once the server is closed.
func (s *Server) WaitRequests(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		got, closed, changed := len(s.reqs), s.closed, s.changed
		s.mu.Unlock()
		switch {
		case got >= n:
			return nil
		case closed:
			return ErrClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// admit records r and decides its fate: the fault to apply (nil for a normal answer), the delay
// and the sequence number for its ids.
func (s *Server) admit(r Request) (*fault, time.Duration, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	var f *fault
	if len(s.queue) > 0 {
		next := s.queue[0]
		s.queue = s.queue[1:]
		f = &next
	}
	switch {
	case f == nil:
		r.Status = 200
	case f.stall:
		r.Status = 0
	default:
		r.Status = f.status
	}
	s.reqs = append(s.reqs, r)
	if !s.closed {
		close(s.changed)
		s.changed = make(chan struct{})
	}
	return f, s.delay, s.seq
}
