package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// server is an http.Server that serves on its own listener from serve until stop.
type server struct {
	srv  *http.Server
	ln   net.Listener
	name string // what stop's error calls it
	done chan struct{}
}

// serve serves h on ln in a goroutine that stop waits for; name is used in stop's error.
func serve(ln net.Listener, h http.Handler, name string) *server {
	s := &server{
		srv:  &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		ln:   ln,
		name: name,
		done: make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln) // returns http.ErrServerClosed on Shutdown
	}()
	return s
}

func (s *server) addr() string { return s.ln.Addr().String() }

// stop waits for the requests in progress until ctx ends, then closes the connections still
// open; it returns once the serving goroutine has returned.
func (s *server) stop(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = s.srv.Close()
	}
	<-s.done
	if err != nil {
		return fmt.Errorf("stop %s: %w", s.name, err)
	}
	return nil
}
