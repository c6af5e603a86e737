package fakediscord

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
)

// session is a gateway session: its sequence, its dispatch log for RESUME and the connection it is on
// (nil while the client is away; dispatches are then only logged and replayed on RESUME).
type session struct {
	id      string
	intents uint64
	shard   []int
	seq     int64
	log     []logged
	conn    *conn
}

// logged is one dispatch sent (or queued) on a session.
type logged struct {
	seq   int64
	frame []byte
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// tokenOK accepts the gateway token with or without the "Bot " prefix, as Discord does.
func (s *Server) tokenOK(token string) bool {
	return strings.TrimPrefix(token, "Bot ") == s.opts.Token
}

// identifyLocked serves op 2: check token and intents, start a session, send READY and GUILD_CREATE.
func (s *Server) identifyLocked(c *conn, raw json.RawMessage) {
	var d struct {
		Token   string  `json:"token"`
		Intents *uint64 `json:"intents"`
		Shard   []int   `json:"shard"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		s.closeConn(c, 4002)
		return
	}
	switch {
	case c.session != nil:
		s.closeConn(c, 4005)
		return
	case !s.tokenOK(d.Token):
		s.closeConn(c, 4004)
		return
	case d.Intents == nil || *d.Intents&^knownIntents != 0:
		s.closeConn(c, 4013)
		return
	case s.opts.DenyMessageContent && *d.Intents&intentMessageContent != 0:
		s.closeConn(c, 4014)
		return
	}
	sess := &session{id: randomHex(16), intents: *d.Intents, shard: d.Shard, conn: c}
	s.sessions[sess.id] = sess
	c.session = sess
	s.identifies++

	ready := map[string]any{
		"v": 9, "user": userWire(s.authorLocked(s.opts.BotID)), "session_id": sess.id, "session_type": "normal",
		"resume_gateway_url": s.GatewayURL(), "guilds": []any{map[string]any{"id": s.opts.GuildID, "unavailable": true}},
		"private_channels": []any{}, "relationships": []any{}, "presences": []any{}, "guild_join_requests": []any{},
		"user_settings": map[string]any{}, "auth": map[string]any{},
		"geo_ordered_rtc_regions": []string{"fake"}, "_trace": []string{`["fakediscord",{"micros":0}]`},
		"application": map[string]any{"id": s.opts.AppID, "flags": 0},
	}
	if len(d.Shard) == 2 {
		ready["shard"] = d.Shard
	}
	s.sendLocked(sess, "READY", ready)
	if sess.intents&intentGuilds != 0 {
		s.sendLocked(sess, "GUILD_CREATE", s.guildWire(true))
	}
	s.notifyLocked()
}

// resumeLocked serves op 6: replay what the session missed after seq, then RESUMED.
func (s *Server) resumeLocked(c *conn, raw json.RawMessage) {
	var d struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		s.closeConn(c, 4002)
		return
	}
	if !s.tokenOK(d.Token) {
		s.closeConn(c, 4004)
		return
	}
	sess, ok := s.sessions[d.SessionID]
	if !ok {
		c.send(outFrame{data: frame(opInvalidSession, "", false, 0)})
		return
	}
	if d.Seq > sess.seq {
		delete(s.sessions, sess.id)
		s.closeConn(c, 4007)
		return
	}
	if old := sess.conn; old != nil && old != c {
		old.session = nil
		old.drop()
	}
	for _, l := range sess.log {
		if l.seq > d.Seq {
			c.send(outFrame{data: l.frame})
		}
	}
	sess.conn = c
	c.session = sess
	s.resumes++
	s.sendLocked(sess, "RESUMED", map[string]any{"_trace": []string{`["fakediscord",{"micros":0}]`}})
	s.notifyLocked()
}

// sendLocked logs a dispatch on sess with the next seq and sends it if the client is connected.
func (s *Server) sendLocked(sess *session, t string, d any) {
	sess.seq++
	f := frame(opDispatch, t, d, sess.seq)
	sess.log = append(sess.log, logged{seq: sess.seq, frame: f})
	if sess.conn != nil {
		sess.conn.send(outFrame{data: f})
	}
}

// dispatchLocked sends event t to every session; payload builds each session's d, or reports false
// when the session's intents exclude it. With no session at all the event is dropped.
func (s *Server) dispatchLocked(t string, payload func(*session) (any, bool)) {
	for _, sess := range s.sessions {
		if d, ok := payload(sess); ok {
			s.sendLocked(sess, t, d)
		}
	}
	s.notifyLocked()
}

// messageEventLocked dispatches MESSAGE_CREATE or MESSAGE_UPDATE for m to sessions with the
// GUILD_MESSAGES (or DIRECT_MESSAGES) intent. Without MESSAGE_CONTENT a session gets empty content,
// embeds, attachments and components, unless the message is a DM, mentions the bot or is the bot's own.
func (s *Server) messageEventLocked(t string, m *Message) {
	need := uint64(intentGuildMessages)
	if m.GuildID == "" {
		need = intentDirectMessages
	}
	full := s.messageWire(m, true, false)
	visible := m.GuildID == "" || m.AuthorID == s.opts.BotID || slices.Contains(m.Mentions, s.opts.BotID)
	s.dispatchLocked(t, func(sess *session) (any, bool) {
		if sess.intents&need == 0 {
			return nil, false
		}
		if visible || sess.intents&intentMessageContent != 0 {
			return full, true
		}
		stripped := make(map[string]any, len(full))
		for k, v := range full {
			stripped[k] = v
		}
		stripped["content"] = ""
		stripped["embeds"] = []any{}
		stripped["attachments"] = []any{}
		stripped["components"] = []any{}
		return stripped, true
	})
}
