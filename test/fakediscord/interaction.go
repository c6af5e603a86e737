package fakediscord

import (
	"encoding/json"
	"slices"
	"sort"
	"time"
)

// interaction is the server's state for one INTERACTION_CREATE.
type interaction struct {
	Interaction
	author    Author
	acked     bool
	original  *Message            // the response message (types 4, 5) or the clicked message (6, 7)
	followups map[string]*Message // by id
	responses []Response
}

// Interaction response (callback) types.
const (
	cbMessage        = 4
	cbDeferred       = 5
	cbDeferredUpdate = 6
	cbUpdate         = 7
	cbAutocomplete   = 8
	cbModal          = 9
)

// newInteractionLocked registers an interaction by a in channel c.
func (s *Server) newInteractionLocked(c *channel, a Author, typ int, now time.Time) *interaction {
	in := &interaction{
		Interaction: Interaction{
			ID: s.ids.next(now), Token: "aW50ZXJhY3Rpb24." + randomHex(32), Type: typ,
			ChannelID: c.id, GuildID: c.guildID, UserID: a.ID, Time: now,
		},
		author:    a,
		followups: map[string]*Message{},
	}
	s.interactions[in.ID] = in
	s.byToken[in.Token] = in
	return in
}

// userInteractionLocked registers an interaction of type typ by a in a channel (created if unknown).
func (s *Server) userInteractionLocked(channelID string, a Author, typ int, now time.Time) (*interaction, *channel) {
	a = s.rememberLocked(a)
	c := s.channelOrCreateLocked(channelID)
	return s.newInteractionLocked(c, a, typ, now), c
}

// dispatchInteractionLocked sends INTERACTION_CREATE for in to every session.
func (s *Server) dispatchInteractionLocked(in *interaction, c *channel, data map[string]any, msg *Message) {
	d := s.interactionWire(in, c, data, msg)
	s.dispatchLocked("INTERACTION_CREATE", func(*session) (any, bool) { return d, true })
}

// interactionWire is the INTERACTION_CREATE payload.
func (s *Server) interactionWire(in *interaction, c *channel, data map[string]any, msg *Message) map[string]any {
	w := map[string]any{
		"id": in.ID, "application_id": s.opts.AppID, "type": in.Type, "data": data, "channel_id": c.id,
		"token": in.Token, "version": 1, "app_permissions": appPermissions, "locale": "en-US",
		"entitlements": []any{}, "attachment_size_limit": maxFileSize,
	}
	if c.guildID != "" {
		member := s.memberWire(in.author, true)
		member["permissions"] = memberPermissions
		w["guild_id"] = c.guildID
		w["guild_locale"] = "en-US"
		w["guild"] = map[string]any{"id": c.guildID, "locale": "en-US", "features": []any{}}
		w["member"] = member
		w["channel"] = map[string]any{"id": c.id, "type": 0, "guild_id": c.guildID, "name": c.name,
			"permissions": memberPermissions, "nsfw": false, "flags": 0}
		if c.thread != nil { // the thread itself: type 11/12, parent_id, thread_metadata
			ch := s.threadWire(c)
			ch["permissions"] = memberPermissions
			w["channel"] = ch
		}
		w["authorizing_integration_owners"] = map[string]any{"0": c.guildID}
		w["context"] = 0
	} else {
		w["user"] = userWire(in.author)
		w["channel"] = map[string]any{"id": c.id, "type": 1, "flags": 0}
		w["authorizing_integration_owners"] = map[string]any{"0": s.opts.GuildID}
		w["context"] = 1
	}
	if msg != nil {
		w["message"] = s.messageWire(msg, false, false)
	}
	return w
}

// commandOptions builds the options array from name -> value, sorted by name. The option type comes
// from the registered command when it declares that option, else from the Go type (string 3,
// integer 4, bool 5, float 10).
func commandOptions(registered map[string]any, options map[string]any) []any {
	declared := map[string]float64{}
	if registered != nil {
		if list, isList := registered["options"].([]any); isList {
			for _, o := range list {
				if op, isObj := o.(map[string]any); isObj {
					name, _ := op["name"].(string)
					typ, _ := op["type"].(float64)
					declared[name] = typ
				}
			}
		}
	}
	names := make([]string, 0, len(options))
	for n := range options {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]any, 0, len(names))
	for _, n := range names {
		v := options[n]
		typ := int(declared[n])
		if typ == 0 {
			switch v.(type) {
			case bool:
				typ = 5
			case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
				typ = 4
			case float32, float64:
				typ = 10
			default:
				typ = 3
			}
		}
		out = append(out, map[string]any{"name": n, "type": typ, "value": v})
	}
	return out
}

// registeredCommandLocked finds a chat-input command by name, guild first, then global.
func (s *Server) registeredCommandLocked(guildID, name string) (map[string]any, string) {
	for _, scope := range []string{guildID, ""} {
		for _, c := range s.commands[scope] {
			if c["name"] == name && commandType(c) == 1 {
				return c, scope
			}
		}
	}
	return nil, ""
}

// record appends a response record to in and returns rep.
func (s *Server) recordResponseLocked(in *interaction, resp Response, rep reply) reply {
	resp.Status = rep.status
	if rep.status >= 300 {
		if b, isMap := rep.body.(map[string]any); isMap {
			resp.Code, _ = b["code"].(int)
		}
	}
	in.responses = append(in.responses, resp)
	s.notifyLocked()
	return rep
}

// describe fills a response record from the message it created or edited.
func describe(resp *Response, m *Message) {
	if m == nil {
		return
	}
	resp.Content, resp.Flags, resp.MessageID = m.Content, m.Flags, m.ID
	resp.Components = slices.Clone(m.Components)
}

// callbackBody is the interaction callback payload.
type callbackBody struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data"`
}
