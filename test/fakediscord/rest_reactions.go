package fakediscord

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// customEmoji is the name:id (or a:name:id) form of a guild emoji in reaction URLs.
var customEmoji = regexp.MustCompile(`^(a:)?[\w~]{2,32}:\d+$`)

// validEmoji accepts custom emoji and strings that contain a non-ASCII rune (unicode emoji); a bare
// name like "eyes" is what Discord refuses with 10014 Unknown Emoji.
func validEmoji(e string) bool {
	if customEmoji.MatchString(e) {
		return true
	}
	for _, r := range e {
		if r >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// addReaction serves PUT /channels/{channel}/messages/{message}/reactions/{emoji}/@me.
func (s *Server) addReaction(r *request) reply { return s.react(r, true) }

// removeReaction serves DELETE /channels/{channel}/messages/{message}/reactions/{emoji}/@me.
func (s *Server) removeReaction(r *request) reply { return s.react(r, false) }

func (s *Server) react(r *request, add bool) reply {
	emoji := r.params["emoji"]
	if !validEmoji(emoji) {
		return fail(&apiError{status: http.StatusBadRequest, code: codeUnknownEmoji, message: "Unknown Emoji"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, e := s.channelMessageLocked(r)
	if e != nil {
		return fail(e)
	}
	have := slices.Contains(s.reactions[m.ID], emoji)
	switch {
	case add && !have:
		s.reactions[m.ID] = append(s.reactions[m.ID], emoji)
		s.reactionEventLocked("MESSAGE_REACTION_ADD", m, emoji)
	case !add && have:
		s.reactions[m.ID] = slices.DeleteFunc(s.reactions[m.ID], func(x string) bool { return x == emoji })
		s.reactionEventLocked("MESSAGE_REACTION_REMOVE", m, emoji)
	}
	s.reactionLog = append(s.reactionLog, ReactionEvent{
		ChannelID: m.ChannelID, MessageID: m.ID, Emoji: emoji, Added: add, Time: r.now,
	})
	s.notifyLocked()
	return noContent()
}

// reactionEventLocked dispatches the bot's reaction change to sessions with the reactions intent.
func (s *Server) reactionEventLocked(t string, m *Message, emoji string) {
	need := uint64(intentGuildMessageReactions)
	if m.GuildID == "" {
		need = intentDirectMessageReactions
	}
	em := map[string]any{"id": nil, "name": emoji}
	if sub := customEmoji.FindStringSubmatch(emoji); sub != nil {
		name, id := splitCustomEmoji(emoji)
		em = map[string]any{"id": id, "name": name, "animated": sub[1] != ""}
	}
	d := map[string]any{
		"user_id": s.opts.BotID, "channel_id": m.ChannelID, "message_id": m.ID, "emoji": em,
		"burst": false, "type": 0,
	}
	if m.GuildID != "" {
		d["guild_id"] = m.GuildID
		if t == "MESSAGE_REACTION_ADD" {
			d["member"] = s.memberWire(s.authorLocked(s.opts.BotID), true)
			d["message_author_id"] = m.AuthorID
		}
	}
	s.dispatchLocked(t, func(sess *session) (any, bool) { return d, sess.intents&need != 0 })
}

// splitCustomEmoji splits "name:id" or "a:name:id".
func splitCustomEmoji(e string) (name, id string) {
	parts := strings.Split(e, ":")
	return parts[len(parts)-2], parts[len(parts)-1]
}
