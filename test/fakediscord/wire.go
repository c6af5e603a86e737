package fakediscord

import (
	"encoding/json"
	"time"
)

// Discord timestamps: RFC 3339 with microseconds and a numeric zone, e.g. 2024-05-01T10:00:00.000000+00:00.
const timestampLayout = "2006-01-02T15:04:05.000000-07:00"

// permissions the fake grants: @everyone's usual set, and what members and the app get in interactions.
const (
	everyonePermissions = "1071698660929"
	memberPermissions   = "1071698660929"
	appPermissions      = "2248473465835073"
)

// Gateway intents the server honours.
const (
	intentGuilds                 = 1 << 0
	intentGuildMessages          = 1 << 9
	intentGuildMessageReactions  = 1 << 10
	intentDirectMessages         = 1 << 12
	intentDirectMessageReactions = 1 << 13
	intentMessageContent         = 1 << 15
	knownIntents                 = 1<<26 - 1
)

func stamp(t time.Time) string { return t.UTC().Format(timestampLayout) }

// stampOrNil is null for a zero time, as Discord sends for edited_timestamp.
func stampOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return stamp(t)
}

// rawOr returns raw as JSON, or fallback when raw is empty or null.
func rawOr(raw json.RawMessage, fallback string) json.RawMessage {
	if len(raw) == 0 || string(raw) == "null" {
		return json.RawMessage(fallback)
	}
	return raw
}

// authorLocked returns the user with id, or a placeholder if the server never saw it.
func (s *Server) authorLocked(id string) Author {
	if a, ok := s.users[id]; ok {
		return a
	}
	return Author{ID: id, Name: "user-" + id[max(0, len(id)-4):]}
}

// rememberLocked records a user the tests posted as, filling in a default name.
func (s *Server) rememberLocked(a Author) Author {
	if a.Name == "" {
		a.Name = "user-" + a.ID[max(0, len(a.ID)-4):]
	}
	a.Roles = append([]string(nil), a.Roles...)
	s.users[a.ID] = a
	return a
}

// userWire is a Discord user object.
func userWire(a Author) map[string]any {
	u := map[string]any{
		"id": a.ID, "username": a.Name, "discriminator": "0", "global_name": a.Name,
		"avatar": nil, "public_flags": 0,
	}
	if a.Bot {
		u["bot"] = true
	}
	return u
}

// memberWire is a guild member object, with the user when withUser.
func (s *Server) memberWire(a Author, withUser bool) map[string]any {
	roles := a.Roles
	if roles == nil {
		roles = []string{}
	}
	m := map[string]any{
		"roles": roles, "joined_at": stamp(s.started), "deaf": false, "mute": false, "flags": 0,
		"pending": false, "nick": nil, "avatar": nil, "premium_since": nil, "communication_disabled_until": nil,
	}
	if withUser {
		m["user"] = userWire(a)
	}
	return m
}

// channelWire is a channel object: type 0 guild text, type 1 DM or a thread (threadWire).
func (s *Server) channelWire(c *channel) map[string]any {
	if c.thread != nil {
		return s.threadWire(c)
	}
	var last any
	if n := len(c.msgs); n > 0 {
		last = c.msgs[n-1].ID
	}
	if c.recipient != "" {
		return map[string]any{
			"id": c.id, "type": 1, "last_message_id": last, "flags": 0,
			"recipients": []any{userWire(s.authorLocked(c.recipient))},
		}
	}
	pos := 0
	for i, id := range s.channelOrder {
		if id == c.id {
			pos = i
		}
	}
	return map[string]any{
		"id": c.id, "type": 0, "guild_id": c.guildID, "name": c.name, "position": pos,
		"permission_overwrites": []any{}, "nsfw": false, "topic": nil, "last_message_id": last,
		"rate_limit_per_user": 0, "parent_id": nil, "flags": 0,
	}
}

// rolesWire lists @everyone (id = guild id) and the configured roles.
func (s *Server) rolesWire() []any {
	role := func(id, name, perms string, pos int) map[string]any {
		return map[string]any{
			"id": id, "name": name, "permissions": perms, "position": pos, "color": 0, "hoist": false,
			"managed": false, "mentionable": true, "icon": nil, "unicode_emoji": nil, "flags": 0,
		}
	}
	roles := []any{role(s.opts.GuildID, "@everyone", everyonePermissions, 0)}
	for i, id := range s.opts.Roles {
		roles = append(roles, role(id, "role-"+id[max(0, len(id)-4):], "0", i+1))
	}
	return roles
}

