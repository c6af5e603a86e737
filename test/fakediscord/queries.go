package fakediscord

import (
	"maps"
	"slices"
	"time"
)

// Messages returns every message in the channel (users' and the bot's, not deleted ones), oldest first.
func (s *Server) Messages(channelID string) []Message {
	return s.channelMessages(channelID, func(*Message) bool { return true })
}

// BotMessages returns the bot's messages in the channel, oldest first.
func (s *Server) BotMessages(channelID string) []Message {
	return s.channelMessages(channelID, func(m *Message) bool { return m.AuthorID == s.opts.BotID })
}

func (s *Server) channelMessages(channelID string, keep func(*Message) bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[channelID]
	if !found {
		return nil
	}
	var out []Message
	for _, m := range c.msgs {
		if keep(m) {
			out = append(out, m.clone())
		}
	}
	return out
}

// FindMessage returns a message by id: a public one (not deleted) or an ephemeral interaction message.
func (s *Server) FindMessage(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.anyMessageLocked(id)
	if m == nil {
		return Message{}, false
	}
	return m.clone(), true
}

// Reactions returns the bot's current reactions on a message, in the order added.
func (s *Server) Reactions(channelID, messageID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, found := s.messages[messageID]; !found || m.ChannelID != channelID {
		return nil
	}
	return slices.Clone(s.reactions[messageID])
}

// ReactionLog returns every reaction add and remove call the bot made, in order.
func (s *Server) ReactionLog() []ReactionEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reactionLog)
}

// Typing returns the times of the bot's typing calls in the channel.
func (s *Server) Typing(channelID string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, found := s.channels[channelID]; found {
		return slices.Clone(c.typing)
	}
	return nil
}

// Commands returns the registered commands of a guild ("" for global) as Discord returns them.
func (s *Server) Commands(guildID string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(s.commands[guildID]))
	for _, c := range s.commands[guildID] {
		out = append(out, deepCopy(c).(map[string]any))
	}
	return out
}

// deepCopy copies decoded JSON.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := maps.Clone(x)
		for k, e := range m {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := slices.Clone(x)
		for i, e := range l {
			l[i] = deepCopy(e)
		}
		return l
	default:
		return v
	}
}

// InteractionResponses returns the callbacks, @original edits/deletes and follow-ups made for an
// interaction, in order, refused ones included (Status >= 400).
func (s *Server) InteractionResponses(id string) []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, found := s.interactions[id]
	if !found {
		return nil
	}
	out := make([]Response, len(in.responses))
	for i, r := range in.responses {
		r.Components, r.Body = slices.Clone(r.Components), slices.Clone(r.Body)
		out[i] = r
	}
	return out
}

// Edits returns a message's edits, oldest first: every accepted REST edit, interaction update
// (callback 7) and webhook edit (@original or follow-up), including the first edit of a deferred
// response. The creation is not an edit. A deleted message keeps its history.
func (s *Server) Edits(messageID string) []Edit {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.edits[messageID])
	for i := range out {
		out[i].Components, out[i].Embeds = slices.Clone(out[i].Components), slices.Clone(out[i].Embeds)
	}
	return out
}

// RateLimited is the number of 429s answered: by Options.ChannelMessageLimit and by RateLimit faults.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

// Requests returns every REST request answered, in order (Authorization redacted).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Header, r.Body = r.Header.Clone(), slices.Clone(r.Body)
		out[i] = r
	}
	return out
}

// Connections is the number of open gateway websockets.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Sessions is the number of gateway sessions the server keeps (connected or resumable).
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Identifies is the number of accepted IDENTIFYs.
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies
}

// Resumes is the number of accepted RESUMEs.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}
