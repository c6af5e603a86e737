package actors

import (
	"context"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/google/uuid"
	"github.com/rs/zerolog"

	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/store"
)

// channelActor serves one channel: it queues the channel's messages and runs them through Claude
// one at a time, in order. It never blocks its mailbox: a run happens in a goroutine whose result
// comes back as a runDone message, so status and cancel are answered while Claude works.
//
// A run that crashes or times out makes the actor panic after replying to the asker; the manager
// restarts it and the new instance carries on with the queue kept in channelState.
type channelActor struct {
	sys *System
	st  *channelState

	// The stored session's id and model override, loaded on Started. The rest of the record is
	// read again when a run is recorded, so an idle channel keeps only these two strings.
	sessionID, model string

	run       *activeRun  // the run in flight, if any
	wakeTimer *time.Timer // the end of a restart delay
}

// activeRun is the run in flight.
type activeRun struct {
	id       uint64
	msg      *pendingMsg
	cancel   context.CancelFunc
	started  time.Time
	resumed  bool
	cancelBy string
	epoch    uint64 // channelState.sessionEpoch when the run started
	tier     string // the role of the tool tier the run uses; "" for the project's tools
	ahead    int    // messages its asker sent to interrupt it, waiting at the head of the queue (BusyInterrupt)
}

// runFailure is the panic value of a channel actor whose run failed; the manager's supervision
// callback receives it as the failure reason.
type runFailure struct {
	errorID string
	outcome claude.Outcome
	err     error
}

func (f *runFailure) Error() string {
	return fmt.Sprintf("claude run %s failed (%s): %v", f.errorID, f.outcome, f.err)
}

func newChannelActor(sys *System, st *channelState) actor.Actor {
	return &channelActor{sys: sys, st: st}
}

// logAt starts a log event tagged with the channel and project. (A per-actor sub-logger would
// cost each idle channel a 500-byte context buffer.)
func (a *channelActor) logAt(level zerolog.Level) *zerolog.Event {
	return a.sys.log.WithLevel(level).Str("channel", a.st.id).Str("project", a.st.project.Name)
}

// Receive handles one message.
func (a *channelActor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		a.started(ctx)
	case *actor.Restarting:
		a.interrupt("the channel restarted after an internal error")
		a.stopTimers()
	case *actor.Stopping:
		a.interrupt("the coordinator stopped before the run finished")
		a.dropPending()
		a.stopTimers()
		if a.st.waitingSlot {
			a.sys.sched.withdraw(a.st.id)
		}
	case *Inbound:
		a.accept(ctx, m)
	case *slotGranted:
		a.st.waitingSlot = false
		if !a.canStart() {
			a.sys.sched.release()
		} else {
			a.startRun(ctx)
		}
		a.pump(ctx)
	case *runDone:
		a.finish(ctx, m)
	case *wake:
		a.pump(ctx)
	case *idleCheck:
		a.checkIdle(ctx)
	case *StatusRequest:
		ctx.Respond(a.status())
	case *CancelRequest:
		ctx.Respond(a.cancel(m))
	case *ResetRequest:
		ctx.Respond(a.reset(m))
	case *SetModelRequest:
		ctx.Respond(a.setModel(m))
	}
}

func (a *channelActor) started(ctx actor.Context) {
	sess, ok, err := a.sys.opts.Store.GetSession(a.st.id)
	switch {
	case err != nil:
		a.logAt(zerolog.ErrorLevel).Err(err).Msg("load session: starting without one")
	case ok:
		a.sessionID, a.model = sess.ClaudeSessionID, sess.Model
	}
	if a.st.lastActivity.IsZero() {
		a.st.lastActivity = a.sys.now()
	}
	a.pump(ctx)
}

