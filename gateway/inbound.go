package gateway

import (
	"fmt"

	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"

	"github.com/discord-coordinator/coordinator/actors"
)

// usageText answers a mention without a request.
const usageText = "Mention me with what you want Claude to do in this channel's project, " +
	"for example: `@coordinator summarise the open TODOs`. `/status` shows what I am doing, `/stop` stops it."

// refusalText answers a user who may not use the bot (at most once per refusal window).
const refusalText = "Sorry, you are not allowed to use this bot here. Ask an admin to add you."

// onMessage handles MESSAGE_CREATE. It runs synchronously in the gateway's event loop, so it only
// decides, journals and submits; Discord calls are queued for the channel's worker.
func (g *Gateway) onMessage(ev *gateway.MessageCreateEvent) {
	g.metrics.events.WithLabelValues("message").Inc()
	g.handle(&ev.Message, ev.Member, "")
}

// handle takes a message (live, or fetched by the catch-up) and reports whether it was a mention
// that was accepted (or held until its channel is looked up).
func (g *Gateway) handle(m *discord.Message, member *discord.Member, note string) bool {
	if g.deferToLookup(m, member, note) {
		return true
	}
	return g.handleNow(m, member, note)
}

// handleNow is handle for a channel that is not being looked up.
func (g *Gateway) handleNow(m *discord.Message, member *discord.Member, note string) bool {
	me := g.me()
	if me == "" || m.Author.Bot || m.Author.ID.String() == me {
		return false
	}
	// A live DM has no guild and no member. (Fetched messages carry no guild id either; the
	// catch-up passes a note and only fetches mapped channels.)
	if !m.GuildID.IsValid() && member == nil && !g.opts.AllowDMs && note == "" {
		return false
	}
	channelID := m.ChannelID.String()
	mentioned := make([]string, len(m.Mentions))
	for i, u := range m.Mentions {
		mentioned[i] = u.ID.String()
	}
	text, ok := StripMention(m.Content, me, mentioned)
	if !ok {
		return false
	}
	if _, mapped := g.projectOf(channelID); !mapped {
		if !m.GuildID.IsValid() {
			return false
		}
		// Maybe a thread of a mapped channel whose create event has not come yet: look it up, then handle. Only for
		// someone allowed to use the bot: a stranger makes it do nothing at all here.
		if !g.access.CanUse(m.Author.ID.String(), userRoles(member)) {
			return false
		}
		g.resolveThenHandle(m, member, note)
		return true
	}
	g.metrics.events.WithLabelValues("mention").Inc()
	userID, msgID := m.Author.ID.String(), m.ID
	log := g.log.With().Str("channel", channelID).Str("message_id", msgID.String()).Str("user", userID).Logger()

	roles := userRoles(member)
	if !g.access.CanUse(userID, roles) {
		g.metrics.refusals.Inc()
		log.Info().Msg("mention from a user who is not allowed: refused, nothing runs")
		if g.refusals.Allow(userID) {
			g.enqueue(channelID, func(w *channelWorker) { w.send(msgID, refusalText, nil) })
		}
		return false
	}
	if text == "" {
		g.enqueue(channelID, func(w *channelWorker) { w.send(msgID, usageText, nil) })
		return false
	}
	if ok, notify := g.rate.allow(userID); !ok {
		g.metrics.rateLimited.Inc()
		log.Info().Msg("mention over the user's rate limit: not run")
		g.enqueue(channelID, func(w *channelWorker) {
			if notify {
				w.send(msgID, fmt.Sprintf("You are sending more than %d requests per %s; this one and the next ones in that time will not run.",
					g.opts.UserRateLimit, g.opts.UserRateWindow), nil)
			}
			w.react(msgID, &feedback{}, reactRefused)
		})
		return false
	}
	in := actors.Inbound{ChannelID: channelID, MessageID: msgID.String(), UserID: userID,
		UserName: displayName(m.Author, member), Roles: roles, Text: text, Received: m.Timestamp.Time()}
	in.Attachments, in.DroppedAttachments = attachmentsOf(m.Attachments, g.opts.MaxAttachments)
	if in.DroppedAttachments > 0 || len(in.Attachments) > 0 {
		log.Info().Int("attachments", len(in.Attachments)).Int("dropped", in.DroppedAttachments).Msg("mention with attachments")
	}
	if g.intakeStopped.Load() && g.journal != nil {
		g.postpone(inbound{note: noteRecovered, Inbound: in})
		return true
	}
	g.accept(inbound{note: note, Inbound: in})
	return true
}

// attachmentsOf returns the first limit files attached to a message and how many more were dropped; limit 0
// ignores attachments (none is dropped: they are simply not for Claude).
func attachmentsOf(files []discord.Attachment, limit int) ([]actors.Attachment, int) {
	if limit <= 0 || len(files) == 0 {
		return nil, 0
	}
	n := min(len(files), limit)
	out := make([]actors.Attachment, n)
	for i, f := range files[:n] {
		out[i] = actors.Attachment{Name: f.Filename, URL: string(f.URL), Size: int64(min(f.Size, 1<<62))}
	}
	return out, len(files) - n
}

// senderOf returns who sent an interaction and their roles.
func senderOf(ev *discord.InteractionEvent) (userID, name string, roles []string) {
	u := ev.Sender()
	if u == nil {
		return "", "", nil
	}
	return u.ID.String(), displayName(*u, ev.Member), userRoles(ev.Member)
}
