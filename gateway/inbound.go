package gateway

import (
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
// decides and submits; Discord calls are queued for the channel's worker.
func (g *Gateway) onMessage(ev *gateway.MessageCreateEvent) {
	g.metrics.events.WithLabelValues("message").Inc()
	me := g.me()
	if me == "" || ev.Author.Bot || ev.Author.ID.String() == me {
		return
	}
	if !ev.GuildID.IsValid() && !g.opts.AllowDMs {
		return
	}
	channelID := ev.ChannelID.String()
	if _, mapped := g.projectOf(channelID); !mapped {
		return
	}
	mentioned := make([]string, len(ev.Mentions))
	for i, u := range ev.Mentions {
		mentioned[i] = u.ID.String()
	}
	text, ok := StripMention(ev.Content, me, mentioned)
	if !ok {
		return
	}
	g.metrics.events.WithLabelValues("mention").Inc()
	userID, msgID := ev.Author.ID.String(), ev.ID
	log := g.log.With().Str("channel", channelID).Str("message_id", msgID.String()).Str("user", userID).Logger()

	if !g.access.CanUse(userID, userRoles(ev.Member)) {
		g.metrics.refusals.Inc()
		log.Info().Msg("mention from a user who is not allowed: refused, nothing runs")
		if g.refusals.Allow(userID) {
			g.enqueue(channelID, func(w *channelWorker) { w.send(msgID, refusalText, nil) })
		}
		return
	}
	if text == "" {
		g.enqueue(channelID, func(w *channelWorker) { w.send(msgID, usageText, nil) })
		return
	}
	err := g.core.Submit(actors.Inbound{
		ChannelID: channelID, MessageID: msgID.String(), UserID: userID,
		UserName: displayName(ev.Author, ev.Member), Text: text, Received: ev.Timestamp.Time(),
	})
	if err != nil {
		log.Error().Err(err).Msg("submit mention")
		g.enqueue(channelID, func(w *channelWorker) {
			w.send(msgID, "⚠️ The coordinator is shutting down and could not take this message; send it again once it is back.", nil)
		})
	}
}

// senderOf returns who sent an interaction and their roles.
func senderOf(ev *discord.InteractionEvent) (userID, name string, roles []string) {
	u := ev.Sender()
	if u == nil {
		return "", "", nil
	}
	return u.ID.String(), displayName(*u, ev.Member), userRoles(ev.Member)
}
