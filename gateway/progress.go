package gateway

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/utils/json/option"

	"github.com/discord-coordinator/coordinator/actors"
)

// Defaults of the status message's pacing.
const (
	// DefaultProgressInterval is the least time between two edits of a status message: a burst of progress
	// collapses into one edit, and one channel's edits stay far below Discord's per-channel rate limit.
	DefaultProgressInterval = 2 * time.Second
	// DefaultProgressHeartbeat is how often a status message is edited when nothing happens, so that its elapsed
	// time stays current.
	DefaultProgressHeartbeat = 10 * time.Second
)

// stopPrefix starts the custom id of a status message's Stop button: "stop:<asker's message id>:<asker's user id>".
const stopPrefix = "stop:"

// liveStatus is the status message of one run in flight. Its fields below the line are guarded by Gateway.progMu;
// the channel's worker posts and edits the message, Deliver (from any goroutine) records progress.
type liveStatus struct {
	channelID string
	messageID string // the asker's message
	asker     string // the asker's user id
	verbosity string
	started   time.Time

	statusID    discord.MessageID // the status message; 0 until posted, or when posting failed
	latest      *actors.Progress  // the newest progress; nil before the first
	dirty       bool              // latest is newer than the message
	lastEdit    time.Time         // when the message was last posted or edited
	timer       *time.Timer       // the armed flush; nil when none is armed
	due         time.Time         // when timer fires
	queued      bool              // a flush is in the worker's queue
	stoppingBy  string            // someone pressed Stop: the message says so and has no button
	done        bool              // the run ended: no more flushes
	final       *actors.Outcome   // the outcome that ended the run, once it did
	finalPosted bool              // the run had ended before its status was posted: it was posted final
}

// startLive records the status message of a run that starts and returns it; nil when its project shows no
// progress.
func (g *Gateway) startLive(o actors.Outcome) *liveStatus {
	if o.Verbosity == actors.ProgressOff {
		return nil
	}
	ls := &liveStatus{channelID: o.ChannelID, messageID: o.MessageID, asker: o.UserID, verbosity: o.Verbosity,
		started: time.Now()}
	g.progMu.Lock()
	defer g.progMu.Unlock()
	if old := g.live[o.ChannelID]; old != nil {
		old.stopTimerLocked()
		old.done = true
	}
	g.live[o.ChannelID] = ls
	return ls
}

// endLive ends the live status of the message an outcome is about, and returns it (nil when it has none).
func (g *Gateway) endLive(o actors.Outcome) *liveStatus {
	g.progMu.Lock()
	defer g.progMu.Unlock()
	ls := g.live[o.ChannelID]
	if ls == nil || ls.messageID != o.MessageID {
		return nil
	}
	delete(g.live, o.ChannelID)
	ls.stopTimerLocked()
	ls.done, ls.final = true, &o
	return ls
}

// progressed records a Working outcome and makes sure an edit follows, no sooner than the interval allows.
func (g *Gateway) progressed(o *actors.Outcome) {
	g.progMu.Lock()
	defer g.progMu.Unlock()
	ls := g.live[o.ChannelID]
	if ls == nil || ls.messageID != o.MessageID || ls.done || o.Progress == nil {
		return
	}
	ls.latest, ls.dirty = o.Progress, true
	g.scheduleFlushLocked(ls)
}

// nextEditLocked is when the status message's next edit is due: an interval after the last one when there is news
// to show, else a heartbeat after it (and never sooner than the interval).
func (g *Gateway) nextEditLocked(ls *liveStatus) time.Time {
	if ls.dirty {
		return ls.lastEdit.Add(g.opts.ProgressInterval)
	}
	return ls.lastEdit.Add(max(g.opts.ProgressInterval, g.opts.ProgressHeartbeat))
}

