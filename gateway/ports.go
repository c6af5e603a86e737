package gateway

import (
	"context"

	"github.com/discord-coordinator/coordinator/actors"
)

// Core is the actor core as the gateway uses it (actors.System in production).
type Core interface {
	Submit(m actors.Inbound) error
	Status(ctx context.Context, channelID string) (actors.ChannelStatus, error)
	Cancel(ctx context.Context, channelID, by string, dropQueue bool) (actors.CancelReply, error)
	// AddThread maps a thread under a mapped channel to the parent's project (actors.ErrThreadsOff when the project
	// keeps threads off) and returns the project's name.
	AddThread(threadID, parentID string) (string, error)
	// CancelRun stops the channel's run only if it runs messageID; the queue is left alone.
	CancelRun(ctx context.Context, channelID, messageID, by string) (actors.CancelReply, error)
	Reset(ctx context.Context, channelID, by string) (actors.ResetReply, error)
	SetModel(ctx context.Context, channelID, model, by string) (actors.SetModelReply, error)
	// Usage returns the spend of the channel's project today and this month (UTC), in US dollars, and its daily and
	// monthly budgets (0: no limit).
	Usage(ctx context.Context, channelID string) (project string, day, month, dayLimit, monthLimit float64, err error)
}
