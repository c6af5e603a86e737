package gateway

import "github.com/diamondburned/arikawa/v3/discord"

// A channel is "held" while something must happen before its live messages may be handled: its journal recovery
// and downtime catch-up after a restart (so that older mentions run first), or the lookup of an unknown channel
// that may be a new thread. Messages of a held channel wait in g.resolving, in gateway order, and are handled
// in that order when it is released.

// pendingMessage is a message waiting for its channel to be released.
type pendingMessage struct {
	m      *discord.Message
	member *discord.Member
	note   string
}

// deferToLookup holds a message of a held channel. It reports whether it held it.
func (g *Gateway) deferToLookup(m *discord.Message, member *discord.Member, note string) bool {
	channelID := m.ChannelID.String()
	g.resolveMu.Lock()
	defer g.resolveMu.Unlock()
	list, held := g.resolving[channelID]
	if !held {
		return false
	}
	g.resolving[channelID] = append(list, pendingMessage{m: m, member: member, note: note})
	return true
}

// holdJournalChannels holds every channel the journal knows, until recover has run its journaled mentions and
// caught it up: a live mention that arrives meanwhile must not overtake older ones.
func (g *Gateway) holdJournalChannels(snap *journalSnapshot) {
	if snap == nil {
		return
	}
	g.resolveMu.Lock()
	defer g.resolveMu.Unlock()
	for channelID := range snap.channels() {
		g.resolving[channelID] = []pendingMessage{}
	}
}

// release handles the messages held for a channel, in order, and stops holding it. With keep false (the channel
// turned out not to be for the bot) they are dropped; skip (when valid) is dropped too (it was answered already). A
// message of a channel that is still unmapped is handled after the hold ends, so that it can start its own lookup.
func (g *Gateway) release(channelID string, keep bool, skip discord.MessageID) {
	var unmapped []pendingMessage
	for {
		g.resolveMu.Lock()
		list, held := g.resolving[channelID]
		if !held || len(list) == 0 {
			delete(g.resolving, channelID)
			g.resolveMu.Unlock()
			break
		}
		g.resolving[channelID] = list[:0:0]
		g.resolveMu.Unlock()
		for _, p := range list {
			switch _, mapped := g.projectOf(channelID); {
			case !keep, skip.IsValid() && p.m.ID == skip:
			case mapped:
				g.handleNow(p.m, p.member, p.note)
			default:
				unmapped = append(unmapped, p)
			}
		}
	}
	for _, p := range unmapped {
		g.handle(p.m, p.member, p.note)
	}
}

// releaseAll releases every channel still held for the journal recovery, once each.
func (g *Gateway) releaseAll(snap *journalSnapshot) {
	for channelID := range snap.channels() {
		g.release(channelID, true, 0)
	}
}

// resolveThenHandle starts the lookup of an unmapped channel that a mention came from; the mention, and every
// message of the channel that arrives meanwhile, is handled afterwards, in order. This is how the first message of
// a thread whose create event has not arrived yet is not lost.
func (g *Gateway) resolveThenHandle(m *discord.Message, member *discord.Member, note string) {
	channelID := m.ChannelID.String()
	g.resolveMu.Lock()
	list, held := g.resolving[channelID]
	g.resolving[channelID] = append(list, pendingMessage{m: m, member: member, note: note})
	g.resolveMu.Unlock()
	if held {
		return // released by whoever holds it
	}
	g.loops.Go(func() {
		// A failed lookup told this mention to try again; the messages held with it try a lookup of their own.
		mapped, err := g.lookupThread(g.ctx, channelID, m.ID)
		if err != nil {
			g.release(channelID, true, m.ID)
			return
		}
		g.release(channelID, mapped, 0)
	})
}
