package actors

import (
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// manager routes every message to its channel's actor, spawning the actor on first use, and
// supervises the channel actors: it implements actor.SupervisorStrategy, so protoactor hands it
// every child failure.
type manager struct {
	sys      *System
	channels map[string]*channelEntry // by channel id
	byPID    map[string]*channelEntry // by PID id
	sweeper  *time.Timer              // the next passivation sweep
}

// sweep is the manager's passivation timer firing.
type sweep struct{}

// channelEntry is the manager's record of a live channel actor.
type channelEntry struct {
	pid       *actor.PID
	st        *channelState
	forwarded int // inbound messages forwarded, for the passivation handshake
}

func newManager(sys *System) actor.Actor {
	return &manager{sys: sys, channels: make(map[string]*channelEntry), byPID: make(map[string]*channelEntry)}
}

// Receive handles one message.
func (m *manager) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		m.armSweep(ctx)
	case *actor.Stopping:
		if m.sweeper != nil {
			m.sweeper.Stop()
		}
	case *sweep:
		for _, e := range m.channels {
			ctx.Send(e.pid, &idleCheck{})
		}
		m.armSweep(ctx)
	case *actor.Terminated:
		m.sys.metrics.channels.Dec()
	case *Inbound:
		e := m.entry(ctx, msg.ChannelID)
		if e == nil {
			m.sys.metrics.rejected.WithLabelValues("none", "not_mapped").Inc()
			m.sys.opts.Replier.Deliver(Outcome{Kind: NotMapped, ChannelID: msg.ChannelID, MessageID: msg.MessageID,
				UserID: msg.UserID, Text: "This channel is not mapped to a project."})
			return
		}
		e.forwarded++
		ctx.Send(e.pid, msg)
	case *StatusRequest:
		if e := m.channels[msg.ChannelID]; e != nil {
			ctx.Forward(e.pid)
			return
		}
		ctx.Respond(m.idleStatus(msg.ChannelID))
	case *CancelRequest:
		if e := m.channels[msg.ChannelID]; e != nil {
			ctx.Forward(e.pid)
			return
		}
		ctx.Respond(CancelReply{})
	case *ResetRequest, *SetModelRequest:
		id := msg.(interface{ channel() string }).channel()
		e := m.entry(ctx, id)
		if e == nil {
			ctx.Respond(fmt.Errorf("channel %s is not mapped to a project", id))
			return
		}
		ctx.Forward(e.pid)
	case *idle:
		e := m.channels[msg.channelID]
		if e == nil || !e.pid.Equal(msg.pid) || e.forwarded != msg.seen {
			return // a message is on its way to the channel: it stays
		}
		delete(m.channels, msg.channelID)
		delete(m.byPID, e.pid.Id)
		ctx.Stop(e.pid)
		m.sys.metrics.passivated.Inc()
		m.sys.log.Debug().Str("channel", msg.channelID).Msg("channel passivated")
	}
}

// armSweep schedules the next passivation sweep, every PassivateAfter/2 (a negative
// PassivateAfter turns passivation off).
func (m *manager) armSweep(ctx actor.Context) {
	if m.sys.opts.PassivateAfter <= 0 {
		return
	}
	self, root := ctx.Self(), m.sys.root
	m.sweeper = time.AfterFunc(m.sys.opts.PassivateAfter/2, func() { root.Send(self, &sweep{}) })
}

// entry returns the channel's live actor, spawning it if needed; nil if the channel is not mapped.
func (m *manager) entry(ctx actor.Context, channelID string) *channelEntry {
	if e := m.channels[channelID]; e != nil {
		return e
	}
	project := m.sys.project(channelID)
	if project == nil {
		return nil
	}
	st := &channelState{id: channelID, project: project}
	props := actor.PropsFromProducer(func() actor.Actor { return newChannelActor(m.sys, st) })
	pid := ctx.SpawnPrefix(props, "channel-"+channelID+"-")
	e := &channelEntry{pid: pid, st: st}
	m.channels[channelID] = e
	m.byPID[pid.Id] = e
	m.sys.metrics.channels.Inc()
	return e
}

// idleStatus answers a status request for a channel without a live actor.
func (m *manager) idleStatus(channelID string) ChannelStatus {
	s := ChannelStatus{ChannelID: channelID}
	if p := m.sys.project(channelID); p != nil {
		s.Project = p.Name
	}
	if sess, ok, err := m.sys.opts.Store.GetSession(channelID); err == nil && ok {
		s.SessionID, s.LastErrorID, s.Model = sess.ClaudeSessionID, sess.LastErrorID, sess.Model
		s.Turns, s.CostUSD = sess.Turns, sess.TotalCostUSD
	}
	return s
}

// HandleFailure is called by protoactor when a channel actor panicked: its run crashed or timed
// out (a *runFailure, already answered), or a bug. The actor is always restarted, so the queue it
// keeps survives; repeated failures trip the channel's breaker instead of stopping the actor,
// because protoactor's Stop would drop the queued messages.
func (m *manager) HandleFailure(_ *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	_ *actor.RestartStatistics, reason interface{}, _ interface{}) {
	e := m.byPID[child.Id]
	if e == nil {
		supervisor.StopChildren(child)
		return
	}
	now := m.sys.now()
	tripped := e.st.recordFailure(now, m.sys.breaker)
	project := e.st.project.Name
	m.sys.metrics.restarts.WithLabelValues(project).Inc()
	log := m.sys.log.With().Str("channel", e.st.id).Str("project", project).Logger()
	ev := log.Warn()
	if f, ok := reason.(*runFailure); ok {
		ev = ev.Str("error_id", f.errorID).Str("outcome", f.outcome.String()).AnErr("cause", f.err)
	} else {
		ev = ev.Interface("panic", reason)
	}
	ev.Dur("restart_delay", m.sys.breaker.restartDelay).Msg("channel actor restarting")
	if tripped {
		m.sys.metrics.trips.WithLabelValues(project).Inc()
		log.Error().Dur("cooldown", m.sys.breaker.cooldown).Int("max_restarts", m.sys.breaker.maxRestarts).
			Dur("window", m.sys.breaker.window).Msg("channel breaker tripped")
	}
	supervisor.RestartChildren(child)
}
