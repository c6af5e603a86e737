package actors

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Timers send messages to their actor through the root context, so the actor handles them in its
// own goroutine. protoactor's SetReceiveTimeout is not used: it races under -race. Passivation
// needs no timer per channel: the manager's sweep asks every channel to check itself.

// checkIdle offers the manager to passivate the channel when it has been idle long enough (the
// manager's sweep asks every PassivateAfter/2). The manager stops it only if it has forwarded no
// message the actor has not seen yet, so no message can be lost in the hand-over.
func (a *channelActor) checkIdle(ctx actor.Context) {
	now := a.sys.now()
	quiet := now.Sub(a.st.lastActivity) >= a.sys.opts.PassivateAfter
	if quiet && a.run == nil && len(a.st.pending) == 0 && !a.st.waitingSlot &&
		!a.st.troubled(now, a.sys.opts.RestartWindow) {
		ctx.Send(ctx.Parent(), &idle{channelID: a.st.id, pid: ctx.Self(), seen: a.st.received})
	}
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
	if a.wakeTimer != nil {
		a.wakeTimer.Stop()
	}
}
