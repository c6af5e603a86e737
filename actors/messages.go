package actors

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/discord-coordinator/coordinator/internal/claude"
)

// Inbound is a message someone posted for Claude in a channel.
type Inbound struct {
	ChannelID string
	MessageID string // the platform's message id (Discord's), used to reply to it
	UserID    string
	UserName  string
	Roles     []string  // the asker's role ids; they pick the project's tool tier
	Text      string    // the prompt, with the bot mention already stripped
	Received  time.Time // set by System.Submit when zero
	// Attachments are files attached to the message: the run downloads them into the project dir first.
	Attachments []Attachment
	// DroppedAttachments counts the files beyond the platform's per-message limit that were not passed on; the
	// prompt says so.
	DroppedAttachments int
}

// Attachment is a file attached to an inbound message.
type Attachment struct {
	Name string // the file name the sender gave (sanitized before use)
	URL  string // where to download it
	Size int64  // the size the platform announced, in bytes (0: unknown)
}

// OutcomeKind says what happened to an inbound message.
type OutcomeKind int

// The outcomes a message can have. Every accepted message ends in exactly one of Answered, Failed,
// Cancelled or Postponed (the system stopped before it ran); QueueFull, BreakerOpen, NotMapped and OverBudget end a message that was not accepted. Queued
// and Started are progress on the way.
const (
	Queued      OutcomeKind = iota + 1 // it has to wait; Position says where it is in the channel's line
	Started                            // its Claude run started
	Answered                           // Claude answered; Text holds the answer
	Failed                             // the run failed; ErrorID names it in the log
	Cancelled                          // someone cancelled the run, or a newer message of its asker stopped it (CancelBy says which)
	QueueFull                          // the channel's queue is full; the message was not accepted
	BreakerOpen                        // the channel keeps failing and rests until RetryAt
	NotMapped                          // the channel belongs to no project
	Postponed                          // the coordinator stopped before it ran; with a journal it runs after the restart
	OverBudget                         // the project's daily or monthly budget is used up; Text says which
	Working                            // the run in flight made progress; Progress says what (sent from the run)
)

var outcomeNames = map[OutcomeKind]string{
	Queued: "queued", Started: "started", Answered: "answered", Failed: "failed", Cancelled: "cancelled",
	QueueFull: "queue_full", BreakerOpen: "breaker_open", NotMapped: "not_mapped", Postponed: "postponed",
	OverBudget: "over_budget", Working: "working",
}

// String returns the kind's name as used in logs and metrics.
func (k OutcomeKind) String() string {
	if name, ok := outcomeNames[k]; ok {
		return name
	}
	return "unknown"
}

// Outcome is what the actors tell the reply port about one inbound message.
type Outcome struct {
	Kind      OutcomeKind
	ChannelID string
	MessageID string
	UserID    string
	Project   string

	Position   int            // Queued: 1 is next in line
	Text       string         // Answered: Claude's answer; Failed, BreakerOpen: a short message safe to show
	Class      claude.Outcome // Answered, Failed, Cancelled: how the run ended
	ErrorID    string         // Failed: the id the log has too; BreakerOpen: the last failure's id
	NewSession bool           // Answered: the stored session was gone, so a new one was started
	Resumed    bool           // Started: the run resumes the channel's session
	Tier       string         // Started, Answered: the role id of the tool tier the run used ("" = the project's tools)
	CostUSD    float64        // Answered, Failed: what the run cost
	Turns      int
	Duration   time.Duration
	RetryAt    time.Time // BreakerOpen: when the channel tries again
	CancelBy   string    // Cancelled: who cancelled
	// BudgetWarning is, on Answered, a short line safe to show when the project's spend has reached 80 % or more
	// of its daily or monthly budget; "" otherwise.
	BudgetWarning string

	Files        []File   // Answered: the files Claude wrote to the run's outbox, to attach to the reply
	FilesNotSent []string // Answered: outbox files left out, each "name (reason)"

	// Verbosity is, on Started, the project's Progress setting (ProgressOff, ProgressTools or ProgressFull): whether
	// Working outcomes follow and how much they say.
	Verbosity string
	Progress  *Progress // Working: what the run has done so far
	HideCost  bool      // Answered, Failed, Cancelled: the project does not show what a run cost
}

// File is one file of a run's outbox, read into memory.
type File struct {
	Name string
	Data []byte
}

// StatusRequest asks for a channel's status; the answer is a ChannelStatus.
type StatusRequest struct {
	ChannelID string
}

// ChannelStatus is what a channel is doing.
type ChannelStatus struct {
	ChannelID        string
	Project          string
	Active           bool     // an actor is live for the channel (false: idle and passivated, or never used)
	Running          *RunInfo // nil when nothing runs
	Queued           int      // messages waiting behind the running one
	WaitingForSlot   bool     // the next message waits for a global run slot
	SessionID        string   // the stored Claude session, if any
	Model            string   // the channel's model override ("" = the project's)
	Turns            int      // turns in the stored session
	CostUSD          float64  // the channel's total Claude cost
	BreakerOpenUntil time.Time
	LastErrorID      string
}

// RunInfo describes the run in flight.
type RunInfo struct {
	MessageID string
	UserID    string
	Since     time.Time
}

// CancelRequest asks a channel to stop its running Claude turn; the answer is a CancelReply.
// Queued messages are not affected. A cancel is not a failure: the channel does not restart.
type CancelRequest struct {
	ChannelID string
	By        string // who asked, for the log and the outcome
	DropQueue bool   // also drop the queued messages (each is answered Cancelled)
	// MessageID, when set, stops the run only if it runs that message (a Stop button on its status message); the
	// queue is then left alone whatever DropQueue says.
	MessageID string
}

// CancelReply answers a CancelRequest.
type CancelReply struct {
	Cancelled bool   // a run was in flight and was told to stop
	MessageID string // the message whose run was cancelled
	Dropped   int    // queued messages dropped
}

// ResetRequest makes a channel forget its Claude session: its next message starts a new one. A run
// in flight finishes, but its session is not kept. The answer is a ResetReply.
type ResetRequest struct {
	ChannelID string
	By        string
}

// ResetReply answers a ResetRequest.
type ResetReply struct {
	HadSession bool
}

// SetModelRequest sets a channel's model override ("" returns to the project's model), kept in the
// store; the next run uses it. The answer is a SetModelReply.
type SetModelRequest struct {
	ChannelID string
	Model     string
	By        string
}

// SetModelReply answers a SetModelRequest.
type SetModelReply struct {
	Previous string
}

// Internal messages.

// slotGranted tells a channel that the scheduler gave it a run slot.
type slotGranted struct{}

// runDone carries a finished run back to its channel actor.
type runDone struct {
	id         uint64
	result     claude.Result
	newSession bool     // the stored session was stale and the run was retried in a fresh one
	files      outFiles // what the run left in its outbox (only collected when it answered)
}

// wake ends a channel's restart delay.
type wake struct{}

// idleCheck is the passivation timer firing.
type idleCheck struct{}

// idle tells the manager that a channel has been idle and has seen seen inbound messages.
type idle struct {
	channelID string
	pid       *actor.PID
	seen      int
}

func (r *ResetRequest) channel() string    { return r.ChannelID }
func (r *SetModelRequest) channel() string { return r.ChannelID }
