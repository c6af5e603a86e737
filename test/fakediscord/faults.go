package fakediscord

import (
	"strings"
	"time"
)

// fault answers the next n matching REST requests with an error instead of handling them.
type fault struct {
	method, prefix string
	left           int
	retryAfter     time.Duration // > 0: a 429
	err            *apiError
}

// normPrefix makes a path prefix relative to /api/v9 with one leading slash.
func normPrefix(p string) string {
	p = strings.TrimPrefix(p, apiPrefix)
	return "/" + strings.TrimLeft(p, "/")
}

// RateLimit makes the next n REST requests with method ("" for any) whose path starts with pathPrefix
// (relative to /api/v9, e.g. "/channels/123/messages"; the /api/v9 prefix is accepted too) answer
// 429 with Retry-After (whole seconds, rounded up: arikawa parses integers only), X-RateLimit-* headers
// and Discord's JSON body.
func (s *Server) RateLimit(method, pathPrefix string, n int, retryAfter time.Duration) {
	if retryAfter <= 0 {
		retryAfter = time.Second
	}
	s.addFault(&fault{method: method, prefix: normPrefix(pathPrefix), left: n, retryAfter: retryAfter})
}

// Fail makes the next n matching REST requests (as for RateLimit) answer status with a Discord JSON
// error {"code": code, "message": message}, e.g. Fail("POST", "/channels/1/messages", 1, 403, 50013,
// "Missing Permissions") or a 500 (which arikawa retries).
func (s *Server) Fail(method, pathPrefix string, n, status, code int, message string) {
	s.addFault(&fault{method: method, prefix: normPrefix(pathPrefix), left: n,
		err: &apiError{status: status, code: code, message: message}})
}

func (s *Server) addFault(f *fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// takeFault consumes the first fault matching the request, if any, and returns its reply.
func (s *Server) takeFault(method, relPath, escaped string) (reply, bool) {
	rel := "/" + strings.TrimPrefix(strings.TrimPrefix(escaped, apiPrefix), "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.method != "" && !strings.EqualFold(f.method, method) {
			continue
		}
		if !strings.HasPrefix(relPath, f.prefix) && !strings.HasPrefix(rel, f.prefix) {
			continue
		}
		f.left--
		if f.left <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		if f.err != nil {
			return fail(f.err), true
		}
		return s.rateLimited(f.retryAfter), true
	}
	return reply{}, false
}

// rateLimited is the 429 of a RateLimit fault.
func (s *Server) rateLimited(d time.Duration) reply {
	return tooManyRequests(limitHeaders(5, 0, s.now(), d, "fakediscord"), d)
}

// DropConnections closes every gateway websocket abruptly (no close frame): clients see an abnormal
// closure and should RESUME; sessions are kept and queue their dispatches meanwhile.
func (s *Server) DropConnections() {
	for _, c := range s.connList() {
		c.drop()
	}
}

// InvalidateSessions sends op 9 (d: false) on every connection and forgets every session: clients must
// IDENTIFY anew, and dispatches until then are lost.
func (s *Server) InvalidateSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.send(outFrame{data: frame(9, "", false, 0)})
		c.session = nil
	}
	clear(s.sessions)
	s.notifyLocked()
}

// CloseGateway sends a close frame with code and reason on every connection, then closes it. Codes
// after which Discord does not allow a resume (4004, 4007, 4009, 4010-4014) also forget the sessions.
func (s *Server) CloseGateway(code int, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if sess := c.session; sess != nil && !resumableClose(code) {
			delete(s.sessions, sess.id)
		}
		c.send(outFrame{closeCode: code, closeText: reason})
	}
	s.notifyLocked()
}

// resumableClose reports whether a session survives a server close with code.
func resumableClose(code int) bool {
	switch code {
	case 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014:
		return false
	}
	return true
}

// connList snapshots the open connections.
func (s *Server) connList() []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}