// scheduleFlushLocked arranges for the status message to be flushed when its next edit is due (now if that has
// passed), unless a flush is already queued or armed for no later than that.
func (g *Gateway) scheduleFlushLocked(ls *liveStatus) {
	at := g.nextEditLocked(ls)
	if ls.queued || ls.done || (ls.timer != nil && !at.Before(ls.due)) {
		return
	}
	ls.stopTimerLocked()
	wait := time.Until(at)
	if wait <= 0 {
		g.queueFlushLocked(ls)
		return
	}
	var t *time.Timer
	t = time.AfterFunc(wait, func() {
		g.progMu.Lock()
		defer g.progMu.Unlock()
		if ls.timer != t { // stopped or replaced while it fired
			return
		}
		ls.timer = nil
		g.queueFlushLocked(ls)
	})
	ls.timer, ls.due = t, at
}

// queueFlushLocked queues a flush of the status message for the channel's worker.
func (g *Gateway) queueFlushLocked(ls *liveStatus) {
	ls.queued = true
	g.enqueue(ls.channelID, func(w *channelWorker) { w.flushStatus(ls) })
}

func (ls *liveStatus) stopTimerLocked() {
	if ls.timer != nil {
		ls.timer.Stop()
		ls.timer = nil
	}
}

// stopLive ends every live status when the gateway stops: no timer fires afterwards.
func (g *Gateway) stopLive() {
	g.progMu.Lock()
	defer g.progMu.Unlock()
	for _, ls := range g.live {
		ls.stopTimerLocked()
		ls.done = true
	}
}

// postStatus posts a starting run's status message, with its Stop button, as a reply to the asker. A run that
// ended before its status could be posted gets its final line at once, so every run shows how it went.
func (w *channelWorker) postStatus(asker discord.MessageID, ls *liveStatus) {
	now := time.Now()
	g := w.g
	g.progMu.Lock()
	content, components := renderWorking(ls, ls.latest, now), stopButton(ls)
	if ls.final != nil {
		content, components, ls.finalPosted = renderFinal(ls, ls.latest, *ls.final, now), discord.ContainerComponents{}, true
	}
	ls.dirty = false
	g.progMu.Unlock()
	m, err := w.post(asker, api.SendMessageData{Content: content, Components: components})
	if err != nil {
		g.log.Error().Err(err).Str("channel", ls.channelID).Msg("post status message: the run goes on without one")
		g.progMu.Lock()
		ls.done = true // no status to edit: its progress is ignored
		g.progMu.Unlock()
		return
	}
	if g.journal != nil && !ls.finalPosted {
		if err := g.journal.JournalSetStatus(ls.messageID, m.ID.String()); err != nil {
			g.log.Error().Err(err).Str("message_id", ls.messageID).Msg("journal the status message")
		}
	}
	g.log.Debug().Str("message_id", ls.messageID).Str("status_id", m.ID.String()).Msg("status message posted")
	g.progMu.Lock()
	defer g.progMu.Unlock()
	ls.statusID, ls.lastEdit = m.ID, time.Now()
	g.scheduleFlushLocked(ls)
}

// flushStatus edits the status message with the newest progress, or reschedules when it is too soon.
func (w *channelWorker) flushStatus(ls *liveStatus) {
	g := w.g
	g.progMu.Lock()
	ls.queued = false
	if ls.done || !ls.statusID.IsValid() {
		g.progMu.Unlock()
		return
	}
	now := time.Now()
	if now.Before(g.nextEditLocked(ls)) {
		g.scheduleFlushLocked(ls)
		g.progMu.Unlock()
		return
	}
	content, id, components := renderWorking(ls, ls.latest, now), ls.statusID, stopButton(ls)
	ls.dirty = false
	g.progMu.Unlock()

	w.editStatus(id, content, components)

	g.progMu.Lock()
	defer g.progMu.Unlock()
	ls.lastEdit = time.Now()
	g.scheduleFlushLocked(ls)
}

