package fakediscord

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// Author is a user the tests post or click as.
type Author struct {
	ID, Name string
	Bot      bool
	Roles    []string // the member's role ids in the guild
}

// Attachment is a file attached to a message: uploaded by the bot (multipart) or posted by a test.
type Attachment struct {
	ID          string
	Filename    string
	ContentType string
	Size        int
	Content     []byte
}

// Message is a stored message, a user's or the bot's.
type Message struct {
	ID, ChannelID, GuildID string // GuildID is "" in DMs
	Type                   int    // 0 default, 19 reply, 20 slash-command response
	AuthorID, AuthorName   string
	AuthorBot              bool
	Content                string
	ReplyTo                string          // message_reference.message_id
	Mentions               []string        // user ids in the mentions array
	MentionRoles           []string        // mention_roles
	MentionEveryone        bool            // mention_everyone (@everyone or @here took effect)
	AllowedMentions        json.RawMessage // as sent; nil when absent
	// Pinged is who Discord would notify: "everyone", "here", "user:ID", "role:ID", following the
	// content, allowed_mentions and the reply rules. Edits do not ping, except the first edit of a
	// deferred ("thinking") interaction response.
	Pinged        []string
	Components    json.RawMessage // as sent; nil when none
	Embeds        json.RawMessage // as sent; nil when none
	Attachments   []Attachment
	Flags         int
	InteractionID string // set on interaction responses and follow-ups
	WebhookID     string // set on interaction follow-ups
	Time          time.Time
	EditedTime    time.Time // zero if never edited
	Edits         int       // how many times it was edited
}

// Interaction is an INTERACTION_CREATE the test triggered.
type Interaction struct {
	ID, Token          string
	Type               int // 2 application command, 3 message component
	ChannelID, GuildID string
	UserID             string
	Name               string // command name (type 2)
	CustomID           string // component custom_id (type 3)
	MessageID          string // the message the component is on (type 3)
	Time               time.Time
}

// Response is one call the bot made for an interaction: the callback, an @original edit or delete, a
// follow-up or its edit/delete. Refused calls are recorded too, with their status and Discord code.
type Response struct {
	Kind       string // "callback", "edit_original", "delete_original", "followup", "edit_followup", "delete_followup"
	Type       int    // the callback type (4 message, 5 deferred, 6 deferred update, 7 update, 9 modal); 0 for the others
	Status     int    // HTTP status answered
	Code       int    // Discord error code when refused, else 0
	Content    string
	Flags      int
	Components json.RawMessage
	MessageID  string // the message created or edited, if any
	Body       []byte // the JSON payload as sent (payload_json for multipart)
	Time       time.Time
}

// ReactionEvent is one reaction the bot added or removed.
type ReactionEvent struct {
	ChannelID, MessageID, Emoji string
	Added                       bool
	Time                        time.Time
}

// Edit is one successful change of a message: a REST edit, an interaction update (callback 7) or a
// webhook edit of an interaction's @original or follow-up, with the message as the edit left it.
type Edit struct {
	At         time.Time
	Content    string
	Components json.RawMessage // nil when none
	Embeds     json.RawMessage // nil when none
}

// Thread is a thread channel as CreateThread made it.
type Thread struct {
	ID, ParentID, GuildID string
	OwnerID               string // the author who created it, its first member
	Name                  string
	Private               bool // type 12; public threads are type 11
	Created               time.Time
}

// ThreadOptions are CreateThread's options; the zero value makes a public thread announced at once.
type ThreadOptions struct {
	// Private makes a private thread (type 12) instead of a public one (type 11).
	Private bool
	// DeferCreateEvent holds THREAD_CREATE until ReleaseThreadCreate, so a test can post in the thread
	// before the bot learns that it exists.
	DeferCreateEvent bool
}

// Request is one REST request the server answered.
type Request struct {
	Method string
	Path   string // as sent, escaped, with the /api/v9 prefix
	Route  string // the matched route pattern, e.g. "POST /channels/{channel}/messages"; "" when unknown
	Query  string
	Header http.Header // Authorization redacted
	Body   []byte
	Status int
	Time   time.Time
}

// clone returns a deep copy of m.
func (m *Message) clone() Message {
	c := *m
	c.Mentions = slices.Clone(m.Mentions)
	c.MentionRoles = slices.Clone(m.MentionRoles)
	c.Pinged = slices.Clone(m.Pinged)
	c.AllowedMentions = slices.Clone(m.AllowedMentions)
	c.Components = slices.Clone(m.Components)
	c.Embeds = slices.Clone(m.Embeds)
	c.Attachments = make([]Attachment, len(m.Attachments))
	for i, a := range m.Attachments {
		a.Content = slices.Clone(a.Content)
		c.Attachments[i] = a
	}
	return c
}