// accept queues an inbound message, or answers it at once when it cannot be queued.
func (a *channelActor) accept(ctx actor.Context, m *Inbound) {
	now := a.sys.now()
	a.st.received++
	a.st.lastActivity = now
	project := a.st.project.Name
	a.sys.metrics.received.WithLabelValues(project).Inc()

	if open, until, lastErr := a.st.breaker(now); open {
		a.sys.metrics.rejected.WithLabelValues(project, "breaker_open").Inc()
		a.reply(m, Outcome{Kind: BreakerOpen, RetryAt: until, ErrorID: lastErr, Text: breakerText(until, lastErr)})
		return
	}
	if len(a.st.pending) >= a.sys.opts.QueueLimit {
		a.sys.metrics.rejected.WithLabelValues(project, "queue_full").Inc()
		a.reply(m, Outcome{Kind: QueueFull, Text: fmt.Sprintf("This channel already has %d messages waiting; send it again later.", len(a.st.pending))})
		return
	}
	if text := a.overBudget(now); text != "" {
		a.sys.metrics.rejected.WithLabelValues(project, "over_budget").Inc()
		a.reply(m, Outcome{Kind: OverBudget, Text: text})
		return
	}
	p := &pendingMsg{Inbound: *m, enqueued: now}
	a.sys.metrics.queued.WithLabelValues(project).Inc()
	if a.interrupts(m) {
		a.interruptFor(p)
		return
	}
	a.st.pending = append(a.st.pending, p)
	a.pump(ctx)
	if n := len(a.st.pending); n > 0 && a.st.pending[n-1] == p {
		a.reply(m, Outcome{Kind: Queued, Position: n})
	}
}

// interrupts reports whether m stops the run in flight: the project's busy policy is interrupt and
// m comes from the user whose message runs.
func (a *channelActor) interrupts(m *Inbound) bool {
	return a.st.project.BusyPolicy == BusyInterrupt && a.run != nil && m.UserID != "" && a.run.msg.UserID == m.UserID
}

// interruptFor stops the run in flight as Cancel does (not a failure) and puts p at the head of
// the queue, behind any message that interrupted the same run before it: the run's runDone comes
// back Cancelled, and pump then starts p, resuming the channel's session.
func (a *channelActor) interruptFor(p *pendingMsg) {
	run := a.run
	at := min(run.ahead, len(a.st.pending))
	a.st.pending = append(a.st.pending, nil)
	copy(a.st.pending[at+1:], a.st.pending[at:])
	a.st.pending[at] = p
	run.ahead++
	if run.cancelBy == "" {
		run.cancelBy = CancelByNewerMessage
	}
	run.cancel()
	a.logAt(zerolog.InfoLevel).Str("message_id", run.msg.MessageID).Str("by_message", p.MessageID).
		Str("user", p.UserID).Msg("run interrupted by a newer message of its asker")
	a.reply(&p.Inbound, Outcome{Kind: Queued, Position: at + 1})
}

// canStart reports whether the head of the queue may start now (a slot aside).
func (a *channelActor) canStart() bool {
	if a.run != nil || len(a.st.pending) == 0 || a.sys.draining.Load() {
		return false
	}
	now := a.sys.now()
	if open, _, _ := a.st.breaker(now); open {
		return false
	}
	return !now.Before(a.st.hold())
}

// pump moves the queue along: it asks for a run slot when the head of the queue may start, waits
// out a restart delay, and answers the queue while the breaker is open.
func (a *channelActor) pump(ctx actor.Context) {
	if a.run != nil || a.st.waitingSlot || len(a.st.pending) == 0 || a.sys.draining.Load() {
		return
	}
	now := a.sys.now()
	if open, until, lastErr := a.st.breaker(now); open {
		for _, p := range a.st.pending {
			a.sys.metrics.rejected.WithLabelValues(a.st.project.Name, "breaker_open").Inc()
			a.reply(&p.Inbound, Outcome{Kind: BreakerOpen, RetryAt: until, ErrorID: lastErr, Text: breakerText(until, lastErr)})
		}
		a.sys.metrics.queued.WithLabelValues(a.st.project.Name).Sub(float64(len(a.st.pending)))
		a.st.pending = nil
		return
	}
	if hold := a.st.hold(); now.Before(hold) {
		a.armWake(ctx, hold.Sub(now))
		return
	}
	self, root := ctx.Self(), a.sys.root
	if a.sys.sched.request(a.st.id, func() { root.Send(self, &slotGranted{}) }) {
		a.startRun(ctx)
		a.pump(ctx) // a no-op while the run goes; the next message when the head was refused
		return
	}
	a.st.waitingSlot = true
}

