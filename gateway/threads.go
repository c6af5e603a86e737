package gateway

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"

	"github.com/discord-coordinator/coordinator/actors"
)

// threadLookupTimeout bounds the REST lookup of a channel the bot has not seen yet.
const threadLookupTimeout = 10 * time.Second

// maxNotThreads bounds the memory of channels known not to be threads of a mapped channel.
const maxNotThreads = 10000

// threadsOffText answers a mention in a thread whose project keeps threads off.
const threadsOffText = "Threads are off for this channel's project (an admin can set `threads: true`); mention me in the channel itself."

// isThread reports whether a channel type is a thread.
func isThread(t discord.ChannelType) bool {
	return t == discord.GuildPublicThread || t == discord.GuildPrivateThread || t == discord.GuildAnnouncementThread
}

// onThreadCreate maps a new thread under a mapped channel whose project runs threads, and joins it so that its
// messages arrive. It runs in gateway order, before any later message of the thread.
func (g *Gateway) onThreadCreate(ev *gateway.ThreadCreateEvent) {
	g.metrics.events.WithLabelValues("thread").Inc()
	g.mapThread(&ev.Channel, true)
}

// onGuildCreate maps the active threads of mapped channels that a guild lists on connect.
func (g *Gateway) onGuildCreate(ev *gateway.GuildCreateEvent) {
	for i := range ev.Threads {
		g.mapThread(&ev.Threads[i], false)
	}
}

// mapThread maps thread c when its parent is mapped and its project runs threads; join also makes the bot a member
// of it. It reports whether the thread is mapped now.
func (g *Gateway) mapThread(c *discord.Channel, join bool) bool {
	if !isThread(c.Type) || !c.ParentID.IsValid() {
		return false
	}
	threadID, parentID := c.ID.String(), c.ParentID.String()
	if _, mapped := g.projectOf(threadID); mapped {
		return true
	}
	if _, mapped := g.projectOf(parentID); !mapped {
		return false
	}
	project, err := g.core.AddThread(threadID, parentID)
	if err != nil {
		if !errors.Is(err, actors.ErrThreadsOff) {
			g.log.Warn().Err(err).Str("channel", threadID).Msg("thread not mapped")
		}
		return false
	}
	g.MapChannel(threadID, project, g.autoRetry(parentID))
	g.log.Info().Str("channel", threadID).Str("parent", parentID).Str("project", project).Msg("thread mapped")
	if join {
		g.enqueue(threadID, func(w *channelWorker) {
			if err := w.g.client.WithContext(w.g.ctx).JoinThread(w.channel); err != nil {
				w.g.metrics.errors.WithLabelValues("join_thread").Inc()
				w.g.log.Warn().Err(err).Str("channel", threadID).Msg("join thread")
			}
		})
	}
	return true
}

// lookupFailedText answers a mention in a channel that could not be looked up.
const lookupFailedText = "⚠️ I could not find out which project this thread belongs to (Discord refused or did not answer); mention me again in a moment, or ask an admin to check that I can see this thread."

// lookupThread finds out whether an unmapped channel is a thread of a mapped channel (from the state cache, or
// Discord when the thread's create event has not arrived yet) and maps it if so. A mention in a thread whose
// project keeps threads off is answered with a hint, and one whose channel could not be looked up is asked to try
// again. Only channels that are not threads are remembered as such: a thread's parent may be mapped later.
//
// It reports whether the channel is mapped now, and an error when Discord could not say what the channel is.
func (g *Gateway) lookupThread(ctx context.Context, channelID string, mention discord.MessageID) (bool, error) {
	if g.knownNotThread(channelID) {
		return false, nil
	}
	id, err := discord.ParseSnowflake(channelID)
	if err != nil {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, threadLookupTimeout)
	defer cancel()
	c, err := g.st.WithContext(ctx).Channel(discord.ChannelID(id))
	if err != nil {
		g.metrics.errors.WithLabelValues("channel").Inc()
		g.log.Warn().Err(err).Str("channel", channelID).Msg("look up an unknown channel: its mentions are not run")
		if mention.IsValid() {
			g.enqueue(channelID, func(w *channelWorker) { w.send(mention, lookupFailedText, nil) })
		}
		return false, fmt.Errorf("look up channel %s: %w", channelID, err)
	}
	if g.mapThread(c, true) {
		return true, nil
	}
	if !isThread(c.Type) {
		g.rememberNotThread(channelID)
		return false, nil
	}
	// A thread is asked about again on its next mention: an admin may turn threads on, or map its parent, meanwhile.
	if _, mapped := g.projectOf(c.ParentID.String()); mapped && mention.IsValid() {
		g.enqueue(channelID, func(w *channelWorker) { w.send(mention, threadsOffText, nil) })
	}
	return false, nil
}

// knownNotThread reports whether a channel was found not to be a thread of a mapped channel.
func (g *Gateway) knownNotThread(channelID string) bool {
	g.resolveMu.Lock()
	defer g.resolveMu.Unlock()
	_, ok := g.notThreads[channelID]
	return ok
}

func (g *Gateway) rememberNotThread(channelID string) {
	g.resolveMu.Lock()
	defer g.resolveMu.Unlock()
	if len(g.notThreads) >= maxNotThreads {
		clear(g.notThreads)
	}
	g.notThreads[channelID] = struct{}{}
}

// interactionLookupTimeout bounds the lookup of an unknown channel for a slash command: Discord wants the answer
// within 3 s.
const interactionLookupTimeout = 2 * time.Second

// lookupThreadQuickly is lookupThread for an interaction in an unknown channel, bounded by interactionLookupTimeout.
func (g *Gateway) lookupThreadQuickly(channelID string) bool {
	ctx, cancel := context.WithTimeout(g.ctx, interactionLookupTimeout)
	defer cancel()
	mapped, _ := g.lookupThread(ctx, channelID, 0)
	return mapped
}
