package cli

import (
	"context"
	"fmt"

	"github.com/discord-coordinator/coordinator/internal/doctor"
)

const doctorSynopsis = `doctor [-config FILE] [--canary]

Checks that coordinator can work here and prints one line per check (ok, warn or FAIL): the
configuration, the store, the claude command and its version, the project directories and the
Discord token in DISCORD_TOKEN (GET users/@me). --canary also runs one tiny Claude turn, which
costs a few cents. Exit code 0 when no check failed, 1 otherwise, 2 for an invalid configuration.`

func doctorCmd(ctx context.Context, args []string, env Env) int {
	fs := newFlagSet("doctor", doctorSynopsis)
	path := fs.String("config", defaultConfigPath, "configuration file")
	canary := fs.Bool("canary", false, "also run one tiny Claude turn (\"Reply with the word ok\")")
	if code, done := fs.parseNoArgs(args, env); done {
		return code
	}
	cfg, ok := loadConfig(*path, env)
	if !ok {
		return ExitUsage
	}
	report := doctor.Run(ctx, cfg, doctor.Options{ConfigPath: *path, Canary: *canary})
	if _, err := report.WriteTo(env.Stdout); err != nil {
		fmt.Fprintf(env.Stderr, "coordinator doctor: %v\n", err)
		return ExitFailure
	}
	if report.Failed() {
		return ExitFailure
	}
	return ExitOK
}
