package cli

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/discord-coordinator/coordinator/internal/config"
)

// defaultConfigPath is the -config default of every subcommand.
const defaultConfigPath = "coordinator.yaml"

func checkConfig(_ context.Context, args []string, env Env) int {
	fs := newFlagSet("check-config", "check-config [-config FILE]")
	path := fs.String("config", defaultConfigPath, "configuration file")
	if code, done := fs.parseNoArgs(args, env); done {
		return code
	}
	cfg, ok := loadConfig(*path, env)
	if !ok {
		return ExitUsage
	}
	explainConfig(env.Stdout, *path, cfg)
	return ExitOK
}

// explainConfig prints what a valid configuration will do, with warnings for what would stop `run`.
func explainConfig(w io.Writer, path string, cfg *config.Config) {
	fmt.Fprintf(w, "%s: valid\n\n", path)
	fmt.Fprintf(w, "projects (%d):\n", len(cfg.Projects))
	for _, p := range cfg.Projects {
		fmt.Fprintf(w, "  %s\n    dir:         %s\n    channels:    %s\n", p.Name, p.Dir, strings.Join(p.Channels, ", "))
		fmt.Fprintf(w, "    model:       %s\n    permissions: %s\n", orDefault(p.Model, "CLI default"), orDefault(p.PermissionMode, "CLI default"))
		fmt.Fprintf(w, "    tools:       allowed %s, disallowed %s\n", listOrNone(p.AllowedTools), listOrNone(p.DisallowedTools))
		if p.DailyBudgetUSD > 0 || p.MonthlyBudgetUSD > 0 {
			fmt.Fprintf(w, "    budgets:     $%.2f a day, $%.2f a month (0: no limit)\n", p.DailyBudgetUSD, p.MonthlyBudgetUSD)
		}
		if p.BusyPolicy == config.BusyPolicyInterrupt {
			fmt.Fprintln(w, "    busy:        a newer mention from the same user stops the running turn (busy_policy: interrupt)")
		}
		switch p.Progress {
		case config.ProgressOff:
			fmt.Fprintln(w, "    progress:    no status message while a run works, only reactions and typing (progress: off)")
		case config.ProgressFull:
			fmt.Fprintln(w, "    progress:    the status message also shows Claude's latest words and the recent tools (progress: full)")
		}
		if p.HideCost {
			fmt.Fprintln(w, "    cost:        left out of the status message; still counted toward budgets and in /usage (hide_cost: true)")
		}
		if p.Threads {
			fmt.Fprintln(w, "    threads:     a thread under these channels is a channel of its own, with its own session (threads: true)")
		}
		for _, tier := range p.ToolTiers {
			fmt.Fprintf(w, "    tier:        role %s: allowed %s, disallowed %s, permissions %s\n", tier.Role,
				listOrNone(tier.AllowedTools), listOrNone(tier.DisallowedTools), orDefault(tier.PermissionMode, "the project's"))
		}
		if p.MaxTurns > 0 || p.MaxBudgetUSD > 0 {
			fmt.Fprintf(w, "    limits:      max %d turns, max $%.2f per message\n", p.MaxTurns, p.MaxBudgetUSD)
		}
	}

	if dp := cfg.DynamicProjects; len(dp.Roots) > 0 {
		fmt.Fprintf(w, "\n/add-project (admins): directories under %s\n", strings.Join(dp.Roots, ", "))
		fmt.Fprintf(w, "    model %s, permissions %s, tools allowed %s, disallowed %s\n", orDefault(dp.Model, "CLI default"),
			orDefault(dp.PermissionMode, "CLI default"), listOrNone(dp.AllowedTools), listOrNone(dp.DisallowedTools))
	} else {
		fmt.Fprintln(w, "\n/add-project: off (dynamic_projects.roots is empty)")
	}

	a := cfg.Access
	fmt.Fprintln(w, "\naccess:")
	if a.AllowAll {
		fmt.Fprintln(w, "  anyone who can post in a mapped channel may use the bot (allow_all: true)")
	} else {
		fmt.Fprintf(w, "  may use the bot: %d user(s), %d role(s)\n", len(a.AllowedUsers), len(a.AllowedRoles))
	}
	fmt.Fprintf(w, "  admins:          %d user(s), %d role(s)\n", len(a.AdminUsers), len(a.AdminRoles))

	c := cfg.Claude
	fmt.Fprintf(w, "\nclaude:\n  command:         %s", c.Command)
	var warnings []string
	if resolved, err := exec.LookPath(c.Command); err != nil {
		fmt.Fprint(w, " (NOT FOUND)")
		warnings = append(warnings, fmt.Sprintf("claude.command %q is not found: install the Claude Code CLI or set its path", c.Command))
	} else {
		fmt.Fprintf(w, " (%s)", resolved)
	}
	fmt.Fprintf(w, "\n  timeout:         %s (idle %s, kill grace %s)\n", c.Timeout, c.IdleTimeout, c.KillGrace)
	fmt.Fprintf(w, "  max_concurrent:  %d\n", c.MaxConcurrent)
	fmt.Fprintf(w, "  environment:     %d set, passed through when present: %s\n", len(c.Env), listOrNone(c.PassEnv))

	fmt.Fprintf(w, "\nstore:   %s\n", cfg.Store.Path)
	fmt.Fprintf(w, "metrics: %s\n", orDefault(cfg.Metrics.Listen, "disabled"))
	d := cfg.Discord
	fmt.Fprintf(w, "discord: REST %s", orDefault(d.APIBaseURL, "Discord's"))
	if d.GatewayURL != "" {
		fmt.Fprintf(w, ", gateway %s", d.GatewayURL)
	}
	if d.Token.Reveal() == "" {
		fmt.Fprintln(w, ", token NOT SET")
		warnings = append(warnings, "DISCORD_TOKEN is not set: `coordinator run` needs it in its environment")
	} else {
		fmt.Fprintln(w, ", token set (from DISCORD_TOKEN)")
	}
	if d.UserRateLimit > 0 {
		fmt.Fprintf(w, "         at most %d mention(s) per user per %s run\n", d.UserRateLimit, d.UserRateWindow)
	}
	if d.CatchUpMessages > 0 {
		fmt.Fprintf(w, "         after a restart, up to %d message(s) per channel sent while down (at most %s old) are answered\n",
			d.CatchUpMessages, d.CatchUpMaxAge)
	} else {
		fmt.Fprintln(w, "         after a restart, messages sent while down are not caught up")
	}
	fmt.Fprintf(w, "         run status messages are edited at most every %s\n", d.ProgressInterval)

	if len(warnings) > 0 {
		fmt.Fprintln(w, "\nwarnings:")
		for _, warning := range warnings {
			fmt.Fprintf(w, "  - %s\n", warning)
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func listOrNone(items []string) string {
	if len(items) == 0 {
		return "(none)"
	}
	return strings.Join(items, ", ")
}
