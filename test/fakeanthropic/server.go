package fakeanthropic

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// ErrClosed is returned by WaitRequests once the server is closed.
var ErrClosed = errors.New("fakeanthropic: server closed")

// shutdownTimeout bounds how long Close waits for handlers before it drops connections.
const shutdownTimeout = 5 * time.Second

// Server is a fake Anthropic Messages API. All methods are safe for concurrent use.
type Server struct {
	ln      net.Listener
	http    *http.Server
	served  chan struct{} // closed when http.Serve returns
	closing chan struct{} // closed by Close: releases stalled and delayed handlers
	once    sync.Once

	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced on every new record
	seq     int           // numbers ids of messages and requests
	delay   time.Duration
	queue   []fault
	reqs    []Request
}

// New starts a server on 127.0.0.1 on a free port.
func New() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakeanthropic: listen: %w", err)
	}
	s := &Server{
		ln:      ln,
		served:  make(chan struct{}),
		closing: make(chan struct{}),
		changed: make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/messages", s.messages)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "", "Not found: "+r.URL.Path)
	})
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { // owned by Close, which waits for served
		defer close(s.served)
		_ = s.http.Serve(ln)
	}()
	return s, nil
}

// URL returns the base URL, http://127.0.0.1:PORT, without a trailing slash.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Close stops the server: it releases held handlers, waits for them and closes all connections.
// It is idempotent.
func (s *Server) Close() {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.changed)
		s.mu.Unlock()
		close(s.closing)
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if err := s.http.Shutdown(ctx); err != nil {
			_ = s.http.Close()
		}
		<-s.served
	})
}

// hold waits for d, or until the client leaves or the server closes; it reports whether the
// full time passed.
func (s *Server) hold(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closing:
	}
	return false
}

// stall blocks until the client leaves or the server closes.
func (s *Server) stall(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-s.closing:
	}
}
