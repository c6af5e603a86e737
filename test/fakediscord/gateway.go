package fakediscord

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresence       = 3
	opVoiceState     = 4
	opResume         = 6
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatAck   = 11
)

// maxClientPayload is Discord's limit on a payload sent by a client.
const maxClientPayload = 4096

// serveGateway upgrades to a websocket, says HELLO and serves the client's ops until it goes away.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if !s.track() {
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	if problem := checkGatewayQuery(r.URL.Query()); problem != 0 {
		// Discord accepts the socket, then closes it.
		ws, err := s.upgrader.Upgrade(w, r, nil)
		if err == nil {
			_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(problem, closeReasons[problem]), time.Now().Add(writeTimeout))
			_ = ws.Close()
		}
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade already answered
	}
	ws.SetReadLimit(maxClientPayload)
	c := newConn(ws)

	s.mu.Lock()
	if s.closed { // Close already dropped the connections it knew
		s.mu.Unlock()
		c.drop()
		return
	}
	s.conns[c] = struct{}{}
	c.send(outFrame{data: frame(opHello, "", map[string]any{
		"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds(),
		"_trace":             []string{`["fakediscord",{"micros":0}]`},
	}, 0)})
	s.notifyLocked()
	s.mu.Unlock()

	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		c.writeLoop()
	}()

	closeCode := -1
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				closeCode = ce.Code
			}
			break
		}
		s.handleOp(c, data)
	}
	close(c.done)
	c.drop()
	s.detach(c, closeCode)
}

// checkGatewayQuery returns the close code Discord would use for bad ?v= or ?encoding= values, or 0.
func checkGatewayQuery(q url.Values) int {
	if v := q.Get("v"); v != "" && v != "9" && v != "10" {
		return 4012
	}
	if e := q.Get("encoding"); e != "" && e != "json" {
		return 4002
	}
	return 0
}

// detach forgets a finished connection. A client that closed normally (1000/1001) ends its session,
// as on Discord; any other ending keeps the session for RESUME.
func (s *Server) detach(c *conn, closeCode int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if sess := c.session; sess != nil && sess.conn == c {
		sess.conn = nil
		if closeCode == websocket.CloseNormalClosure || closeCode == websocket.CloseGoingAway {
			delete(s.sessions, sess.id)
		}
	}
	s.notifyLocked()
}

// inbound is a payload from the client.
type inbound struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

// handleOp serves one client payload.
func (s *Server) handleOp(c *conn, data []byte) {
	var in inbound
	if err := json.Unmarshal(data, &in); err != nil {
		s.closeConn(c, 4002)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch in.Op {
	case opHeartbeat:
		c.send(outFrame{data: frame(opHeartbeatAck, "", nil, 0)})
	case opIdentify:
		s.identifyLocked(c, in.D)
	case opResume:
		s.resumeLocked(c, in.D)
	case opPresence, opVoiceState, opRequestMembers:
		if c.session == nil {
			c.send(outFrame{closeCode: 4003, closeText: closeReasons[4003]})
		}
	default:
		c.send(outFrame{closeCode: 4001, closeText: closeReasons[4001]})
	}
}

// closeConn queues a close frame with a Discord close code.
func (s *Server) closeConn(c *conn, code int) {
	c.send(outFrame{closeCode: code, closeText: closeReasons[code]})
}

// closeReasons are Discord's close reasons.
var closeReasons = map[int]string{
	4001: "Unknown opcode.",
	4002: "Error while decoding payload.",
	4003: "Not authenticated.",
	4004: "Authentication failed.",
	4005: "Already authenticated.",
	4007: "Invalid seq.",
	4012: "Invalid API version.",
	4013: "Invalid intent(s).",
	4014: "Disallowed intent(s).",
}
