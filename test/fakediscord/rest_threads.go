package fakediscord

import "net/http"

// Discord error codes of the thread routes.
const (
	codeWrongChannelType = 50024
	codeArchivedThread   = 50083
)

func errWrongChannelType() *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeWrongChannelType,
		message: "Cannot execute action on this channel type"}
}

func errArchivedThread() *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeArchivedThread,
		message: "Operation cannot be performed on an archived thread"}
}

// joinThread serves PUT /channels/{channel}/thread-members/@me (204; joining twice changes nothing).
func (s *Server) joinThread(r *request) reply { return s.threadMembership(r, true) }

// leaveThread serves DELETE /channels/{channel}/thread-members/@me (204; leaving twice changes nothing).
func (s *Server) leaveThread(r *request) reply { return s.threadMembership(r, false) }

// threadMembership adds or removes the bot as a member of a thread that is not archived, and
// dispatches THREAD_MEMBERS_UPDATE when that changed its membership.
func (s *Server) threadMembership(r *request, join bool) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[r.params["channel"]]
	switch {
	case !found:
		return fail(errUnknownChannel())
	case c.thread == nil:
		return fail(errWrongChannelType())
	case c.thread.archived:
		return fail(errArchivedThread())
	}
	t, bot := c.thread, s.opts.BotID
	i := t.memberIndex(bot)
	d := map[string]any{"id": c.id, "guild_id": c.guildID}
	switch {
	case join && i < 0:
		t.members = append(t.members, threadMember{userID: bot, joined: r.now})
		d["added_members"] = []any{map[string]any{
			"id": c.id, "user_id": bot, "join_timestamp": stamp(r.now), "flags": 0,
			"member": s.memberWire(s.authorLocked(bot), true),
		}}
	case !join && i >= 0:
		t.members = append(t.members[:i], t.members[i+1:]...)
		d["removed_member_ids"] = []string{bot}
	default:
		return noContent()
	}
	d["member_count"] = min(len(t.members), threadCountCeiling)
	s.threadEventLocked("THREAD_MEMBERS_UPDATE", d)
	return noContent()
}
