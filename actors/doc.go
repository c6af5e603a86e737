// Package actors is coordinator's actor core: one actor per Discord channel, a manager that
// routes and supervises them, and a fair scheduler for the global limit on Claude processes.
//
// # Guarantees
//
//   - Order: the messages of one channel run one at a time, in the order the manager received
//     them (a project with the interrupt busy policy lets a message jump ahead: see Busy policy).
//     Two people can never resume the same Claude session at once.
//   - Parallelism: different channels run in parallel, at most Options.MaxConcurrent Claude
//     processes at once. A slot is held until the process has exited.
//   - Fairness: waiting channels get free slots round-robin; a channel with more messages goes
//     to the back of the line after each run, so it cannot starve a channel with one message.
//   - Nothing silent: every message ends in exactly one final outcome (Answered, Failed,
//     Cancelled, QueueFull, BreakerOpen, NotMapped, OverBudget or Postponed), delivered to the Replier. A message that
//     has to wait first gets Queued with its position; a message whose run starts gets Started.
//   - Mailbox never blocks: a run happens in a goroutine, so Status and Cancel are answered while
//     Claude works. Cancel kills the run's process group and is not a failure.
//   - Supervision: a run that crashes or times out is answered with an error id, then the
//     channel actor panics and the manager restarts it after Options.RestartDelay. The queue
//     lives outside the actor instance, so the messages behind the failed one run afterwards, in
//     order. More than Options.MaxRestarts failures within Options.RestartWindow trip the
//     channel's breaker: for Options.BreakerCooldown every message in that channel is answered
//     BreakerOpen (with the last error id) instead of being run or dropped.
//   - Sessions: a channel actor loads its session from the store when it starts (first use,
//     restart, return from passivation), resumes it on the next run, and saves the session id
//     (only from a successful result), turns and cost after every run, plus a run-log entry. A
//     session the CLI no longer knows is dropped and the message retried once in a new session;
//     the answer says so (Outcome.NewSession).
//   - Passivation: a channel idle for Options.PassivateAfter stops and frees its memory. The
//     manager stops it only when the actor has seen every message forwarded to it, and removes
//     it from routing first, so no message is lost in the hand-over. The next message spawns a
//     fresh actor that loads the session again.
//   - Tool tiers: a run uses the allowed and disallowed tools and the permission mode of the
//     first Project.ToolTiers entry whose role is among Inbound.Roles (the asker's), else the
//     project's own; Started and Answered name that tier's role in Outcome.Tier ("" = the project's).
//   - Queue bound: at most Options.QueueLimit messages wait per channel; the next is answered
//     QueueFull.
//   - Busy policy: with Project.BusyPolicy BusyQueue (the default) a message waits its turn. With
//     BusyInterrupt, a message from the user whose message is running stops that run as Cancel
//     does (its process group is killed; not a failure, no restart; it is answered Cancelled with
//     CancelBy CancelByNewerMessage) and goes to the head of the queue, so it runs next and resumes
//     the channel's session. A message from another user is queued as usual, and so are the same
//     user's earlier messages that were only queued: they stay queued and run after it. Several
//     such messages sent while the run stops run in the order they came. The queue bound still
//     applies: on a full queue the message is answered QueueFull and the run goes on.
//   - Attachments: the files of Inbound.Attachments are downloaded by Options.Fetcher in the run's goroutine
//     (never in an actor's Receive) into <project dir>/.coordinator-inbox/<message id>/ (0700), under
//     sanitized, de-duplicated base names; a file over Options.MaxAttachmentBytes (announced or streamed)
//     is skipped. The prompt names the folder and the files, and the skipped and dropped ones; the folder
//     is removed when the run ends, whatever its outcome. Logs carry counts, never contents.
//   - Progress: unless Project.Progress is ProgressOff, the run's stream-json events become Working outcomes
//     (turns, tool calls, the latest tool and its short argument; Claude's words and the recent tools at
//     ProgressFull), delivered from the run's goroutine before its final outcome. The Replier must coalesce
//     them: they come per event. CancelRun stops a run only while it runs the given message.
//   - Budgets: a message is refused OverBudget when it arrives, and again when its turn comes, if the
//     project's daily or monthly spend has reached its budget by then.
//   - Threads: AddThread maps a thread to its parent channel's project when the project sets Threads; the
//     thread is then a channel like any other, with its own actor, queue and session.
//
// # Design notes
//
// The pinned protoactor-go drops the message being handled when an actor panics, drops the queue
// when an actor is stopped, and races on SetReceiveTimeout under -race. So the channel queue is
// kept in a channelState that survives restarts, the supervisor never uses Stop, and timers are
// plain time.AfterFunc that send a message to the actor.
package actors
