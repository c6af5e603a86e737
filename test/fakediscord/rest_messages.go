package fakediscord

import (
	"slices"
	"strconv"
	"time"
)

// createMessage serves POST /channels/{channel}/messages (JSON or multipart with files).
func (s *Server) createMessage(r *request) reply {
	b, _, e := readMessageBody(r)
	if e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[r.params["channel"]]
	if !found {
		return fail(errUnknownChannel())
	}
	m, e := s.newBotMessageLocked(c, b, r.now)
	if e != nil {
		return fail(e)
	}
	s.storeLocked(c, m)
	s.messageEventLocked("MESSAGE_CREATE", m)
	return ok(s.messageWire(m, false, false))
}

// newBotMessageLocked validates a create payload and builds the bot's message (not yet stored).
func (s *Server) newBotMessageLocked(c *channel, b *messageBody, now time.Time) (*Message, *apiError) {
	content, e := b.content()
	if e != nil {
		return nil, e
	}
	flags, e := b.flags()
	if e != nil {
		return nil, e
	}
	if e := validateMessageFields(content, b); e != nil {
		return nil, e
	}
	if content == "" && arrayLen(b.Embeds) == 0 && len(b.files) == 0 {
		return nil, errEmptyMessage()
	}
	am, e := parseAllowedMentions(b.AllowedMentions)
	if e != nil {
		return nil, e
	}
	ref, e := b.reference()
	if e != nil {
		return nil, e
	}
	replyTo := ""
	if ref != nil && ref.MessageID != "" {
		if orig, exists := s.messages[string(ref.MessageID)]; exists && orig.ChannelID == c.id {
			replyTo = orig.ID
		} else if ref.FailIfNotExists == nil || *ref.FailIfNotExists {
			return nil, errForm([]string{"message_reference"}, "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
		}
	}
	bot := s.authorLocked(s.opts.BotID)
	m := &Message{
		ID: s.ids.next(now), ChannelID: c.id, GuildID: c.guildID, AuthorID: bot.ID, AuthorName: bot.Name,
		AuthorBot: true, Content: content, ReplyTo: replyTo, Flags: flags, Time: now,
	}
	if replyTo != "" {
		m.Type = 19
	}
	if present(b.AllowedMentions) {
		m.AllowedMentions = slices.Clone(b.AllowedMentions)
	}
	if arrayLen(b.Components) > 0 {
		m.Components = slices.Clone(b.Components)
	}
	if arrayLen(b.Embeds) > 0 {
		m.Embeds = slices.Clone(b.Embeds)
	}
	for _, f := range b.files {
		f.ID = s.ids.next(now)
		m.Attachments = append(m.Attachments, f)
	}
	s.applyMentionsLocked(m, am, nil)
	return m, nil
}

// storeLocked appends m to its channel. In a thread it counts the message and unarchives the thread.
func (s *Server) storeLocked(c *channel, m *Message) {
	c.msgs = append(c.msgs, m)
	s.messages[m.ID] = m
	if c.thread != nil {
		c.thread.sent++
		s.setArchivedLocked(c, false, m.Time)
	}
}

// channelMessageLocked finds a message by channel and id.
func (s *Server) channelMessageLocked(r *request) (*channel, *Message, *apiError) {
	c, found := s.channels[r.params["channel"]]
	if !found {
		return nil, nil, errUnknownChannel()
	}
	m, found := s.messages[r.params["message"]]
	if !found || m.ChannelID != c.id {
		return nil, nil, errUnknownMessage()
	}
	return c, m, nil
}

// getMessage serves GET /channels/{channel}/messages/{message}.
func (s *Server) getMessage(r *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, e := s.channelMessageLocked(r)
	if e != nil {
		return fail(e)
	}
	return ok(s.messageWire(m, false, false))
}

// listMessages serves GET /channels/{channel}/messages?limit=&before=&after=, newest first.
func (s *Server) listMessages(r *request) reply {
	limit := 50
	if v := r.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return fail(errForm([]string{"limit"}, "NUMBER_TYPE_MAX", "int value should be between 1 and 100."))
		}
		limit = n
	}
	before, after := r.query.Get("before"), r.query.Get("after")
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[r.params["channel"]]
	if !found {
		return fail(errUnknownChannel())
	}
	var picked []*Message
	if after != "" && before == "" {
		for _, m := range c.msgs { // the oldest ones after `after`
			if snowflakeLess(after, m.ID) && len(picked) < limit {
				picked = append(picked, m)
			}
		}
		slices.Reverse(picked)
	} else {
		for i := len(c.msgs) - 1; i >= 0 && len(picked) < limit; i-- {
			m := c.msgs[i]
			if (before == "" || snowflakeLess(m.ID, before)) && (after == "" || snowflakeLess(after, m.ID)) {
				picked = append(picked, m)
			}
		}
	}
	out := make([]any, 0, len(picked))
	for _, m := range picked {
		out = append(out, s.messageWire(m, false, false))
	}
	return ok(out)
}

// deleteMessage serves DELETE /channels/{channel}/messages/{message}.
func (s *Server) deleteMessage(r *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, e := s.channelMessageLocked(r)
	if e != nil {
		return fail(e)
	}
	s.removeLocked(c, m)
	return noContent()
}

// removeLocked deletes m from its channel and dispatches MESSAGE_DELETE.
func (s *Server) removeLocked(c *channel, m *Message) {
	c.msgs = slices.DeleteFunc(c.msgs, func(x *Message) bool { return x == m })
	delete(s.messages, m.ID)
	delete(s.reactions, m.ID)
	need := uint64(intentGuildMessages)
	if m.GuildID == "" {
		need = intentDirectMessages
	}
	d := map[string]any{"id": m.ID, "channel_id": m.ChannelID}
	if m.GuildID != "" {
		d["guild_id"] = m.GuildID
	}
	s.dispatchLocked("MESSAGE_DELETE", func(sess *session) (any, bool) { return d, sess.intents&need != 0 })
}

// typing serves POST /channels/{channel}/typing.
func (s *Server) typing(r *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[r.params["channel"]]
	if !found {
		return fail(errUnknownChannel())
	}
	c.typing = append(c.typing, r.now)
	s.notifyLocked()
	return noContent()
}