// startRun takes the head of the queue and runs it in a goroutine that holds the run slot until
// the Claude process has exited.
func (a *channelActor) startRun(ctx actor.Context) {
	p := a.st.pending[0]
	a.st.pending[0] = nil
	a.st.pending = a.st.pending[1:]
	now := a.sys.now()
	project := a.st.project.Name
	a.sys.metrics.queued.WithLabelValues(project).Dec()
	if text := a.overBudget(now); text != "" {
		// The budget ran out while it waited: it is refused as a new message would be, and the slot goes back.
		a.sys.sched.release()
		a.sys.metrics.rejected.WithLabelValues(project, "over_budget").Inc()
		a.logAt(zerolog.InfoLevel).Str("message_id", p.MessageID).Msg("queued message refused: the budget ran out while it waited")
		a.reply(&p.Inbound, Outcome{Kind: OverBudget, Text: text})
		return
	}
	a.sys.metrics.running.WithLabelValues(project).Inc()
	a.sys.metrics.queueWait.WithLabelValues(project).Observe(now.Sub(p.enqueued).Seconds())

	req, tier := a.request(p)
	a.st.nextRunID++
	runCtx, cancel := context.WithCancel(a.sys.runCtx)
	a.run = &activeRun{id: a.st.nextRunID, msg: p, cancel: cancel, started: now, resumed: req.ResumeID != "",
		epoch: a.st.sessionEpoch, tier: tier}
	verbosity := a.verbosity()
	a.reply(&p.Inbound, Outcome{Kind: Started, Resumed: a.run.resumed, Tier: tier, Verbosity: verbosity})
	if t := newProgressTracker(verbosity, now, a.progressReporter(&p.Inbound)); t != nil {
		req.OnEvent = t.observe
	}
	a.logAt(zerolog.InfoLevel).Str("message_id", p.MessageID).Str("user", p.UserID).Bool("resume", a.run.resumed).
		Str("tool_tier", tier).Dur("queue_wait_ms", now.Sub(p.enqueued)).Msg("run start")

	id, self, root, sys := a.run.id, ctx.Self(), a.sys.root, a.sys
	log := a.sys.log.With().Str("channel", a.st.id).Str("project", project).Str("message_id", p.MessageID).Logger()
	in := p.Inbound
	sys.runs.Add(1)
	sys.inflight.Add(1)
	go func() {
		defer sys.runs.Done()
		folder := inboxID(in.MessageID)
		box := sys.fetchAttachments(runCtx, log, req.Dir, folder, &in)
		req.Prompt += box.note
		out := openOutbox(log, req.Dir, folder)
		req.AppendSystemPrompt = out.appendTo(req.AppendSystemPrompt)
		res, fresh := sys.execute(runCtx, req)
		box.remove(log)
		var files outFiles
		if res.Outcome == claude.OutcomeOK {
			files = out.collect(log)
		}
		out.remove(log)
		cancel()
		sys.sched.release()
		root.Send(self, &runDone{id: id, result: res, newSession: fresh, files: files})
	}()
}

