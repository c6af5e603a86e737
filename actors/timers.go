package actors

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// The channel actor's timers send messages to itself through the root context, so the actor
// handles them in its own goroutine. protoactor's SetReceiveTimeout is not used: it races under
// -race (see docs/design.md).

// armIdle schedules the next passivation check.
func (a *channelActor) armIdle(ctx actor.Context) {
	d := a.sys.opts.PassivateAfter
	if d <= 0 {
		return
	}
	if a.idleTimer != nil {
		a.idleTimer.Stop()
	}
	self, root := ctx.Self(), a.sys.root
	a.idleTimer = time.AfterFunc(d, func() { root.Send(self, &idleCheck{}) })
}

// checkIdle offers the manager to passivate the channel when it has been idle long enough. The
// manager stops it only if it has forwarded no message the actor has not seen yet, so no message
// can be lost in the hand-over.
func (a *channelActor) checkIdle(ctx actor.Context) {
	now := a.sys.now()
	quiet := now.Sub(a.st.lastActivity) >= a.sys.opts.PassivateAfter
	if quiet && a.run == nil && len(a.st.pending) == 0 && !a.st.waitingSlot &&
		!a.st.troubled(now, a.sys.opts.RestartWindow) {
		ctx.Send(ctx.Parent(), &idle{channelID: a.st.id, pid: ctx.Self(), seen: a.st.received})
	}
	a.armIdle(ctx) // if the manager declines (a message is on its way), check again later
}

// armWake schedules the end of a restart delay.
func (a *channelActor) armWake(ctx actor.Context, d time.Duration) {
	if a.wakeTimer != nil {
		a.wakeTimer.Stop()
	}
	self, root := ctx.Self(), a.sys.root
	a.wakeTimer = time.AfterFunc(d, func() { root.Send(self, &wake{}) })
}

func (a *channelActor) stopTimers() {
	for _, t := range []*time.Timer{a.idleTimer, a.wakeTimer} {
		if t != nil {
			t.Stop()
		}
	}
}
