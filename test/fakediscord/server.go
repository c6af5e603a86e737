package fakediscord

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// ErrClosed is returned by Wait once the server is closed.
var ErrClosed = errors.New("fakediscord: server closed")

// Server is a fake Discord: gateway and REST on one loopback listener, plus a control surface for tests.
// All methods are safe for concurrent use.
type Server struct {
	opts     Options
	started  time.Time
	ln       net.Listener
	http     *http.Server
	served   chan struct{} // closed when http.Serve returns
	upgrader websocket.Upgrader
	wg       sync.WaitGroup

	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced on every change
	ids     snowflakes

	users        map[string]Author
	channels     map[string]*channel
	channelOrder []string            // guild text channels, in order (threads are not listed)
	threadOrder  []string            // threads, oldest first
	dms          map[string]string   // user id -> DM channel id
	messages     map[string]*Message // public messages by id
	ephemeral    map[string]*Message // ephemeral interaction messages by id (in no channel)
	reactions    map[string][]string // message id -> the bot's reactions
	reactionLog  []ReactionEvent
	interactions map[string]*interaction
	byToken      map[string]*interaction
	commands     map[string][]map[string]any // guild id ("" global) -> commands
	commandIDs   map[string]string           // guild id + "/" + name -> id
	edits        map[string][]Edit           // message id -> its edits, oldest first (kept after a delete)
	requests     []Request
	faults       []*fault
	windows      map[string]*window // channel id -> its message bucket (Options.ChannelMessageLimit)
	limited      int                // 429s answered

	sessions   map[string]*session
	conns      map[*conn]struct{}
	identifies int
	resumes    int
}

// channel is a guild text channel, a thread or a DM channel.
type channel struct {
	id, guildID, name string
	recipient         string       // DM only
	thread            *threadState // threads only
	msgs              []*Message
	typing            []time.Time
}

// New starts a server listening on 127.0.0.1 on a free port.
func New(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakediscord: listen: %w", err)
	}
	s := &Server{
		opts:         opts,
		started:      opts.Now().UTC(),
		ln:           ln,
		served:       make(chan struct{}),
		upgrader:     websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		changed:      make(chan struct{}),
		users:        map[string]Author{opts.BotID: {ID: opts.BotID, Name: opts.BotName, Bot: true}},
		channels:     map[string]*channel{},
		dms:          map[string]string{},
		messages:     map[string]*Message{},
		ephemeral:    map[string]*Message{},
		reactions:    map[string][]string{},
		interactions: map[string]*interaction{},
		byToken:      map[string]*interaction{},
		commands:     map[string][]map[string]any{},
		commandIDs:   map[string]string{},
		edits:        map[string][]Edit{},
		windows:      map[string]*window{},
		sessions:     map[string]*session{},
		conns:        map[*conn]struct{}{},
	}
	for i, id := range opts.Channels {
		s.addChannelLocked(id, fmt.Sprintf("channel-%d", i+1))
	}
	s.http = &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.served)
		_ = s.http.Serve(ln) // returns http.ErrServerClosed on Close
	}()
	return s, nil
}

// URL is the REST base, "http://127.0.0.1:PORT"; arikawa appends /api/v9/....
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// GatewayURL is the websocket URL, "ws://127.0.0.1:PORT/gateway"; GET /api/v9/gateway/bot returns it too.
func (s *Server) GatewayURL() string { return "ws://" + s.ln.Addr().String() + "/gateway" }

// Close stops the listener, drops every websocket and waits for the server's goroutines. It is idempotent.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		<-s.served
		s.wg.Wait()
		return
	}
	s.closed = true
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.notifyLocked()
	s.mu.Unlock()

	for _, c := range conns {
		c.drop()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		_ = s.http.Close()
	}
	<-s.served
	s.wg.Wait()
}

// track registers a goroutine that Close waits for; it reports false once the server is closed.
func (s *Server) track() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

// serveHTTP routes the websocket, attachments and the REST API.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/gateway":
		s.serveGateway(w, r)
	case strings.HasPrefix(r.URL.Path, "/attachments/"):
		s.serveAttachment(w, r)
	default:
		s.serveREST(w, r)
	}
}

// now is the server clock in UTC.
func (s *Server) now() time.Time { return s.opts.Now().UTC() }

// notifyLocked wakes every Wait. s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Wait returns nil as soon as cond() is true, re-checking it whenever the server's state changes, or
// an error when ctx ends or the server closes. cond may call the server's query methods.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch, closed := s.changed, s.closed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fakediscord: wait: %w", ctx.Err())
		}
	}
}

// addChannelLocked creates a guild text channel.
func (s *Server) addChannelLocked(id, name string) *channel {
	c := &channel{id: id, guildID: s.opts.GuildID, name: name}
	s.channels[id] = c
	s.channelOrder = append(s.channelOrder, id)
	return c
}

// dmChannelLocked returns the DM channel with userID, creating it on first use.
func (s *Server) dmChannelLocked(userID string) *channel {
	if id, ok := s.dms[userID]; ok {
		return s.channels[id]
	}
	id := s.ids.next(s.now())
	c := &channel{id: id, recipient: userID, name: ""}
	s.channels[id] = c
	s.dms[userID] = id
	return c
}

// DMChannel returns the id of the DM channel between the bot and userID, creating it on first use.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmChannelLocked(userID).id
}