// request builds the Claude request for a queued message from the project, the asker's tool tier
// and the session. It returns the tier's role too ("" when the project's own tools apply).
func (a *channelActor) request(p *pendingMsg) (claude.Request, string) {
	proj := a.st.project
	req := claude.Request{
		Dir:                proj.Dir,
		Prompt:             p.Text,
		Model:              proj.Model,
		AllowedTools:       proj.AllowedTools,
		DisallowedTools:    proj.DisallowedTools,
		PermissionMode:     proj.PermissionMode,
		AppendSystemPrompt: proj.AppendSystemPrompt,
		MaxTurns:           proj.MaxTurns,
		MaxBudgetUSD:       proj.MaxBudgetUSD,
	}
	var tierRole string
	if t := pickTier(proj.ToolTiers, p.Roles); t != nil {
		req.AllowedTools, req.DisallowedTools, req.PermissionMode = t.AllowedTools, t.DisallowedTools, t.PermissionMode
		tierRole = t.Role
	}
	if a.model != "" {
		req.Model = a.model
	}
	if id := a.sessionID; id != "" && claude.ValidSessionID(id) {
		req.ResumeID = id
	} else {
		req.NewSessionID = uuid.NewString()
	}
	return req, tierRole
}

// finish handles a run's result: it records it, replies, and fails the actor when the run
// crashed or timed out.
func (a *channelActor) finish(ctx actor.Context, m *runDone) {
	if a.run == nil || m.id != a.run.id {
		return // a run of an earlier incarnation: it was already answered
	}
	run := a.run
	a.run = nil
	defer a.sys.answered() // after the reply: Drain waits for answers, not just processes
	res := m.result
	now := a.sys.now()
	elapsed := now.Sub(run.started)
	a.st.lastActivity = now
	project := a.st.project.Name
	a.sys.metrics.running.WithLabelValues(project).Dec()
	a.sys.metrics.runs.WithLabelValues(project, res.Outcome.String()).Inc()
	a.sys.metrics.runDuration.WithLabelValues(project).Observe(elapsed.Seconds())
	if res.CostUSD > 0 {
		a.sys.metrics.cost.WithLabelValues(project).Add(res.CostUSD)
	}

	var errorID string
	if res.Outcome != claude.OutcomeOK && res.Outcome != claude.OutcomeCancelled {
		errorID = newErrorID()
		a.st.setLastError(errorID)
	}
	a.record(run, res, m.newSession, errorID, elapsed)

	base := Outcome{Class: res.Outcome, CostUSD: res.CostUSD, Turns: res.Turns, Duration: elapsed,
		HideCost: a.st.project.HideCost}
	ev := a.logAt(zerolog.InfoLevel)
	switch res.Outcome {
	case claude.OutcomeOK:
		base.Kind, base.Text, base.NewSession, base.Tier = Answered, res.Text, m.newSession, run.tier
		base.Files, base.FilesNotSent = m.files.sent, m.files.notSent
		base.BudgetWarning = a.budgetWarning(now)
	case claude.OutcomeCancelled:
		base.Kind, base.CancelBy = Cancelled, run.cancelBy
	default:
		base.Kind, base.ErrorID, base.Text = Failed, errorID, a.failureText(res)
		ev = a.logAt(zerolog.WarnLevel).Err(res.Err).Str("stderr_tail", res.StderrTail).Int("exit_code", res.ExitCode)
	}
	ev.Str("message_id", run.msg.MessageID).Str("outcome", res.Outcome.String()).Dur("duration_ms", elapsed).
		Float64("cost_usd", res.CostUSD).Int("turns", res.Turns).Str("error_id", errorID).
		Bool("new_session", m.newSession).Msg("run end")
	a.reply(&run.msg.Inbound, base)

	if res.Outcome.IsFailure() {
		panic(&runFailure{errorID: errorID, outcome: res.Outcome, err: res.Err})
	}
	a.pump(ctx)
}

