package fakediscord

import "time"

// Interaction webhook endpoints: /webhooks/{app}/{token}[/messages/{@original|id}]. They need no
// Authorization; the token names the interaction. Before the first callback they answer 404 10015.

// tokenLifetime is how long an interaction token works for webhook calls.
const tokenLifetime = 15 * time.Minute

// webhookLocked finds the acknowledged interaction of a webhook route.
func (s *Server) webhookLocked(r *request) (*interaction, *apiError) {
	in, found := s.byToken[r.params["token"]]
	if r.params["app"] != s.opts.AppID || !found || r.now.Sub(in.Time) > tokenLifetime {
		return nil, errUnknownWebhook()
	}
	if !in.acked {
		return in, errUnknownWebhook()
	}
	return in, nil
}

// withWebhook runs fn for a webhook route, recording the call as a Response of kind.
func (s *Server) withWebhook(r *request, kind string, fn func(*interaction, *messageBody) (*Message, reply)) reply {
	body, payload, perr := readMessageBody(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	in, e := s.webhookLocked(r)
	if in == nil {
		return fail(e)
	}
	resp := Response{Kind: kind, Body: payload, Time: r.now}
	if e == nil {
		e = perr
	}
	if e != nil {
		return s.recordResponseLocked(in, resp, fail(e))
	}
	m, rep := fn(in, body)
	if rep.status < 300 {
		describe(&resp, m)
	}
	return s.recordResponseLocked(in, resp, rep)
}

// getOriginal serves GET /webhooks/{app}/{token}/messages/@original.
func (s *Server) getOriginal(r *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, e := s.webhookLocked(r)
	if e != nil {
		return fail(e)
	}
	if in.original == nil {
		return fail(errUnknownMessage())
	}
	return ok(s.messageWire(in.original, false, false))
}

// editOriginal serves PATCH /webhooks/{app}/{token}/messages/@original.
func (s *Server) editOriginal(r *request) reply {
	return s.withWebhook(r, "edit_original", func(in *interaction, b *messageBody) (*Message, reply) {
		return s.editResponseLocked(in.original, b, r)
	})
}

// deleteOriginal serves DELETE /webhooks/{app}/{token}/messages/@original.
func (s *Server) deleteOriginal(r *request) reply {
	return s.withWebhook(r, "delete_original", func(in *interaction, _ *messageBody) (*Message, reply) {
		m := in.original
		if m == nil {
			return nil, fail(errUnknownMessage())
		}
		s.unpublishLocked(m)
		in.original = nil
		return m, noContent()
	})
}

// followUp serves POST /webhooks/{app}/{token}: a new message (ephemeral with flags 64).
func (s *Server) followUp(r *request) reply {
	return s.withWebhook(r, "followup", func(in *interaction, b *messageBody) (*Message, reply) {
		m, e := s.newResponseMessageLocked(in, b, r.now, true)
		if e != nil {
			return nil, fail(e)
		}
		in.followups[m.ID] = m
		return m, ok(s.messageWire(m, false, false))
	})
}

// editFollowUp serves PATCH /webhooks/{app}/{token}/messages/{message}.
func (s *Server) editFollowUp(r *request) reply {
	return s.withWebhook(r, "edit_followup", func(in *interaction, b *messageBody) (*Message, reply) {
		return s.editResponseLocked(in.messageByID(r.params["message"]), b, r)
	})
}

// deleteFollowUp serves DELETE /webhooks/{app}/{token}/messages/{message}.
func (s *Server) deleteFollowUp(r *request) reply {
	return s.withWebhook(r, "delete_followup", func(in *interaction, _ *messageBody) (*Message, reply) {
		m := in.messageByID(r.params["message"])
		if m == nil {
			return nil, fail(errUnknownMessage())
		}
		s.unpublishLocked(m)
		delete(in.followups, m.ID)
		if in.original == m {
			in.original = nil
		}
		return m, noContent()
	})
}

// messageByID finds a follow-up or the original response of in.
func (in *interaction) messageByID(id string) *Message {
	if m, found := in.followups[id]; found {
		return m
	}
	if in.original != nil && in.original.ID == id {
		return in.original
	}
	return nil
}

// editResponseLocked edits an interaction's message and dispatches MESSAGE_UPDATE if it is public.
func (s *Server) editResponseLocked(m *Message, b *messageBody, r *request) (*Message, reply) {
	if m == nil {
		return nil, fail(errUnknownMessage())
	}
	if e := s.editLocked(m, b, r.now); e != nil {
		return nil, fail(e)
	}
	if _, public := s.messages[m.ID]; public {
		s.messageEventLocked("MESSAGE_UPDATE", m)
	}
	return m, ok(s.messageWire(m, false, false))
}

// unpublishLocked deletes an interaction's message: from its channel if it is public.
func (s *Server) unpublishLocked(m *Message) {
	delete(s.ephemeral, m.ID)
	if _, public := s.messages[m.ID]; public {
		s.removeLocked(s.channels[m.ChannelID], m)
	}
}
