package fakediscord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var (
	userMention = regexp.MustCompile(`<@!?(\d+)>`)
	roleMention = regexp.MustCompile(`<@&(\d+)>`)
)

// flexID is a snowflake sent as a JSON string or number.
type flexID string

// UnmarshalJSON accepts "123" and 123.
func (f *flexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*f = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexID(n.String())
	return nil
}

// allowedMentions is Discord's allowed_mentions object. A nil Parse (absent or null) parses nothing.
type allowedMentions struct {
	Parse       []string `json:"parse"`
	Users       []flexID `json:"users"`
	Roles       []flexID `json:"roles"`
	RepliedUser *bool    `json:"replied_user"`
}

// parseAllowedMentions decodes and checks allowed_mentions; it returns nil when raw is absent or null.
func parseAllowedMentions(raw json.RawMessage) (*allowedMentions, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var am allowedMentions
	if err := json.Unmarshal(raw, &am); err != nil {
		return nil, errForm([]string{"allowed_mentions"}, "MODEL_TYPE_CONVERT", "Invalid allowed_mentions: "+err.Error())
	}
	for i, p := range am.Parse {
		if p != "users" && p != "roles" && p != "everyone" {
			return nil, errForm([]string{"allowed_mentions", "parse", fmt.Sprint(i)}, "BASE_TYPE_CHOICES",
				"Value must be one of {'users', 'roles', 'everyone'}.")
		}
	}
	if slices.Contains(am.Parse, "users") && len(am.Users) > 0 {
		return nil, errForm([]string{"allowed_mentions"}, "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
			`parse:["users"] and users: [ids...] are mutually exclusive.`)
	}
	if slices.Contains(am.Parse, "roles") && len(am.Roles) > 0 {
		return nil, errForm([]string{"allowed_mentions"}, "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
			`parse:["roles"] and roles: [ids...] are mutually exclusive.`)
	}
	if len(am.Users) > 100 || len(am.Roles) > 100 {
		return nil, errForm([]string{"allowed_mentions"}, "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
	}
	return &am, nil
}

// mentionSet is what a message's content mentions and who gets notified.
type mentionSet struct {
	everyone bool     // mention_everyone
	users    []string // the mentions array
	roles    []string // mention_roles
	pinged   []string
}

// mentionInput describes a message for resolveMentions.
type mentionInput struct {
	content     string
	allowed     *allowedMentions // nil: no allowed_mentions sent
	authorID    string
	replyAuthor string   // author of the replied-to message, "" if not a reply
	extraUsers  []string // user ids put in the mentions array regardless of content (test posts)
	guild       bool
}

// resolveMentions applies Discord's rules: without allowed_mentions, @everyone, @here, user and role
// tokens all ping and a reply pings the replied-to author; with it, only the parse types and the
// listed ids that also appear in the content ping, and a reply pings only with replied_user true.
// Only roles that exist in the guild count.
func (s *Server) resolveMentions(in mentionInput) mentionSet {
	var ms mentionSet
	allow := func(kind string) bool { return in.allowed == nil || slices.Contains(in.allowed.Parse, kind) }
	listed := func(ids []flexID, id string) bool {
		return in.allowed != nil && slices.Contains(ids, flexID(id))
	}
	add := func(list *[]string, v string) {
		if !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	if in.guild && allow("everyone") {
		if strings.Contains(in.content, "@everyone") {
			ms.everyone = true
			add(&ms.pinged, "everyone")
		}
		if strings.Contains(in.content, "@here") {
			ms.everyone = true
			add(&ms.pinged, "here")
		}
	}
	for _, m := range userMention.FindAllStringSubmatch(in.content, -1) {
		if allow("users") || listed(in.allowed.Users, m[1]) {
			add(&ms.users, m[1])
			add(&ms.pinged, "user:"+m[1])
		}
	}
	for _, id := range in.extraUsers {
		add(&ms.users, id)
		add(&ms.pinged, "user:"+id)
	}
	if in.guild {
		for _, m := range roleMention.FindAllStringSubmatch(in.content, -1) {
			if !slices.Contains(s.opts.Roles, m[1]) {
				continue
			}
			if allow("roles") || listed(in.allowed.Roles, m[1]) {
				add(&ms.roles, m[1])
				add(&ms.pinged, "role:"+m[1])
			}
		}
	}
	if in.replyAuthor != "" && in.replyAuthor != in.authorID &&
		(in.allowed == nil || (in.allowed.RepliedUser != nil && *in.allowed.RepliedUser)) {
		add(&ms.users, in.replyAuthor)
		add(&ms.pinged, "user:"+in.replyAuthor)
	}
	return ms
}

// applyMentionsLocked sets m's mention fields and Pinged from its content and allowed mentions.
func (s *Server) applyMentionsLocked(m *Message, am *allowedMentions, extraUsers []string) {
	replyAuthor := ""
	if m.ReplyTo != "" {
		if orig, ok := s.messages[m.ReplyTo]; ok {
			replyAuthor = orig.AuthorID
		}
	}
	ms := s.resolveMentions(mentionInput{
		content: m.Content, allowed: am, authorID: m.AuthorID, replyAuthor: replyAuthor,
		extraUsers: extraUsers, guild: m.GuildID != "",
	})
	m.MentionEveryone, m.Mentions, m.MentionRoles, m.Pinged = ms.everyone, ms.users, ms.roles, ms.pinged
}
