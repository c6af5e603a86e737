package fakediscord

import (
	"encoding/json"
	"time"
)

// interactionCallback serves POST /interactions/{interaction}/{token}/callback: the first callback
// within the deadline is accepted (204); a late one gets 404 10062, a second one 400 40060.
func (s *Server) interactionCallback(r *request) reply {
	var body callbackBody
	files, payload, e := readPayload(r.header, r.body, &body)
	s.mu.Lock()
	defer s.mu.Unlock()
	in, found := s.interactions[r.params["interaction"]]
	if !found || in.Token != r.params["token"] {
		return fail(errUnknownInteraction())
	}
	resp := Response{Kind: "callback", Type: body.Type, Body: payload, Time: r.now}
	switch {
	case e != nil:
		return s.recordResponseLocked(in, resp, fail(e))
	case in.acked:
		return s.recordResponseLocked(in, resp, fail(errAlreadyAcknowledged()))
	case r.now.Sub(in.Time) > s.opts.InteractionDeadline:
		return s.recordResponseLocked(in, resp, fail(errUnknownInteraction()))
	}
	var data messageBody
	if !isNull(body.Data) {
		if err := json.Unmarshal(body.Data, &data); err != nil {
			return s.recordResponseLocked(in, resp, fail(errForm([]string{"data"}, "MODEL_TYPE_CONVERT", "Invalid data.")))
		}
	}
	data.files = files
	m, e := s.respondLocked(in, body.Type, &data, r.now)
	if e != nil {
		return s.recordResponseLocked(in, resp, fail(e))
	}
	in.acked = true
	describe(&resp, m)
	return s.recordResponseLocked(in, resp, noContent())
}

// respondLocked applies an accepted callback of type typ and returns the message it made or changed.
func (s *Server) respondLocked(in *interaction, typ int, data *messageBody, now time.Time) (*Message, *apiError) {
	component := in.Type == 3
	switch {
	case typ == cbMessage:
		m, e := s.newResponseMessageLocked(in, data, now, false)
		if e != nil {
			return nil, e
		}
		in.original = m
		return m, nil
	case typ == cbDeferred:
		flags, e := data.flags()
		if e != nil {
			return nil, e
		}
		bot := s.authorLocked(s.opts.BotID)
		m := &Message{
			ID: s.ids.next(now), ChannelID: in.ChannelID, GuildID: in.GuildID, Type: responseType(in),
			AuthorID: bot.ID, AuthorName: bot.Name, AuthorBot: true, Flags: flags&flagEphemeral | flagLoading,
			InteractionID: in.ID, Time: now,
		}
		s.publishLocked(m)
		in.original = m
		return m, nil
	case typ == cbDeferredUpdate && component:
		in.original = s.anyMessageLocked(in.MessageID)
		return in.original, nil
	case typ == cbUpdate && component:
		src := s.anyMessageLocked(in.MessageID)
		if src == nil {
			return nil, errUnknownMessage()
		}
		if e := s.editLocked(src, data, now); e != nil {
			return nil, e
		}
		if _, public := s.messages[src.ID]; public {
			s.messageEventLocked("MESSAGE_UPDATE", src)
		}
		in.original = src
		return src, nil
	case typ == cbModal:
		return nil, nil
	}
	return nil, errForm([]string{"type"}, "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is invalid")
}

// anyMessageLocked finds a public or ephemeral message by id, or nil.
func (s *Server) anyMessageLocked(id string) *Message {
	if m, found := s.messages[id]; found {
		return m
	}
	return s.ephemeral[id]
}

// responseType is the message type of a response: 20 for slash commands, 0 for components.
func responseType(in *interaction) int {
	if in.Type == 2 {
		return 20
	}
	return 0
}

// newResponseMessageLocked validates and publishes a response or follow-up message of in.
// A follow-up (webhook) carries webhook_id.
func (s *Server) newResponseMessageLocked(in *interaction, data *messageBody, now time.Time, webhook bool) (*Message, *apiError) {
	c := s.channels[in.ChannelID]
	data.Reference = nil
	m, e := s.newBotMessageLocked(c, data, now)
	if e != nil {
		return nil, e
	}
	m.Type, m.InteractionID = responseType(in), in.ID
	if webhook {
		m.WebhookID = s.opts.AppID
	}
	s.publishLocked(m)
	return m, nil
}

// publishLocked stores a response message in its channel and dispatches it, unless it is ephemeral
// (only the interaction keeps it).
func (s *Server) publishLocked(m *Message) {
	if m.Flags&flagEphemeral != 0 {
		s.ephemeral[m.ID] = m
		return
	}
	s.storeLocked(s.channels[m.ChannelID], m)
	s.messageEventLocked("MESSAGE_CREATE", m)
}
