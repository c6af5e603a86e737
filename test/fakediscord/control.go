package fakediscord

import (
	"fmt"
	"maps"
)

// Post is a user's message for Server.Post.
type Post struct {
	Content     string
	Mentions    []string // user ids added to the mentions array (content tokens <@id> are added anyway)
	ReplyTo     string   // message id in the same channel; the reply pings its author unless NoReplyPing
	NoReplyPing bool
	Attachments []Attachment // Filename and Content; ids, sizes and URLs are filled in
}

// PostMessage posts content as a in a channel: stores it and dispatches MESSAGE_CREATE with the
// member's roles. mentions are user ids for the mentions array; "<@id>" tokens in content count too.
func (s *Server) PostMessage(channelID string, a Author, content string, mentions ...string) Message {
	return s.Post(channelID, a, Post{Content: content, Mentions: mentions})
}

// PostDM posts content as a in the DM channel between a and the bot (no guild_id, no member).
func (s *Server) PostDM(a Author, content string) Message {
	return s.Post(s.DMChannel(a.ID), a, Post{Content: content})
}

// Post posts a user's message. A channel id the server does not know becomes a new guild text
// channel (dispatched as CHANNEL_CREATE), so tests can post where the bot is not configured to listen.
func (s *Server) Post(channelID string, a Author, p Post) Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	a = s.rememberLocked(a)
	c := s.channelOrCreateLocked(channelID)
	m := &Message{
		ID: s.ids.next(now), ChannelID: c.id, GuildID: c.guildID, AuthorID: a.ID, AuthorName: a.Name,
		AuthorBot: a.Bot, Content: p.Content, Time: now,
	}
	if orig, found := s.messages[p.ReplyTo]; found && orig.ChannelID == c.id {
		m.ReplyTo, m.Type = orig.ID, 19
	}
	for _, att := range p.Attachments {
		att.ID = s.ids.next(now)
		att.Size = len(att.Content)
		m.Attachments = append(m.Attachments, att)
	}
	var am *allowedMentions
	if p.NoReplyPing {
		no := false
		am = &allowedMentions{Parse: []string{"users", "roles", "everyone"}, RepliedUser: &no}
	}
	s.applyMentionsLocked(m, am, p.Mentions)
	s.storeLocked(c, m)
	s.messageEventLocked("MESSAGE_CREATE", m)
	return m.clone()
}

// channelOrCreateLocked returns a known channel or creates a guild text channel with that id.
func (s *Server) channelOrCreateLocked(id string) *channel {
	if c, found := s.channels[id]; found {
		return c
	}
	c := s.addChannelLocked(id, fmt.Sprintf("channel-%d", len(s.channelOrder)+1))
	d := s.channelWire(c)
	s.dispatchLocked("CHANNEL_CREATE", func(sess *session) (any, bool) { return d, sess.intents&intentGuilds != 0 })
	return c
}

// Command dispatches INTERACTION_CREATE for a slash command (type 2) by a in a channel (a guild
// channel, or a DM channel from DMChannel). options maps option names to values; their types come
// from the registered command when it declares them. An unregistered name is sent anyway, with a
// fresh command id, as a stale client would.
func (s *Server) Command(channelID string, a Author, name string, options map[string]any) Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	in, c := s.userInteractionLocked(channelID, a, 2, now)
	in.Name = name
	reg, scope := s.registeredCommandLocked(c.guildID, name)
	cmdID, _ := reg["id"].(string)
	if reg == nil {
		cmdID = s.ids.next(now)
	}
	data := map[string]any{"id": cmdID, "name": name, "type": 1}
	if len(options) > 0 {
		data["options"] = commandOptions(reg, maps.Clone(options))
	}
	if scope != "" {
		data["guild_id"] = scope
	}
	s.dispatchInteractionLocked(in, c, data, nil)
	return in.Interaction
}

// Click dispatches INTERACTION_CREATE for a button (type 3, component_type 2) with customID on
// messageID, by a in a channel.
func (s *Server) Click(channelID string, a Author, messageID, customID string) Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	in, c := s.userInteractionLocked(channelID, a, 3, now)
	in.CustomID, in.MessageID = customID, messageID
	data := map[string]any{"custom_id": customID, "component_type": 2}
	s.dispatchInteractionLocked(in, c, data, s.anyMessageLocked(messageID))
	return in.Interaction
}
