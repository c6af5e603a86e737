package gateway

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/utils/sendpart"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/store"
)

// queueFullNotice is how often a channel's queue-full notice may be posted.
const queueFullNotice = 30 * time.Second

// Reactions the bot puts on the asker's message.
const (
	reactQueued   = "⏳"
	reactRunning  = "👀"
	reactAnswered = "✅"
	reactFailed   = "❌"
	reactStopped  = "🛑"
	reactRefused  = "🚫"
)

// Deliver applies an outcome of the actor core in its channel: reactions, typing and replies. It
// never blocks: the work is queued for the channel's worker.
func (g *Gateway) Deliver(o actors.Outcome) {
	if o.Kind == actors.Working {
		g.progressed(&o) // coalesced: an edit follows when the interval allows
		return
	}
	g.deliver(o)
}

// deliver queues the outcome for its channel's worker, with the live status it starts or ends.
func (g *Gateway) deliver(o actors.Outcome) {
	var ls *liveStatus
	switch o.Kind {
	case actors.Queued:
	case actors.Started:
		ls = g.startLive(o)
	default:
		ls = g.endLive(o)
	}
	g.enqueue(o.ChannelID, func(w *channelWorker) { w.apply(o, ls) })
}

// apply shows an outcome in the channel; ls is the live status message of the run that Started starts or a final
// outcome ends (nil when it has none).
func (w *channelWorker) apply(o actors.Outcome, ls *liveStatus) {
	msgID, err := discord.ParseSnowflake(o.MessageID)
	if err != nil {
		w.g.log.Error().Str("message_id", o.MessageID).Msg("outcome for a message id that is not a snowflake")
		return
	}
	asker := discord.MessageID(msgID)
	fb := w.feedback[o.MessageID]
	if fb == nil {
		fb = &feedback{}
		w.feedback[o.MessageID] = fb
	}
	switch o.Kind {
	case actors.Queued:
		w.react(asker, fb, reactQueued)
		if m := w.send(asker, fmt.Sprintf("Queued #%d: I'll start on it when the runs ahead of it finish.", o.Position), nil); m != nil {
			fb.notice = m.ID
		}
		return // not final
	case actors.Started:
		w.g.journalSet(o.MessageID, store.JournalStarted)
		w.react(asker, fb, reactRunning)
		w.dropNotice(fb, "the run started")
		w.startTyping()
		if ls != nil {
			w.postStatus(asker, ls)
		}
		return // not final
	case actors.Answered:
		w.stopTyping()
		w.finishStatus(ls, o)
		w.answer(asker, o)
		w.react(asker, fb, reactAnswered)
	case actors.Failed:
		w.stopTyping()
		w.finishStatus(ls, o)
		w.send(asker, fmt.Sprintf("⚠️ %s (error id `%s`)", o.Text, o.ErrorID), nil)
		w.react(asker, fb, reactFailed)
	case actors.Cancelled:
		w.stopTyping()
		if !w.finishStatus(ls, o) {
			w.send(asker, "🛑 Stopped.", nil)
		}
		w.react(asker, fb, reactStopped)
	case actors.QueueFull:
		// In a flood, one notice per channel every queueFullNotice; every message still gets 🚫.
		if now := time.Now(); now.Sub(w.lastQueueFull) >= queueFullNotice {
			w.lastQueueFull = now
			w.send(asker, o.Text, nil)
		}
		w.react(asker, fb, reactRefused)
	case actors.BreakerOpen, actors.OverBudget:
		w.send(asker, o.Text, nil)
		w.react(asker, fb, reactRefused)
	case actors.Postponed:
		w.stopTyping()
		w.dropNotice(fb, "postponed")
		w.send(asker, "⏳ "+o.Text, nil)
		w.react(asker, fb, reactQueued)
		delete(w.feedback, o.MessageID)
		return // stays open in the journal: it runs after the restart
	case actors.NotMapped:
		// The gateway only submits mapped channels; nothing to show.
	default:
		w.g.log.Error().Str("outcome", o.Kind.String()).Str("message_id", o.MessageID).Msg("outcome of an unknown kind: ignored")
		return
	}
	w.dropNotice(fb, "the message was answered") // a queued message stopped, refused or failed before it ran
	delete(w.feedback, o.MessageID)
	w.g.notes.Delete(o.MessageID)
	w.g.journalSet(o.MessageID, store.JournalDone) // after the reply: a crash before it means a retry
}

// dropNotice deletes the "Queued #N" note of a message that no longer waits.
func (w *channelWorker) dropNotice(fb *feedback, reason string) {
	if !fb.notice.IsValid() {
		return
	}
	if err := w.g.client.WithContext(w.g.ctx).DeleteMessage(w.channel, fb.notice, api.AuditLogReason(reason)); err != nil {
		w.g.metrics.errors.WithLabelValues("delete").Inc()
	}
	fb.notice = 0
}

