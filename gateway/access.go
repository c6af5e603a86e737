package gateway

import (
	"container/list"
	"sync"
	"time"
)

// AccessPolicy lists who may use the bot; ids are Discord snowflakes as strings. The zero policy denies everyone.
type AccessPolicy struct {
	AllowedUsers []string // user ids that may drive Claude
	AllowedRoles []string // role ids that may drive Claude
	AdminUsers   []string // user ids that may also manage sessions
	AdminRoles   []string // role ids that may also manage sessions
	AllowAll     bool     // anyone may drive Claude; it makes nobody an admin
}

// Access answers access questions for one AccessPolicy in constant time per id. It is immutable and safe for
// concurrent use; a nil *Access denies everything.
type Access struct {
	allowAll                             bool
	users, roles, adminUsers, adminRoles idSet
}

// NewAccess builds an Access from p; empty ids in p are ignored.
func NewAccess(p AccessPolicy) *Access {
	return &Access{
		allowAll:   p.AllowAll,
		users:      newIDSet(p.AllowedUsers),
		roles:      newIDSet(p.AllowedRoles),
		adminUsers: newIDSet(p.AdminUsers),
		adminRoles: newIDSet(p.AdminRoles),
	}
}

// CanUse reports whether the user with the given roles may drive Claude: AllowAll, or the user or one of the roles
// is allowed, or the user is an admin. An empty userID is always denied.
func (a *Access) CanUse(userID string, roles []string) bool {
	if a == nil || userID == "" {
		return false
	}
	if a.allowAll || a.users.has(userID) || a.roles.hasAny(roles) {
		return true
	}
	return a.IsAdmin(userID, roles)
}

// IsAdmin reports whether the user with the given roles is an admin user or has an admin role; AllowAll does not
// make anyone an admin. An empty userID is always denied.
func (a *Access) IsAdmin(userID string, roles []string) bool {
	if a == nil || userID == "" {
		return false
	}
	return a.adminUsers.has(userID) || a.adminRoles.hasAny(roles)
}

// idSet is a set of Discord ids.
type idSet map[string]struct{}

func newIDSet(ids []string) idSet {
	s := make(idSet, len(ids))
	for _, id := range ids {
		if id != "" {
			s[id] = struct{}{}
		}
	}
	return s
}

func (s idSet) has(id string) bool {
	_, ok := s[id]
	return ok
}

func (s idSet) hasAny(ids []string) bool {
	for _, id := range ids {
		if s.has(id) {
			return true
		}
	}
	return false
}

// DefaultRefusalMaxUsers is the number of users Refusals remembers when MaxUsers is zero.
const DefaultRefusalMaxUsers = 1024

// Refusals says whether to send a refusal to a user now: at most one per user per Window (default 10 min), memory bounded
// (at most MaxUsers entries, oldest evicted), safe for concurrent use, clock injectable.
//
// Set the fields before the first call to Allow and do not change them afterwards; zero fields take their defaults
// (DefaultRefusalWindow, DefaultRefusalMaxUsers, time.Now). The oldest entry is the one whose last refusal is the
// longest ago; evicting it early can only let that user get one more refusal sooner.
type Refusals struct {
	Window   time.Duration    // least time between two refusals to one user; <= 0 means DefaultRefusalWindow
	MaxUsers int              // most users remembered; <= 0 means DefaultRefusalMaxUsers
	Now      func() time.Time // the clock; nil means time.Now

	mu    sync.Mutex
	byID  map[string]*list.Element // user id -> element of order
	order list.List                // *refusal, least recent first
}

// refusal is the last refusal sent to one user.
type refusal struct {
	userID string
	at     time.Time
}

// Allow reports whether a refusal may be sent to userID now, and if so records it.
func (r *Refusals) Allow(userID string) bool {
	window, maxUsers, now := r.Window, r.MaxUsers, time.Now
	if window <= 0 {
		window = DefaultRefusalWindow
	}
	if maxUsers <= 0 {
		maxUsers = DefaultRefusalMaxUsers
	}
	if r.Now != nil {
		now = r.Now
	}
	t := now()

	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byID == nil {
		r.byID = make(map[string]*list.Element)
	}
	// Entries older than the window no longer block anyone: drop them from the front.
	for e := r.order.Front(); e != nil && t.Sub(e.Value.(*refusal).at) >= window; e = r.order.Front() {
		r.remove(e)
	}
	if e, ok := r.byID[userID]; ok {
		if t.Sub(e.Value.(*refusal).at) < window {
			return false
		}
		r.remove(e)
	}
	for r.order.Len() >= maxUsers {
		r.remove(r.order.Front())
	}
	r.byID[userID] = r.order.PushBack(&refusal{userID: userID, at: t})
	return true
}

// Len returns the number of users remembered.
func (r *Refusals) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.order.Len()
}

func (r *Refusals) remove(e *list.Element) {
	delete(r.byID, e.Value.(*refusal).userID)
	r.order.Remove(e)
}
