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
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-signals // the first signal asks for a clean stop; later ones reach the command
		cancel()
	}()
	code := cli.Run(ctx, os.Args[1:], cli.OSEnv(signals))
	cancel()
	os.Exit(code)
}
