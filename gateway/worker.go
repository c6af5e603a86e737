package gateway

import (
	"context"
	"time"

	"github.com/diamondburned/arikawa/v3/discord"
)

// channelWorker applies one channel's Discord actions in order, in a goroutine that exists while
// there is work. It also owns the channel's feedback state (reactions, typing), which only its
// goroutine touches.
type channelWorker struct {
	g       *Gateway
	channel discord.ChannelID

	queue   []func(w *channelWorker) // guarded by g.mu
	running bool                     // a goroutine drains queue; guarded by g.mu

	// Owned by the draining goroutine.
	feedback      map[string]*feedback // by the asker's message id
	typingCancel  context.CancelFunc
	lastQueueFull time.Time // when the last queue-full notice was posted
}

// feedback is what the bot has shown on one asker's message.
type feedback struct {
	reaction string            // the bot's current reaction on the message
	notice   discord.MessageID // the "queued #N" reply, deleted when the run starts
}

// enqueue adds an action for channelID; actions of one channel run in order.
func (g *Gateway) enqueue(channelID string, action func(w *channelWorker)) {
	id, err := discord.ParseSnowflake(channelID)
	if err != nil {
		g.log.Error().Str("channel", channelID).Msg("outcome for a channel id that is not a snowflake: dropped")
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		g.log.Warn().Str("channel", channelID).Msg("gateway stopped: Discord action dropped")
		return
	}
	w := g.workers[channelID]
	if w == nil {
		w = &channelWorker{g: g, channel: discord.ChannelID(id), feedback: make(map[string]*feedback)}
		g.workers[channelID] = w
	}
	w.queue = append(w.queue, action)
	if !w.running {
		w.running = true
		g.drains.Add(1)
		go w.drain()
	}
}

// drain runs the queued actions until the queue is empty. A worker whose feedback map is empty
// and that types nothing is forgotten, so idle channels cost nothing.
func (w *channelWorker) drain() {
	defer w.g.drains.Done()
	for {
		w.g.mu.Lock()
		if len(w.queue) == 0 {
			w.running = false
			if len(w.feedback) == 0 && w.typingCancel == nil {
				delete(w.g.workers, w.channel.String())
			}
			w.g.mu.Unlock()
			return
		}
		action := w.queue[0]
		w.queue[0] = nil
		w.queue = w.queue[1:]
		w.g.mu.Unlock()
		action(w)
	}
}

// startTyping keeps the typing indicator on while a run is in flight (Discord shows it for about
// 10 s per call).
func (w *channelWorker) startTyping() {
	if w.typingCancel != nil || w.g.ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithCancel(w.g.ctx)
	w.typingCancel = cancel
	g, channel := w.g, w.channel
	g.loops.Go(func() {
		t := time.NewTicker(g.opts.TypingInterval)
		defer t.Stop()
		for {
			if err := g.client.WithContext(ctx).Typing(channel); err != nil && ctx.Err() == nil {
				g.metrics.errors.WithLabelValues("typing").Inc()
				g.log.Debug().Err(err).Str("channel", channel.String()).Msg("typing")
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

func (w *channelWorker) stopTyping() {
	if w.typingCancel != nil {
		w.typingCancel()
		w.typingCancel = nil
	}
}