// guildWire is the GUILD_CREATE payload (also GET /guilds/{id} without the gateway-only fields).
func (s *Server) guildWire(gateway bool) map[string]any {
	var chans []any
	for _, id := range s.channelOrder {
		chans = append(chans, s.channelWire(s.channels[id]))
	}
	g := map[string]any{
		"id": s.opts.GuildID, "name": "coordinator-test", "icon": nil, "splash": nil, "discovery_splash": nil,
		"owner_id": "1300000000000000002", "afk_channel_id": nil, "afk_timeout": 300,
		"verification_level": 0, "default_message_notifications": 1, "explicit_content_filter": 0,
		"roles": s.rolesWire(), "emojis": []any{}, "features": []any{}, "mfa_level": 0, "application_id": nil,
		"system_channel_id": nil, "system_channel_flags": 0, "rules_channel_id": nil, "max_members": 500000,
		"vanity_url_code": nil, "description": nil, "banner": nil, "premium_tier": 0,
		"premium_subscription_count": 0, "preferred_locale": "en-US", "public_updates_channel_id": nil,
		"nsfw_level": 0, "premium_progress_bar_enabled": false, "stickers": []any{},
	}
	if gateway {
		g["joined_at"] = stamp(s.started)
		g["large"] = false
		g["unavailable"] = false
		g["lazy"] = true
		g["member_count"] = 1
		g["voice_states"] = []any{}
		g["members"] = []any{s.memberWire(s.authorLocked(s.opts.BotID), true)}
		g["channels"] = chans
		g["threads"] = s.activeThreadsWire()
		g["presences"] = []any{}
		g["stage_instances"] = []any{}
		g["guild_scheduled_events"] = []any{}
	}
	return g
}

// attachmentWire is an attachment object; url serves the content from this server.
func (s *Server) attachmentWire(channelID string, a Attachment) map[string]any {
	url := s.URL() + "/attachments/" + channelID + "/" + a.ID + "/" + a.Filename
	w := map[string]any{"id": a.ID, "filename": a.Filename, "size": a.Size, "url": url, "proxy_url": url}
	if a.ContentType != "" {
		w["content_type"] = a.ContentType
	}
	return w
}

// messageWire is a message object as REST returns it; gateway adds member when withMember.
func (s *Server) messageWire(m *Message, withMember bool, nested bool) map[string]any {
	author := s.authorLocked(m.AuthorID)
	mentions := make([]any, 0, len(m.Mentions))
	for _, id := range m.Mentions {
		u := userWire(s.authorLocked(id))
		if m.GuildID != "" && withMember {
			u["member"] = s.memberWire(s.authorLocked(id), false)
		}
		mentions = append(mentions, u)
	}
	roles := m.MentionRoles
	if roles == nil {
		roles = []string{}
	}
	atts := make([]any, 0, len(m.Attachments))
	for _, a := range m.Attachments {
		atts = append(atts, s.attachmentWire(m.ChannelID, a))
	}
	w := map[string]any{
		"id": m.ID, "channel_id": m.ChannelID, "type": m.Type, "content": m.Content,
		"author": userWire(author), "timestamp": stamp(m.Time), "edited_timestamp": stampOrNil(m.EditedTime),
		"tts": false, "mention_everyone": m.MentionEveryone, "mentions": mentions, "mention_roles": roles,
		"attachments": atts, "embeds": rawOr(m.Embeds, "[]"), "components": rawOr(m.Components, "[]"),
		"pinned": false, "flags": m.Flags,
	}
	if m.GuildID != "" {
		w["guild_id"] = m.GuildID
		if withMember && m.WebhookID == "" {
			w["member"] = s.memberWire(author, false)
		}
	}
	if m.ReplyTo != "" {
		ref := map[string]any{"type": 0, "message_id": m.ReplyTo, "channel_id": m.ChannelID}
		if m.GuildID != "" {
			ref["guild_id"] = m.GuildID
		}
		w["message_reference"] = ref
		if !nested {
			if orig, ok := s.messages[m.ReplyTo]; ok {
				w["referenced_message"] = s.messageWire(orig, false, true)
			} else {
				w["referenced_message"] = nil
			}
		}
	}
	if m.WebhookID != "" {
		w["webhook_id"] = m.WebhookID
	}
	if m.InteractionID != "" {
		w["application_id"] = s.opts.AppID
		if in, ok := s.interactions[m.InteractionID]; ok {
			user := userWire(s.authorLocked(in.UserID))
			w["interaction_metadata"] = map[string]any{
				"id": in.ID, "type": in.Type, "user": user,
				"authorizing_integration_owners": map[string]any{"0": s.opts.GuildID},
			}
			if in.Type == 2 {
				w["interaction"] = map[string]any{"id": in.ID, "type": 2, "name": in.Name, "user": user}
			}
		}
	}
	return w
}
