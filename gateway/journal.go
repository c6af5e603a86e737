package gateway

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/store"
)

// Journal keeps every accepted mention from before it is acknowledged until its answer is
// delivered (store.Store in production), so a restart can finish what a crash interrupted.
type Journal interface {
	JournalAdd(e store.JournalEntry) (added bool, err error)
	JournalSet(messageID, state string) error
	JournalSetStatus(messageID, statusID string) error
	JournalGet(messageID string) (store.JournalEntry, bool, error)
	JournalSnapshot() (open []store.JournalEntry, latest map[string]string, err error)
}

// DefaultCatchUpAge bounds the downtime catch-up when Options.CatchUpAge is zero.
const DefaultCatchUpAge = 24 * time.Hour

// Notes put before an answer.
const (
	noteRecovered = "_This message arrived before a restart; here is its answer._"
	noteCaughtUp  = "_This message was sent while I was offline; here is its answer._"
	noteRetried   = "_A restart interrupted this message's run; it ran again from the start._"
	retryPrefix   = "retry:"
)

// inbound is an accepted mention on its way to the actor core.
type inbound struct {
	actors.Inbound
	note string // shown before the answer
}

// accept journals a mention and hands it to the actor core. A message id already in the journal
// (a gateway replay, or a message the catch-up found again) is dropped.
func (g *Gateway) accept(m inbound) {
	if g.journal != nil {
		added, err := g.journal.JournalAdd(journalEntry(m.Inbound))
		switch {
		case err != nil:
			g.log.Error().Err(err).Str("message_id", m.MessageID).Msg("journal: the mention runs without a record")
		case !added:
			g.log.Info().Str("message_id", m.MessageID).Msg("mention already journaled: duplicate dropped")
			return
		}
	}
	g.submit(m)
}

// journalEntry is the journal record of an inbound mention.
func journalEntry(m actors.Inbound) store.JournalEntry {
	e := store.JournalEntry{MessageID: m.MessageID, ChannelID: m.ChannelID, UserID: m.UserID, UserName: m.UserName,
		Roles: m.Roles, Text: m.Text, Received: m.Received, DroppedAttachments: m.DroppedAttachments}
	for _, a := range m.Attachments {
		e.Attachments = append(e.Attachments, store.JournalAttachment(a))
	}
	return e
}

// inboundOf is the inbound mention a journal record keeps; its attachments are downloaded again.
func inboundOf(e store.JournalEntry) actors.Inbound {
	m := actors.Inbound{ChannelID: e.ChannelID, MessageID: e.MessageID, UserID: e.UserID, UserName: e.UserName,
		Roles: e.Roles, Text: e.Text, Received: e.Received, DroppedAttachments: e.DroppedAttachments}
	for _, a := range e.Attachments {
		m.Attachments = append(m.Attachments, actors.Attachment(a))
	}
	return m
}

// submit hands a journaled mention to the actor core.
func (g *Gateway) submit(m inbound) {
	if m.note != "" {
		g.notes.Store(m.MessageID, m.note)
	}
	if err := g.core.Submit(m.Inbound); err != nil {
		g.log.Error().Err(err).Str("message_id", m.MessageID).Msg("submit mention")
		g.enqueue(m.ChannelID, func(w *channelWorker) {
			id, _ := discord.ParseSnowflake(m.MessageID)
			w.send(discord.MessageID(id), "⚠️ The coordinator is shutting down and could not take this message; it runs after the restart.", nil)
		})
	}
}

// postpone journals a mention that arrives while the coordinator stops and tells the asker it runs
// after the restart; the recovery runs it then.
func (g *Gateway) postpone(m inbound) {
	switch added, err := g.journal.JournalAdd(journalEntry(m.Inbound)); {
	case err != nil:
		g.log.Error().Err(err).Str("message_id", m.MessageID).Msg("journal: a mention during shutdown is not kept")
		return
	case !added:
		return
	}
	g.log.Info().Str("message_id", m.MessageID).Msg("mention during shutdown: journaled, runs after the restart")
	g.enqueue(m.ChannelID, func(w *channelWorker) {
		id, _ := discord.ParseSnowflake(m.MessageID)
		w.send(discord.MessageID(id), "⏳ The coordinator is restarting; this message runs after the restart.", nil)
		w.react(discord.MessageID(id), &feedback{}, reactQueued)
	})
}

