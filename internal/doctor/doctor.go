package doctor

import (
	"context"
	"os"
	"time"

	"github.com/discord-coordinator/coordinator/internal/claude"
	"github.com/discord-coordinator/coordinator/internal/config"
)

// Defaults of the zero Options fields.
const (
	// DefaultStoreTimeout is how long the store check waits for the file lock before it calls the store in use.
	DefaultStoreTimeout = 500 * time.Millisecond
	// DefaultDiscordTimeout bounds the users/@me request, retries included.
	DefaultDiscordTimeout = 15 * time.Second
	// DefaultVersionTimeout bounds `claude --version`.
	DefaultVersionTimeout = 30 * time.Second
)

// Options tunes Run; the zero value checks everything but the canary, with the defaults.
type Options struct {
	ConfigPath     string        // the file cfg was loaded from, named in the config line
	Canary         bool          // also run one tiny Claude turn
	StoreTimeout   time.Duration // 0 means DefaultStoreTimeout
	DiscordTimeout time.Duration // 0 means DefaultDiscordTimeout
	VersionTimeout time.Duration // 0 means DefaultVersionTimeout
	// Environ is the environment the CLI's allow-listed variables are taken from, as in the daemon; nil means
	// os.Environ().
	Environ []string
	// TempRoot is the parent of the canary's working directory and of the CLI's TMPDIRs; "" means os.TempDir().
	TempRoot string
}

func (o Options) withDefaults() Options {
	if o.StoreTimeout <= 0 {
		o.StoreTimeout = DefaultStoreTimeout
	}
	if o.DiscordTimeout <= 0 {
		o.DiscordTimeout = DefaultDiscordTimeout
	}
	if o.VersionTimeout <= 0 {
		o.VersionTimeout = DefaultVersionTimeout
	}
	if o.TempRoot == "" {
		o.TempRoot = os.TempDir()
	}
	return o
}

// Run checks the installation described by cfg, a configuration that Load or Parse validated, and returns the
// report. It returns when every check is done; ctx cancels the ones still running (they then fail).
func Run(ctx context.Context, cfg *config.Config, opts Options) Report {
	opts = opts.withDefaults()
	var r Report
	r.add("config", StatusOK, "%s is valid: %d project(s), %d /add-project root(s)", orDefault(opts.ConfigPath, "the configuration"),
		len(cfg.Projects), len(cfg.DynamicProjects.Roots))

	added := checkStore(&r, cfg.Store.Path, opts.StoreTimeout)
	checkDirs(&r, cfg, added)

	runner := claude.New(claude.Options{
		Command:     cfg.Claude.Command,
		Timeout:     cfg.Claude.Timeout,
		IdleTimeout: cfg.Claude.IdleTimeout,
		KillGrace:   cfg.Claude.KillGrace,
		Env:         cfg.Claude.Env,
		PassEnv:     cfg.Claude.PassEnv,
		Environ:     opts.Environ,
		TempRoot:    opts.TempRoot,
	})
	found := checkClaude(ctx, &r, runner, cfg.Claude.Command, opts.VersionTimeout)

	checkDiscord(ctx, &r, cfg.Discord, opts.DiscordTimeout)

	if opts.Canary {
		if found {
			checkCanary(ctx, &r, runner, opts.TempRoot)
		} else {
			r.add("canary", StatusFail, "not run: the claude command was not found")
		}
	}
	return r
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