// finishStatus edits a finished run's status message into its final line, without the Stop button. It reports
// whether there was a status message to finish.
func (w *channelWorker) finishStatus(ls *liveStatus, o actors.Outcome) bool {
	if ls == nil {
		return false
	}
	g := w.g
	g.progMu.Lock()
	id, posted := ls.statusID, ls.finalPosted
	content := renderFinal(ls, ls.latest, o, time.Now())
	g.progMu.Unlock()
	if posted {
		return id.IsValid()
	}
	if !id.IsValid() {
		return false
	}
	w.editStatus(id, content, discord.ContainerComponents{})
	return true
}

// editStatus replaces a status message's content and components.
func (w *channelWorker) editStatus(id discord.MessageID, content string, components discord.ContainerComponents) {
	data := api.EditMessageData{Content: option.NewNullableString(w.g.redact(content)), Components: &components,
		AllowedMentions: noPings()}
	if _, err := w.g.client.WithContext(w.g.ctx).EditMessageComplex(w.channel, id, data); err != nil {
		w.g.metrics.errors.WithLabelValues("edit").Inc()
		w.g.log.Warn().Err(err).Str("channel", w.channel.String()).Msg("edit status message")
		return
	}
	w.g.metrics.progressEdits.Inc()
}

// stopButton is the status message's Stop button; none once someone pressed it.
func stopButton(ls *liveStatus) discord.ContainerComponents {
	if ls.stoppingBy != "" {
		return discord.ContainerComponents{}
	}
	id := stopPrefix + ls.messageID + ":" + ls.asker
	return discord.ContainerComponents{&discord.ActionRowComponent{
		&discord.ButtonComponent{Style: discord.DangerButtonStyle(), Label: "Stop", CustomID: discord.ComponentID(id),
			Emoji: &discord.ComponentEmoji{Name: "🛑"}},
	}}
}

// renderWorking is a running run's status message.
func renderWorking(ls *liveStatus, p *actors.Progress, now time.Time) string {
	var b strings.Builder
	if ls.stoppingBy != "" {
		fmt.Fprintf(&b, "🛑 Stopping (asked by %s) · %s", ls.stoppingBy, elapsed(now.Sub(ls.started)))
	} else {
		fmt.Fprintf(&b, "⚙️ Working · %s", elapsed(now.Sub(ls.started)))
	}
	if p == nil {
		return b.String()
	}
	fmt.Fprintf(&b, " · %s", counts(p))
	if tool := toolLine(p); tool != "" {
		b.WriteString("\n" + tool)
	}
	if ls.verbosity == actors.ProgressFull {
		if p.Said != "" {
			fmt.Fprintf(&b, "\n💬 %s", strings.ReplaceAll(p.Said, "`", "ˋ"))
		}
		if len(p.Recent) > 1 {
			recent := make([]string, len(p.Recent))
			for i, r := range p.Recent {
				recent[i] = inlineCode(r)
			}
			fmt.Fprintf(&b, "\n🕘 %s", strings.Join(recent, " · "))
		}
	}
	return b.String()
}

// renderFinal is a finished run's status line: how it ended, how long it took, its turns and (unless the project
// hides it) its cost.
func renderFinal(ls *liveStatus, p *actors.Progress, o actors.Outcome, now time.Time) string {
	took := o.Duration
	if took <= 0 {
		took = now.Sub(ls.started)
	}
	var b strings.Builder
	switch o.Kind {
	case actors.Answered:
		fmt.Fprintf(&b, "✅ Done in %s", elapsed(took))
	case actors.Cancelled:
		fmt.Fprintf(&b, "🛑 Stopped after %s", elapsed(took))
		switch {
		case o.CancelBy == actors.CancelByNewerMessage:
			b.WriteString(": a newer message from the asker runs next")
		case o.CancelBy != "":
			fmt.Fprintf(&b, " by %s", o.CancelBy)
		}
	case actors.Failed:
		fmt.Fprintf(&b, "❌ Failed after %s", elapsed(took))
		if o.ErrorID != "" {
			fmt.Fprintf(&b, " (error id `%s`)", o.ErrorID)
		}
	default:
		fmt.Fprintf(&b, "⏹️ Ended after %s (%s)", elapsed(took), o.Kind)
	}
	turns := o.Turns
	if turns == 0 && p != nil {
		turns = p.Turns
	}
	if turns > 0 {
		fmt.Fprintf(&b, " · %s", plural(turns, "turn"))
	}
	if p != nil && p.Tools > 0 {
		fmt.Fprintf(&b, " · %s", plural(p.Tools, "tool call"))
	}
	if !o.HideCost && o.CostUSD > 0 {
		fmt.Fprintf(&b, " · %s", dollars(o.CostUSD))
	}
	return b.String()
}

