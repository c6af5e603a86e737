package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/discord-coordinator/coordinator/gateway"
	"github.com/discord-coordinator/coordinator/internal/app"
	"github.com/discord-coordinator/coordinator/internal/config"
	"github.com/discord-coordinator/coordinator/internal/redact"
	"github.com/discord-coordinator/coordinator/internal/version"
)

// defaultShutdownGrace is how long running turns may finish after SIGTERM; systemd's
// TimeoutStopSec must be longer (deploy/systemd).
const defaultShutdownGrace = 30 * time.Second

const runSynopsis = `run [-config FILE]

Runs the bot: connects to Discord with the token in the environment variable DISCORD_TOKEN,
answers mentions in the mapped channels and serves /metrics, /healthz and /readyz on
metrics.listen. SIGINT or SIGTERM stop it cleanly: new mentions are journaled for after the restart, running turns may
finish for -grace, then they are stopped; waiting messages run after the restart. A second signal
stops at once.`

func run(ctx context.Context, args []string, env Env) int {
	fs := newFlagSet("run", runSynopsis)
	path := fs.String("config", defaultConfigPath, "configuration file")
	grace := fs.Duration("grace", defaultShutdownGrace, "on SIGINT/SIGTERM, how long running Claude turns may finish before they are stopped")
	if code, done := fs.parseNoArgs(args, env); done {
		return code
	}
	cfg, ok := loadConfig(*path, env)
	if !ok {
		return ExitUsage
	}
	if cfg.Discord.Token.Reveal() == "" {
		fmt.Fprintf(env.Stderr, "coordinator run: %s is not set: put the bot token in the environment\n", config.EnvToken)
		return ExitUsage
	}
	secrets := redact.New(cfg.Secrets(env.LookupEnv)...)
	log := newLogger(secrets.Writer(env.Stderr), cfg.Log.Level)
	a, err := app.New(cfg, app.Options{Logger: log, Discord: true, Redactor: secrets})
	if err != nil {
		fmt.Fprintf(env.Stderr, "coordinator run: %v\n", err)
		return ExitFailure
	}
	if err := a.Start(ctx); err != nil {
		log.Error().Err(err).Msg("start failed")
		fmt.Fprintf(env.Stderr, "coordinator run: %v\n", err)
		if errors.Is(err, gateway.ErrFatal) {
			return ExitUsage // a token or intent to fix: restarting will not help
		}
		return ExitFailure
	}
	log.Info().Str("config", *path).Str("version", version.String()).Msg("coordinator running")

	code := ExitOK
	select {
	case <-ctx.Done():
		log.Info().Msg("signal received: stopping")
	case err := <-a.Fatal():
		log.Error().Err(err).Msg("Discord gateway closed for good")
		fmt.Fprintf(env.Stderr, "coordinator run: %v\n", err)
		code = ExitUsage
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), *grace)
	watched := make(chan struct{})
	go func() { // owned by run: ends with stopCtx, waited for below
		defer close(watched)
		select {
		case <-env.Interrupts:
			log.Warn().Msg("second signal: stopping the running turns now")
			cancel()
		case <-stopCtx.Done():
		}
	}()
	log.Info().Dur("grace", *grace).Msg("stopping: no new mentions; running turns may finish")
	stopErr := a.Stop(stopCtx)
	cancel()
	<-watched
	if stopErr != nil && !errors.Is(stopErr, context.Canceled) {
		log.Error().Err(stopErr).Msg("stop")
		if code == ExitOK {
			code = ExitFailure
		}
	}
	log.Info().Int("exit_code", code).Msg("coordinator stopped")
	return code
}