// journalSet records a message's progress; a failure is logged, not fatal.
func (g *Gateway) journalSet(messageID, state string) {
	if g.journal == nil {
		return
	}
	if err := g.journal.JournalSet(messageID, state); err != nil {
		g.log.Error().Err(err).Str("message_id", messageID).Str("state", state).Msg("journal")
	}
}

// recover runs once, after the first READY: mentions accepted before a restart run now, in order;
// a mention whose run was in flight is not re-run blindly (its tools may have had side effects) —
// its asker gets a button to run it again; then the messages posted while the bot was down are
// fetched and their mentions handled.
//
// The journal's channels are held from Start until then: a live mention that arrives meanwhile waits, and runs after
// the older ones of its channel.
func (g *Gateway) recover(snap *journalSnapshot) {
	defer g.releaseAll(snap)
	g.mapJournalThreads(snap)
	for _, e := range snap.open {
		if e.StatusID != "" {
			g.enqueue(e.ChannelID, func(w *channelWorker) { w.endStaleStatus(e.StatusID) })
		}
		in := inbound{Inbound: inboundOf(e), note: noteRecovered}
		if e.State == store.JournalAccepted {
			g.log.Info().Str("message_id", e.MessageID).Msg("journal: running a mention accepted before the restart")
			g.submit(in)
			continue
		}
		if g.autoRetry(e.ChannelID) {
			g.log.Warn().Str("message_id", e.MessageID).Msg("journal: a run was interrupted by the restart; running it again (retry_interrupted)")
			g.journalSet(e.MessageID, store.JournalAccepted)
			in.note = noteRetried
			g.submit(in)
			continue
		}
		g.log.Warn().Str("message_id", e.MessageID).Msg("journal: a run was interrupted by the restart; offering a retry")
		g.journalSet(e.MessageID, store.JournalDone)
		g.enqueue(e.ChannelID, func(w *channelWorker) { w.offerRetry(e) })
	}
	g.catchUp(snap.latest)
}

// journalSnapshot is the journal as it was before this process received any message: what
// recover finishes and where the catch-up starts. Taken later, it would mistake live mentions
// for leftovers.
type journalSnapshot struct {
	open   []store.JournalEntry
	latest map[string]string
}

// channels returns the channels the snapshot names, once each.
func (s *journalSnapshot) channels() map[string]bool {
	set := make(map[string]bool, len(s.latest))
	for _, e := range s.open {
		set[e.ChannelID] = true
	}
	for channelID := range s.latest {
		set[channelID] = true
	}
	return set
}

func (g *Gateway) snapshotJournal() (*journalSnapshot, error) {
	if g.journal == nil {
		return nil, nil
	}
	open, latest, err := g.journal.JournalSnapshot()
	if err != nil {
		return nil, fmt.Errorf("read the journal: %w", err)
	}
	return &journalSnapshot{open: open, latest: latest}, nil
}

// catchUp fetches, for each channel with a journal, the messages posted after the newest one it
// knows (bounded by count and age) and handles the mentions among them, oldest first.
func (g *Gateway) catchUp(latest map[string]string) {
	if g.opts.CatchUpMessages <= 0 {
		return
	}
	for channelID, after := range latest {
		if _, mapped := g.projectOf(channelID); !mapped {
			continue
		}
		ch, err1 := discord.ParseSnowflake(channelID)
		last, err2 := discord.ParseSnowflake(after)
		if err1 != nil || err2 != nil {
			continue
		}
		msgs, err := g.client.WithContext(g.ctx).MessagesAfter(discord.ChannelID(ch), discord.MessageID(last), uint(g.opts.CatchUpMessages))
		if err != nil {
			g.metrics.errors.WithLabelValues("catch_up").Inc()
			g.log.Error().Err(err).Str("channel", channelID).Msg("catch-up: fetch messages")
			continue
		}
		sort.Slice(msgs, func(i, j int) bool { return msgs[i].ID < msgs[j].ID })
		handled := 0
		for i := range msgs {
			m := &msgs[i]
			if time.Since(m.Timestamp.Time()) > g.opts.CatchUpAge {
				continue
			}
			if g.handleNow(m, g.memberOf(m), noteCaughtUp) { // the channel is held: the live ones wait
				handled++
			}
		}
		if handled > 0 {
			g.log.Info().Str("channel", channelID).Int("mentions", handled).Msg("catch-up: mentions sent while offline")
		}
		g.release(channelID, true, 0)
	}
}