// elapsed formats a duration for a status line: 12s, 1m05s, 1h02m.
func elapsed(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	default:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
}

// dollars formats a run's cost: four decimals under a dollar, two above.
func dollars(v float64) string {
	if v < 1 {
		return fmt.Sprintf("$%.4f", v)
	}
	return fmt.Sprintf("$%.2f", v)
}

// plural is "1 turn", "3 turns".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// inlineCode puts s in an inline code span; backticks inside become a look-alike so the span cannot break.
func inlineCode(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "ˋ") + "`"
}

// pressStop handles a status message's Stop button: the asker and admins may stop the run it was posted for.
func (g *Gateway) pressStop(ctx context.Context, channelID, customID, userID, name string, roles []string) api.InteractionResponse {
	msgID, asker, ok := strings.Cut(strings.TrimPrefix(customID, stopPrefix), ":")
	if !ok || msgID == "" {
		return ephemeral("Unknown button.")
	}
	if userID != asker && !g.access.IsAdmin(userID, roles) {
		g.log.Info().Str("channel", channelID).Str("user", userID).Str("message_id", msgID).Msg("stop button pressed by someone else: refused")
		return ephemeral("Only the person who asked, or an admin, can stop this run.")
	}
	r, err := g.core.CancelRun(ctx, channelID, msgID, name)
	if err != nil {
		g.log.Error().Err(err).Str("channel", channelID).Msg("stop button")
		return ephemeral("Stopping failed; try again.")
	}
	if !r.Cancelled {
		return ephemeral("That run has already ended.")
	}
	g.progMu.Lock()
	ls := g.live[channelID]
	if ls == nil || ls.messageID != msgID || ls.done {
		g.progMu.Unlock()
		return api.InteractionResponse{Type: api.DeferredMessageUpdate}
	}
	// The worker edits the message (its edits are serial, so the final line always lands last); the press is only
	// acknowledged here.
	ls.stoppingBy, ls.dirty = name, true
	g.scheduleFlushLocked(ls)
	g.progMu.Unlock()
	return api.InteractionResponse{Type: api.DeferredMessageUpdate}
}

// progressLine is what the run of messageID is doing now, for /status: its turns, tool calls and latest tool; ""
// when the channel shows no progress for it.
func (g *Gateway) progressLine(channelID, messageID string) string {
	g.progMu.Lock()
	defer g.progMu.Unlock()
	ls := g.live[channelID]
	if ls == nil || ls.messageID != messageID || ls.latest == nil {
		return ""
	}
	line := counts(ls.latest)
	if tool := toolLine(ls.latest); tool != "" {
		line += " · " + tool
	}
	return line
}

// counts is a run's turns and tool calls so far: "3 turns · 2 tool calls".
func counts(p *actors.Progress) string {
	return plural(p.Turns, "turn") + " · " + plural(p.Tools, "tool call")
}

// toolLine is the tool a run uses now, with its argument: "🔧 Bash `go test`"; "" when none.
func toolLine(p *actors.Progress) string {
	switch {
	case p.Tool == "":
		return ""
	case p.ToolArg == "":
		return "🔧 " + p.Tool
	default:
		return "🔧 " + p.Tool + " " + inlineCode(p.ToolArg)
	}
}