// record saves the session and appends the run to the run log.
func (a *channelActor) record(run *activeRun, res claude.Result, newSession bool, errorID string, elapsed time.Duration) {
	now := a.sys.now()
	s, ok, err := a.sys.opts.Store.GetSession(a.st.id)
	if err != nil {
		a.logAt(zerolog.ErrorLevel).Err(err).Msg("load session to record a run")
	}
	if !ok {
		s = store.Session{ChannelID: a.st.id, CreatedAt: now}
	}
	s.Project = a.st.project.Name
	switch {
	case run.epoch != a.st.sessionEpoch:
		s.ClaudeSessionID = "" // the session was reset while this run was in flight
	case res.Outcome == claude.OutcomeOK && res.SessionID != "":
		s.ClaudeSessionID = res.SessionID // a session id is kept only from a successful result
	case newSession, res.Outcome == claude.OutcomeStaleSession, res.Outcome == claude.OutcomeInvalidSession,
		res.Outcome == claude.OutcomeSessionInUse:
		s.ClaudeSessionID = "" // the stored one is unusable: the next message starts afresh
	}
	s.LastActive = now
	s.Turns += res.Turns
	s.TotalCostUSD += res.CostUSD
	s.LastUserID, s.LastUserName = run.msg.UserID, run.msg.UserName
	if errorID != "" {
		s.LastErrorID = errorID
	}
	err = a.sys.opts.Store.RecordRun(s, store.Run{
		ChannelID: a.st.id, MessageID: run.msg.MessageID, UserID: run.msg.UserID, SessionID: res.SessionID,
		Start: run.started, Duration: elapsed, Outcome: res.Outcome.String(), CostUSD: res.CostUSD,
		Turns: res.Turns, ErrorID: errorID,
	})
	if err != nil {
		a.logAt(zerolog.ErrorLevel).Err(err).Msg("record run: session and run log not saved")
		return
	}
	a.sessionID, a.model = s.ClaudeSessionID, s.Model
}

// interrupt answers the run in flight when the actor restarts or stops under it.
func (a *channelActor) interrupt(why string) {
	if a.run == nil {
		return
	}
	run := a.run
	a.run = nil
	a.sys.answered()
	run.cancel()
	a.sys.metrics.running.WithLabelValues(a.st.project.Name).Dec()
	errorID := newErrorID()
	a.logAt(zerolog.WarnLevel).Str("message_id", run.msg.MessageID).Str("error_id", errorID).Msg("run interrupted: " + why)
	a.reply(&run.msg.Inbound, Outcome{Kind: Failed, ErrorID: errorID, Class: claude.OutcomeCancelled,
		Text: "The run was interrupted: " + why + "."})
}

// dropPending answers every queued message when the actor stops for good (shutdown): it did not
// run, and with the gateway's journal it runs after the restart.
func (a *channelActor) dropPending() {
	for _, p := range a.st.pending {
		a.logAt(zerolog.InfoLevel).Str("message_id", p.MessageID).Msg("queued message postponed: stopping")
		a.reply(&p.Inbound, Outcome{Kind: Postponed,
			Text: "The coordinator is restarting; this message runs after the restart."})
	}
	a.sys.metrics.queued.WithLabelValues(a.st.project.Name).Sub(float64(len(a.st.pending)))
	a.st.pending = nil
}

func (a *channelActor) status() ChannelStatus {
	open, until, lastErr := a.st.breaker(a.sys.now())
	s := ChannelStatus{
		ChannelID: a.st.id, Project: a.st.project.Name, Active: true, Queued: len(a.st.pending),
		WaitingForSlot: a.st.waitingSlot, SessionID: a.sessionID, LastErrorID: lastErr,
	}
	if open {
		s.BreakerOpenUntil = until
	}
	if a.run != nil {
		s.Running = &RunInfo{MessageID: a.run.msg.MessageID, UserID: a.run.msg.UserID, Since: a.run.started}
	}
	s.Model = a.model
	if sess, ok, err := a.sys.opts.Store.GetSession(a.st.id); err == nil && ok {
		s.Turns, s.CostUSD = sess.Turns, sess.TotalCostUSD
	}
	return s
}

