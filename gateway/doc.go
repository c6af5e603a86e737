// Package gateway connects coordinator to Discord through arikawa v3: it turns mentions in mapped
// channels into messages for the actor core, turns the actors' outcomes into reactions, typing
// and replies, and serves the slash commands.
//
// # Contracts
//
//   - Inbound: a message is handled when it is in a mapped channel (or a DM, when enabled), is
//     not from a bot or from the bot itself, and mentions the bot. Mentions in one channel reach
//     the actor core in the order the gateway delivered them (a synchronous handler).
//   - Access: deny by default. Only allowed users and roles may drive Claude or use commands; a
//     stranger gets at most one polite refusal per refusal window, and nothing runs.
//   - Outbound: everything the bot sends carries allowed_mentions that ping nobody. Outcomes of
//     one channel are applied in order by that channel's worker goroutine, so one channel's rate
//     limit never delays another's.
//   - Replies: answers are replies to the asker's message, split at 2000 code points with code
//     fences kept balanced; longer than Options.MaxChunks messages, a head plus a .md attachment.
//     Errors show the short text and the error id, never stderr or paths.
//   - Progress: a run's status message is posted when it starts (unless its project's progress is off),
//     edited at most once per Options.ProgressInterval however many Working outcomes come (a burst
//     collapses into one edit) and every Options.ProgressHeartbeat while nothing happens, finalised
//     when the run ends, before the answer is posted as a new message. Its Stop button works for the
//     asker and admins only; a press is only acknowledged, and the worker edits the message, so the final
//     line always lands last. The status message's id is journaled: after a crash, the status of an
//     interrupted run is edited to say so (a crash between the answer and the journal's done mark makes a
//     finished run's status say "Interrupted" too; its answer is there).
//   - Threads: a thread of a mapped channel whose project sets threads is mapped on THREAD_CREATE (and
//     joined), on GUILD_CREATE, or on its first mention: a mention in an unknown guild channel is held,
//     with any later message of that channel, while the channel is looked up, then handled in order.
//   - Order across a restart: the channels the journal knows are held from Start until their journaled
//     mentions are resubmitted and their downtime caught up; a live mention that arrives meanwhile runs
//     after those older ones.
//   - Endpoints: with Options.APIBaseURL set, no request goes to Discord, the gateway lookup
//     included; nothing package-global is changed.
package gateway
