package fakediscord

import (
	"encoding/json"
	"slices"
	"time"
)

// editMessage serves PATCH /channels/{channel}/messages/{message}: only the bot's own messages.
func (s *Server) editMessage(r *request) reply {
	b, _, e := readMessageBody(r)
	if e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, e := s.channelMessageLocked(r)
	if e != nil {
		return fail(e)
	}
	if m.AuthorID != s.opts.BotID {
		return fail(errCannotEditOther())
	}
	if e := s.editLocked(m, b, r.now); e != nil {
		return fail(e)
	}
	s.messageEventLocked("MESSAGE_UPDATE", m)
	return ok(s.messageWire(m, false, false))
}

// editLocked applies an edit payload: fields sent replace the message's (null clears), new files are
// added to the kept attachments. It refuses an edit that leaves the message empty. The first edit of a
// deferred ("loading") interaction response is its real send: mentions ping then, and Message.Edits
// does not count it. Every accepted edit, that one included, is appended to the message's Edits history.
func (s *Server) editLocked(m *Message, b *messageBody, now time.Time) *apiError {
	content := m.Content
	if present(b.Content) {
		c, e := b.content()
		if e != nil {
			return e
		}
		content = c
	}
	if e := validateMessageFields(content, b); e != nil {
		return e
	}
	am, e := parseAllowedMentions(b.AllowedMentions)
	if e != nil {
		return e
	}
	embeds, components, flags := m.Embeds, m.Components, m.Flags
	if present(b.Embeds) {
		embeds = nil
		if arrayLen(b.Embeds) > 0 {
			embeds = slices.Clone(b.Embeds)
		}
	}
	if present(b.Components) {
		components = nil
		if arrayLen(b.Components) > 0 {
			components = slices.Clone(b.Components)
		}
	}
	if present(b.Flags) {
		f, e := b.flags()
		if e != nil {
			return e
		}
		flags = f | m.Flags&flagEphemeral
	}
	atts := m.Attachments
	if present(b.Attachments) {
		var keep []struct {
			ID flexID `json:"id"`
		}
		_ = json.Unmarshal(b.Attachments, &keep)
		kept := map[string]bool{}
		for _, k := range keep {
			kept[string(k.ID)] = true
		}
		atts = nil
		for _, a := range m.Attachments {
			if kept[a.ID] {
				atts = append(atts, a)
			}
		}
	}
	for _, f := range b.files {
		f.ID = s.ids.next(now)
		atts = append(atts, f)
	}
	if content == "" && embeds == nil && len(atts) == 0 && components == nil {
		return errEmptyMessage()
	}
	loading := m.Flags&flagLoading != 0
	m.Content, m.Embeds, m.Components, m.Attachments = content, embeds, components, atts
	m.Flags = flags &^ flagLoading
	if present(b.AllowedMentions) {
		m.AllowedMentions = slices.Clone(b.AllowedMentions)
	} else {
		am, _ = parseAllowedMentions(m.AllowedMentions)
	}
	pinged := m.Pinged
	s.applyMentionsLocked(m, am, nil)
	if !loading {
		m.Pinged = pinged
		m.EditedTime = now
		m.Edits++
	}
	s.edits[m.ID] = append(s.edits[m.ID], Edit{
		At: now, Content: m.Content, Components: slices.Clone(m.Components), Embeds: slices.Clone(m.Embeds),
	})
	s.notifyLocked()
	return nil
}