func (a *channelActor) cancel(m *CancelRequest) CancelReply {
	var r CancelReply
	if m.MessageID != "" && (a.run == nil || a.run.msg.MessageID != m.MessageID) {
		return r // that message's run is over (or never started): nothing to stop
	}
	if m.DropQueue && m.MessageID == "" {
		for _, p := range a.st.pending {
			a.reply(&p.Inbound, Outcome{Kind: Cancelled, CancelBy: m.By, Class: claude.OutcomeCancelled})
		}
		r.Dropped = len(a.st.pending)
		a.sys.metrics.queued.WithLabelValues(a.st.project.Name).Sub(float64(r.Dropped))
		a.st.pending = nil
	}
	if a.run != nil {
		if a.run.cancelBy == "" { // a newer message of its asker may have stopped it first
			a.run.cancelBy = m.By
		}
		a.run.cancel()
		r.Cancelled, r.MessageID = true, a.run.msg.MessageID
	}
	a.logAt(zerolog.InfoLevel).Str("message_id", r.MessageID).Str("by", m.By).Int("dropped", r.Dropped).Msg("cancel requested")
	return r
}

// reset forgets the channel's Claude session.
func (a *channelActor) reset(m *ResetRequest) any {
	a.st.sessionEpoch++
	had := a.sessionID != ""
	a.sessionID = ""
	s, ok, err := a.sys.opts.Store.GetSession(a.st.id)
	if err != nil {
		return fmt.Errorf("reset session of channel %s: %w", a.st.id, err)
	}
	if ok {
		s.ClaudeSessionID, s.Turns = "", 0
		if err := a.sys.opts.Store.PutSession(s); err != nil {
			return fmt.Errorf("reset session of channel %s: %w", a.st.id, err)
		}
	}
	a.logAt(zerolog.InfoLevel).Str("by", m.By).Bool("had_session", had).Msg("session reset")
	return ResetReply{HadSession: had}
}

// setModel sets the channel's model override.
func (a *channelActor) setModel(m *SetModelRequest) any {
	s, ok, err := a.sys.opts.Store.GetSession(a.st.id)
	if err != nil {
		return fmt.Errorf("set model of channel %s: %w", a.st.id, err)
	}
	if !ok {
		s = store.Session{ChannelID: a.st.id, Project: a.st.project.Name}
	}
	prev := s.Model
	s.Model = m.Model
	if err := a.sys.opts.Store.PutSession(s); err != nil {
		return fmt.Errorf("set model of channel %s: %w", a.st.id, err)
	}
	a.model = m.Model
	a.logAt(zerolog.InfoLevel).Str("by", m.By).Str("model", m.Model).Str("previous", prev).Msg("model set")
	return SetModelReply{Previous: prev}
}

// verbosity returns the project's progress verbosity, ProgressTools when it is not set.
func (a *channelActor) verbosity() string {
	switch v := a.st.project.Progress; v {
	case ProgressOff, ProgressFull:
		return v
	}
	return ProgressTools
}

// progressReporter returns what the run's progress tracker calls, from the run's goroutine, to deliver a Working
// outcome about msg. It copies what it needs: the actor's state is not touched outside the actor.
func (a *channelActor) progressReporter(msg *Inbound) func(Progress) {
	base := Outcome{Kind: Working, ChannelID: msg.ChannelID, MessageID: msg.MessageID, UserID: msg.UserID,
		Project: a.st.project.Name}
	replier := a.sys.opts.Replier
	return func(p Progress) {
		o := base
		o.Progress = &p
		replier.Deliver(o)
	}
}

// reply delivers an outcome about msg to the reply port.
func (a *channelActor) reply(msg *Inbound, o Outcome) {
	o.ChannelID, o.MessageID, o.UserID, o.Project = msg.ChannelID, msg.MessageID, msg.UserID, a.st.project.Name
	a.sys.opts.Replier.Deliver(o)
}
