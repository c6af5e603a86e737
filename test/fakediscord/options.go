package fakediscord

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Defaults used when an Options field is left zero.
const (
	DefaultBotID               = "1300000000000000100"
	DefaultAppID               = "1300000000000000101"
	DefaultGuildID             = "1300000000000000001"
	DefaultChannelID           = "1300000000000000010"
	DefaultBotName             = "coordinator"
	DefaultHeartbeatInterval   = 45 * time.Second
	DefaultInteractionDeadline = 3 * time.Second
)

// Options configures a Server. Token is required; every other field has a default.
type Options struct {
	// Token is the bot token without the "Bot " prefix. REST calls must send "Authorization: Bot <Token>"
	// (401 otherwise) and IDENTIFY/RESUME must carry it (close 4004 otherwise).
	Token string
	// BotID and AppID are the bot user's and the application's snowflakes.
	BotID, AppID string
	// BotName is the bot user's username.
	BotName string
	// GuildID is the one guild the bot is in.
	GuildID string
	// Channels are the guild's text channels, listed in GUILD_CREATE (default: one, DefaultChannelID).
	Channels []string
	// Roles are the role ids that exist in the guild besides @everyone.
	Roles []string
	// HeartbeatInterval is sent in HELLO.
	HeartbeatInterval time.Duration
	// DenyMessageContent closes an IDENTIFY that asks for the MESSAGE_CONTENT intent with 4014, as Discord
	// does when the intent is not enabled in the developer portal.
	DenyMessageContent bool
	// InteractionDeadline is how long after INTERACTION_CREATE the first callback is accepted
	// (later: 404 10062 Unknown interaction).
	InteractionDeadline time.Duration
	// ChannelMessageLimit, when N > 0, gives each channel (threads included) one bucket shared by its
	// message create, edit and delete routes, as Discord does for bots (about 5 per 5 s): N requests per
	// window of Per, the window starting at the first request after the previous one ended. Further
	// requests in a window get 429 with Retry-After; every request counted carries X-RateLimit-* headers.
	// Zero (the default): no limit and no headers.
	ChannelMessageLimit MessageLimit
	// Now is the clock used for timestamps, snowflakes, the interaction deadline and rate-limit windows
	// (default time.Now).
	Now func() time.Time
}

// MessageLimit is a request budget: at most N requests in each window of Per.
type MessageLimit struct {
	N   int
	Per time.Duration
}

// withDefaults returns a copy of o with the zero fields filled in and checks what is left.
func (o Options) withDefaults() (Options, error) {
	if o.Token == "" {
		return o, errors.New("fakediscord: Options.Token is required")
	}
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.BotID, DefaultBotID)
	def(&o.AppID, DefaultAppID)
	def(&o.GuildID, DefaultGuildID)
	def(&o.BotName, DefaultBotName)
	if len(o.Channels) == 0 {
		o.Channels = []string{DefaultChannelID}
	}
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = DefaultHeartbeatInterval
	}
	if o.InteractionDeadline <= 0 {
		o.InteractionDeadline = DefaultInteractionDeadline
	}
	if l := o.ChannelMessageLimit; l.N < 0 || (l.N > 0 && l.Per <= 0) {
		return o, fmt.Errorf("fakediscord: Options.ChannelMessageLimit %d per %v: want N >= 0 and, with N > 0, Per > 0", l.N, l.Per)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Channels = append([]string(nil), o.Channels...)
	o.Roles = append([]string(nil), o.Roles...)
	ids := map[string]string{"BotID": o.BotID, "AppID": o.AppID, "GuildID": o.GuildID}
	for i, c := range o.Channels {
		ids[fmt.Sprintf("Channels[%d]", i)] = c
	}
	for i, r := range o.Roles {
		ids[fmt.Sprintf("Roles[%d]", i)] = r
	}
	for field, id := range ids {
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			return o, fmt.Errorf("fakediscord: Options.%s %q is not a snowflake", field, id)
		}
	}
	return o, nil
}