// memberOf looks up the guild member who wrote a fetched message (REST messages carry no member).
func (g *Gateway) memberOf(m *discord.Message) *discord.Member {
	guild := m.GuildID
	if !guild.IsValid() {
		if c, err := g.st.Channel(m.ChannelID); err == nil {
			guild = c.GuildID
		}
	}
	if !guild.IsValid() {
		return nil
	}
	mem, err := g.st.Member(guild, m.Author.ID)
	if err != nil {
		return nil
	}
	return mem
}

// offerRetry tells the asker that a restart interrupted their run, with a button to run it again.
func (w *channelWorker) offerRetry(e store.JournalEntry) {
	id, err := discord.ParseSnowflake(e.MessageID)
	if err != nil {
		return
	}
	button := &discord.ButtonComponent{Style: discord.PrimaryButtonStyle(), Label: "Run it again",
		CustomID: discord.ComponentID(retryPrefix + e.MessageID)}
	data := api.SendMessageData{Content: "⚠️ A restart interrupted Claude while it worked on this message. Its tools may " +
		"already have run, so it was not run again on its own; press the button to run it again.",
		Components: discord.ContainerComponents{&discord.ActionRowComponent{button}}}
	if _, err := w.post(discord.MessageID(id), data); err != nil {
		w.g.log.Error().Err(err).Str("channel", w.channel.String()).Msg("send message")
	}
	w.react(discord.MessageID(id), &feedback{reaction: reactRunning}, reactFailed)
}

// retry runs an interrupted message again, for its asker or an admin.
func (g *Gateway) retry(customID, userID string, roles []string) string {
	msgID := strings.TrimPrefix(customID, retryPrefix)
	if g.journal == nil {
		return "Nothing to retry."
	}
	e, ok, err := g.journal.JournalGet(msgID)
	if err != nil || !ok {
		return "That message is no longer known; mention me again."
	}
	if e.UserID != userID && !g.access.IsAdmin(userID, roles) {
		return "Only the person who asked (or an admin) can run it again."
	}
	g.journalSet(msgID, store.JournalAccepted)
	in := inboundOf(e)
	in.Received = time.Now()
	g.submit(inbound{Inbound: in}) // the asker's tier, whoever retries
	return fmt.Sprintf("Running it again for <@%s>.", e.UserID)
}

// mapJournalThreads maps again the threads that the journal names, before their mentions run or are caught up:
// a thread's mapping is not kept across restarts, its project is found again from its parent.
// The lookups run a few at a time, so that many deleted threads do not hold the live mentions for long.
func (g *Gateway) mapJournalThreads(snap *journalSnapshot) {
	const parallel = 8
	slots := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for channelID := range snap.channels() {
		if _, mapped := g.projectOf(channelID); mapped {
			continue
		}
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if _, err := g.lookupThread(g.ctx, channelID, 0); err != nil {
				g.log.Warn().Err(err).Str("channel", channelID).Msg("journal channel not looked up: its mentions may not run")
			}
		})
	}
	wg.Wait()
}

// endStaleStatus finalises the status message of a run that a restart interrupted: it would say "Working" with a
// Stop button for ever otherwise.
func (w *channelWorker) endStaleStatus(statusID string) {
	id, err := discord.ParseSnowflake(statusID)
	if err != nil {
		return
	}
	w.editStatus(discord.MessageID(id), "⚠️ Interrupted: the coordinator restarted while this ran.", discord.ContainerComponents{})
}
