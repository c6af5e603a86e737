package fakediscord

import (
	"fmt"
	"slices"
	"time"
)

// Thread channel types and the auto-archive duration threads get (minutes).
const (
	typePublicThread   = 11
	typePrivateThread  = 12
	threadAutoArchive  = 1440
	threadCountCeiling = 50 // Discord stops counting messages and members at 50
)

// threadState is what makes a channel a thread.
type threadState struct {
	parentID, ownerID string
	private           bool
	archived          bool
	archivedAt        time.Time // archive_timestamp: the creation, then each archive status change
	created           time.Time
	members           []threadMember
	sent              int            // total_message_sent: messages ever posted, deletes not subtracted
	held              map[string]any // THREAD_CREATE held by ThreadOptions.DeferCreateEvent; nil once sent
}

// threadMember is a member of a thread.
type threadMember struct {
	userID string
	joined time.Time
}

// memberIndex is the index of userID among the thread's members, or -1.
func (t *threadState) memberIndex(userID string) int {
	return slices.IndexFunc(t.members, func(m threadMember) bool { return m.userID == userID })
}

// CreateThread creates a thread named name under a guild text channel (an unknown parentID becomes one,
// as in Post), owned by a, who is its first member: public (type 11) or, with opts.Private, private
// (type 12). It dispatches THREAD_CREATE with newly_created to sessions with the GUILDS intent, unless
// opts.DeferCreateEvent holds it until ReleaseThreadCreate. The thread is a channel everywhere else:
// Post, Command, Click, the queries and the REST routes take its id. It panics if parentID is a DM
// channel or a thread, where Discord has no threads.
func (s *Server) CreateThread(parentID string, a Author, name string, opts ThreadOptions) Thread {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	a = s.rememberLocked(a)
	parent := s.channelOrCreateLocked(parentID)
	if parent.recipient != "" || parent.thread != nil {
		panic(fmt.Sprintf("fakediscord: CreateThread: %s is not a guild text channel", parentID))
	}
	c := &channel{id: s.ids.next(now), guildID: parent.guildID, name: name, thread: &threadState{
		parentID: parent.id, ownerID: a.ID, private: opts.Private, archivedAt: now, created: now,
		members: []threadMember{{userID: a.ID, joined: now}},
	}}
	s.channels[c.id] = c
	s.threadOrder = append(s.threadOrder, c.id)
	d := s.channelWire(c)
	d["newly_created"] = true
	if opts.DeferCreateEvent {
		c.thread.held = d
		s.notifyLocked()
	} else {
		s.threadEventLocked("THREAD_CREATE", d)
	}
	return Thread{
		ID: c.id, ParentID: parent.id, GuildID: c.guildID, OwnerID: a.ID, Name: name, Private: opts.Private,
		Created: now,
	}
}

// ReleaseThreadCreate dispatches the THREAD_CREATE that ThreadOptions.DeferCreateEvent held, as it was
// when the thread was created. It reports false when no event is held for threadID.
func (s *Server) ReleaseThreadCreate(threadID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[threadID]
	if !found || c.thread == nil || c.thread.held == nil {
		return false
	}
	d := c.thread.held
	c.thread.held = nil
	s.threadEventLocked("THREAD_CREATE", d)
	return true
}

// ArchiveThread archives a thread and dispatches THREAD_UPDATE (archived: true); archiving an archived
// thread changes nothing. A message posted in the thread afterwards (by a user or the bot) unarchives it
// with another THREAD_UPDATE, as on Discord. It reports false when threadID is not a thread.
func (s *Server) ArchiveThread(threadID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[threadID]
	if !found || c.thread == nil {
		return false
	}
	s.setArchivedLocked(c, true, s.now())
	return true
}

// ThreadMembers returns the user ids of a thread's members, in the order they joined (the owner first).
func (s *Server) ThreadMembers(threadID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[threadID]
	if !found || c.thread == nil {
		return nil
	}
	out := make([]string, len(c.thread.members))
	for i, m := range c.thread.members {
		out[i] = m.userID
	}
	return out
}

// setArchivedLocked changes a thread's archive status and dispatches THREAD_UPDATE if it changed.
func (s *Server) setArchivedLocked(c *channel, archived bool, now time.Time) {
	if c.thread.archived == archived {
		return
	}
	c.thread.archived, c.thread.archivedAt = archived, now
	s.threadEventLocked("THREAD_UPDATE", s.channelWire(c))
}

// threadEventLocked dispatches a thread event to sessions with the GUILDS intent.
func (s *Server) threadEventLocked(t string, d any) {
	s.dispatchLocked(t, func(sess *session) (any, bool) { return d, sess.intents&intentGuilds != 0 })
}

// threadWire is a thread channel object, as GET /channels/{id}, GUILD_CREATE and thread events carry it.
func (s *Server) threadWire(c *channel) map[string]any {
	t := c.thread
	typ := typePublicThread
	if t.private {
		typ = typePrivateThread
	}
	meta := map[string]any{
		"archived": t.archived, "auto_archive_duration": threadAutoArchive, "archive_timestamp": stamp(t.archivedAt),
		"locked": false, "create_timestamp": stamp(t.created),
	}
	if t.private {
		meta["invitable"] = true
	}
	var last any
	if n := len(c.msgs); n > 0 {
		last = c.msgs[n-1].ID
	}
	return map[string]any{
		"id": c.id, "type": typ, "guild_id": c.guildID, "parent_id": t.parentID, "owner_id": t.ownerID,
		"name": c.name, "last_message_id": last, "message_count": min(len(c.msgs), threadCountCeiling),
		"member_count": min(len(t.members), threadCountCeiling), "total_message_sent": t.sent,
		"rate_limit_per_user": 0, "flags": 0, "thread_metadata": meta,
	}
}

// activeThreadsWire lists the threads that are not archived, for GUILD_CREATE.
func (s *Server) activeThreadsWire() []any {
	out := []any{}
	for _, id := range s.threadOrder {
		if c := s.channels[id]; !c.thread.archived {
			out = append(out, s.threadWire(c))
		}
	}
	return out
}