// answer sends Claude's answer as a reply, split to Discord's limit, or as a head plus the full
// text attached when it would take more than MaxChunks messages. The files of the run's outbox go with the last
// message (with answer.md when the answer is attached, at most actors.MaxOutFiles in all); the ones left out
// are listed in an italic line.
func (w *channelWorker) answer(asker discord.MessageID, o actors.Outcome) {
	text := strings.TrimSpace(w.g.redact(o.Text))
	if text == "" {
		text = "(Claude finished without a text answer.)"
	}
	if o.NewSession {
		text = "_The channel's previous Claude session could not be resumed, so this starts a new one._\n\n" + text
	}
	if note, ok := w.g.notes.Load(o.MessageID); ok {
		text = note.(string) + "\n\n" + text
	}
	footer := budgetNote(o.BudgetWarning) + tierFooter(o.Tier)
	files, notSent := o.Files, o.FilesNotSent
	if f := scanFences(fence{}, text); (footer != "" || len(notSent) > 0 || len(files) > 0) && f.isOpen() {
		text += "\n" + f.marker() // close a code block the answer left open, so the notes are not in it
	}
	chunks := Split(text+notSentNote(notSent)+footer, MessageLimit)
	if len(chunks) > w.g.opts.MaxChunks {
		if len(files) > actors.MaxOutFiles-1 { // answer.md takes one of the message's places
			for _, f := range files[actors.MaxOutFiles-1:] {
				notSent = append(notSent, f.Name+" (no room beside answer.md)")
			}
			files = files[:actors.MaxOutFiles-1]
		}
		note := notSentNote(notSent) + "\n\n*(The full answer is attached.)*" + footer
		head := Head(text, MessageLimit-len([]rune(note))) + note
		parts := append([]sendpart.File{{Name: "answer.md", Reader: strings.NewReader(text)}}, w.g.fileParts(files)...)
		w.send(asker, head, parts)
		return
	}
	for i, c := range chunks {
		reply := asker
		if i > 0 {
			reply = 0
		}
		var parts []sendpart.File
		if i == len(chunks)-1 {
			parts = w.g.fileParts(files)
		}
		w.send(reply, c, parts)
	}
}

// fileParts makes the files of a run's outbox into message attachments. Text files go through
// the same secret filter as the messages (binary files cannot be filtered and go as they are).
func (g *Gateway) fileParts(files []actors.File) []sendpart.File {
	parts := make([]sendpart.File, 0, len(files))
	for _, f := range files {
		data := f.Data
		if utf8.Valid(data) {
			data = []byte(g.redact(string(data)))
		}
		parts = append(parts, sendpart.File{Name: f.Name, Reader: bytes.NewReader(data)})
	}
	return parts
}

// maxNotSentNote bounds the line listing the files left out, in runes, so that it always fits beside a head.
const maxNotSentNote = 500

// notSentNote is the italic line that lists the outbox files left out of the reply, "" when there are none. Past
// maxNotSentNote runes the rest are counted ("and 12 more"), so the line always fits in a message.
func notSentNote(notSent []string) string {
	if len(notSent) == 0 {
		return ""
	}
	var listed []string
	size := 0
	for i, f := range notSent {
		f = clip(f, 120)
		if size+utf8.RuneCountInString(f) > maxNotSentNote {
			listed = append(listed, fmt.Sprintf("and %d more", len(notSent)-i))
			break
		}
		listed = append(listed, f)
		size += utf8.RuneCountInString(f) + 2
	}
	return "\n\n*Files not sent: " + strings.Join(listed, "; ") + "*"
}

// clip shortens s to at most n runes, ending it with "…" when it was longer.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// budgetNote is the italic line of an answer that brought its project near a budget, "" when there is no warning.
func budgetNote(warning string) string {
	if warning == "" {
		return ""
	}
	return "\n\n*⚠️ " + warning + "*"
}

// tierFooter is the last line of an answer whose run used a tool tier: it names the tier's role
// (a role mention pings nobody: every message is sent with no allowed mentions). "" for the
// project's own tools.
func tierFooter(role string) string {
	if role == "" {
		return ""
	}
	return "\n\n*— tools: tier <@&" + role + ">*"
}

// send posts content in the channel, as a reply to replyTo when it is set, pinging nobody.
func (w *channelWorker) send(replyTo discord.MessageID, content string, files []sendpart.File) *discord.Message {
	m, err := w.post(replyTo, api.SendMessageData{Content: content, Files: files})
	if err != nil {
		w.g.log.Error().Err(err).Str("channel", w.channel.String()).Msg("send message")
	}
	return m
}

// post sends data in the channel, as a reply to replyTo when it is set: its content redacted, pinging nobody, and
// counted in the metrics.
func (w *channelWorker) post(replyTo discord.MessageID, data api.SendMessageData) (*discord.Message, error) {
	data.Content, data.AllowedMentions = w.g.redact(data.Content), noPings()
	if replyTo.IsValid() {
		data.Reference = &discord.MessageReference{MessageID: replyTo}
	}
	m, err := w.g.client.WithContext(w.g.ctx).SendMessageComplex(w.channel, data)
	if err != nil {
		w.g.metrics.errors.WithLabelValues("send").Inc()
		return nil, err
	}
	w.g.metrics.sent.Inc()
	return m, nil
}

// react replaces the bot's reaction on the asker's message with emoji.
func (w *channelWorker) react(msg discord.MessageID, fb *feedback, emoji string) {
	client := w.g.client.WithContext(w.g.ctx)
	if fb.reaction != "" && fb.reaction != emoji {
		if err := client.Unreact(w.channel, msg, discord.APIEmoji(fb.reaction)); err != nil {
			w.g.metrics.errors.WithLabelValues("unreact").Inc()
		}
	}
	if err := client.React(w.channel, msg, discord.APIEmoji(emoji)); err != nil {
		w.g.metrics.errors.WithLabelValues("react").Inc()
		w.g.log.Debug().Err(err).Msg("react")
		return
	}
	fb.reaction = emoji
}

// redact removes secrets from text the bot is about to post, and logs that it did (never what).
func (g *Gateway) redact(text string) string {
	if g.opts.Redact == nil {
		return text
	}
	out, n := g.opts.Redact(text)
	if n > 0 {
		g.metrics.redactions.Add(float64(n))
		g.log.Warn().Int("secrets", n).Msg("secrets removed from a message before posting it")
	}
	return out
}
