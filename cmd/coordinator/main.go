// Command coordinator lets a team drive Claude Code from Discord. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/discord-coordinator/coordinator/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
