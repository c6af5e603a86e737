package actors

import (
	"context"
	"io"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/store"
)

// Runner runs one headless Claude turn (internal/claude.Runner in production).
type Runner interface {
	Run(ctx context.Context, req claude.Request) claude.Result
}

// SessionStore keeps each channel's Claude session and run log (store.Store in production).
type SessionStore interface {
	GetSession(channelID string) (store.Session, bool, error)
	PutSession(s store.Session) error
	// RecordRun saves the session and appends the run to the run log, in one transaction.
	RecordRun(s store.Session, r store.Run) error
	// Spend returns what a project has spent, in US dollars, on the UTC day and in the UTC month of at (RecordRun
	// adds each run's cost to the project of its session).
	Spend(project string, at time.Time) (day, month float64, err error)
}

// Fetcher downloads an attached file (an HTTP client in production). Fetch writes the body to w and returns
// an error wrapping ErrAttachmentTooLarge when it is longer than maxBytes; it stops when ctx is done.
type Fetcher interface {
	Fetch(ctx context.Context, url string, w io.Writer, maxBytes int64) error
}

// Replier receives every outcome (the Discord gateway in production, a probe in tests). Deliver
// is called from actor goroutines and must not block for long: hand slow work to a goroutine or
// a queue of its own.
type Replier interface {
	Deliver(o Outcome)
}

// Project is the part of a project's configuration that shapes its Claude runs.
type Project struct {
	Name               string
	Dir                string
	Model              string
	AllowedTools       []string
	DisallowedTools    []string
	PermissionMode     string
	AppendSystemPrompt string
	MaxTurns           int
	MaxBudgetUSD       float64
	// DailyBudgetUSD and MonthlyBudgetUSD cap what the project spends per UTC day and UTC month: a message is
	// refused (OverBudget) once the spend reaches one; 0 means no limit.
	DailyBudgetUSD   float64
	MonthlyBudgetUSD float64
	// ToolTiers replace the tools and permission mode above for askers holding their role; the first tier whose
	// role the asker holds wins, so they are listed most permissive first.
	ToolTiers []ToolTier
	// BusyPolicy says what a new message does while the same user's earlier message runs: BusyQueue ("" too)
	// queues it, BusyInterrupt stops the running turn and runs the new message next.
	BusyPolicy string
	// Progress is how much a run shows while it works: ProgressOff (no status message), ProgressTools ("" too:
	// elapsed time, turns and the current tool) or ProgressFull (also Claude's latest words and the recent tools).
	Progress string
	// HideCost leaves the run's cost out of what the channel sees (the status message's final line).
	HideCost bool
	// Threads makes every thread under the project's channels its own channel, with its own Claude session and
	// queue, and this project's settings.
	Threads bool
}

// The verbosities of Project.Progress.
const (
	ProgressOff   = "off"   // no status message: reactions and typing only
	ProgressTools = "tools" // a status message with elapsed time, turns and the current tool (the default)
	ProgressFull  = "full"  // as tools, plus Claude's latest words and the recent tools
)

// The busy policies of Project.BusyPolicy.
const (
	BusyQueue     = "queue"     // a new message waits its turn (the default)
	BusyInterrupt = "interrupt" // a new message from the user whose message runs stops that run and runs next
)

// CancelByNewerMessage is Outcome.CancelBy of a run that a newer message of its asker stopped (BusyInterrupt).
const CancelByNewerMessage = "a newer message"

// ToolTier is the tool policy of the askers who hold a role.
type ToolTier struct {
	Role            string // the role id the asker must hold
	AllowedTools    []string
	DisallowedTools []string
	PermissionMode  string
}
