package config

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"time"
)

// permissionModes returns the values the Claude CLI accepts for --permission-mode.
func permissionModes() []string {
	return []string{"acceptEdits", "auto", "bypassPermissions", "default", "dontAsk", "manual", "plan"}
}

// logLevels returns the zerolog level names log.level accepts.
func logLevels() []string { return []string{"trace", "debug", "info", "warn", "error"} }

// validate records every problem of cfg in ps. fromEnv maps the paths set from the environment to their variables.
func validate(cfg *Config, ps *problems, fromEnv map[string]string) {
	validateDiscord(cfg.Discord, ps, fromEnv)
	validateClaude(cfg.Claude, ps)
	if cfg.Store.Path == "" {
		ps.add("store.path", "required: the bbolt file that holds sessions and the run log")
	}
	if cfg.Metrics.Listen != "" {
		if msg := checkListen(cfg.Metrics.Listen); msg != "" {
			ps.add("metrics.listen", "%s", msg)
		}
	}
	if !contains(logLevels(), cfg.Log.Level) {
		ps.add("log.level", "unknown level %q: want one of %s", cfg.Log.Level, strings.Join(logLevels(), ", "))
	}
	validateChannels(cfg.Channels, ps)
	validateAccess(cfg.Access, ps)
	validateProjects(cfg.Projects, ps)
	validateDynamicProjects(cfg.DynamicProjects, ps)
}

func validateDiscord(d Discord, ps *problems, fromEnv map[string]string) {
	check := func(path, value string, schemes ...string) {
		if value == "" {
			return
		}
		msg := checkURL(value, schemes...)
		if msg == "" {
			return
		}
		if name, ok := fromEnv[path]; ok {
			ps.list = append(ps.list, Problem{Path: path, Msg: fmt.Sprintf("from env %s: %s", name, msg)})
			return
		}
		ps.add(path, "%s", msg)
	}
	check("discord.api_base_url", d.APIBaseURL, "http", "https")
	check("discord.gateway_url", d.GatewayURL, "ws", "wss")
	if d.GuildID != "" {
		checkSnowflake(ps, "discord.guild_id", d.GuildID)
	}
	if d.MaxChunks < 1 || d.MaxChunks > MaxChunksLimit {
		ps.add("discord.max_chunks", "must be from 1 to %d, got %d", MaxChunksLimit, d.MaxChunks)
	}
	positive(ps, "discord.refusal_window", d.RefusalWindow)
	if d.UserRateLimit < 0 {
		ps.add("discord.user_rate_limit", "must be 0 (no limit) or more, got %d", d.UserRateLimit)
	}
	positive(ps, "discord.user_rate_window", d.UserRateWindow)
	if d.CatchUpMessages < 0 || d.CatchUpMessages > CatchUpMessagesLimit {
		ps.add("discord.catch_up_messages", "must be from 0 (no catch-up) to %d, got %d", CatchUpMessagesLimit, d.CatchUpMessages)
	}
	positive(ps, "discord.catch_up_max_age", d.CatchUpMaxAge)
	if d.MaxAttachments < 0 || d.MaxAttachments > MaxAttachmentsLimit {
		ps.add("discord.max_attachments", "must be from 0 (ignore attachments) to %d, got %d", MaxAttachmentsLimit, d.MaxAttachments)
	}
	if d.MaxAttachmentBytes <= 0 {
		ps.add("discord.max_attachment_bytes", "must be more than 0, got %d", d.MaxAttachmentBytes)
	}
	if d.ProgressInterval < MinProgressInterval || d.ProgressInterval > MaxProgressInterval {
		ps.add("discord.progress_interval", "must be from %s to %s, got %s", MinProgressInterval, MaxProgressInterval, d.ProgressInterval)
	}
}

func validateClaude(c Claude, ps *problems) {
	if strings.TrimSpace(c.Command) == "" {
		ps.add("claude.command", "required: the Claude Code CLI, a name on PATH or a path")
	}
	positive(ps, "claude.timeout", c.Timeout)
	positive(ps, "claude.idle_timeout", c.IdleTimeout)
	if c.IdleTimeout > c.Timeout && c.Timeout > 0 && ps.ok("claude.timeout") {
		ps.add("claude.idle_timeout", "must be at most claude.timeout (%s), got %s", c.Timeout, c.IdleTimeout)
	}
	if c.KillGrace < 0 {
		ps.add("claude.kill_grace", "must be 0 or more, got %s", c.KillGrace)
	}
	atLeast(ps, "claude.max_concurrent", c.MaxConcurrent, 1)

	names := make([]string, 0, len(c.Env))
	for name := range c.Env {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := childPath("claude.env", name)
		checkEnvName(ps, path, name)
		if strings.ContainsRune(c.Env[name], 0) {
			ps.add(path, "the value contains a NUL byte")
		}
	}
	for i, name := range c.PassEnv {
		checkEnvName(ps, itemPath("claude.pass_env", i), name)
	}
	validateModels(c.Models, ps)
}

// validateModels checks the /model choices: 1 to ModelsLimit non-empty, distinct names.
func validateModels(models []string, ps *problems) {
	switch {
	case len(models) == 0:
		ps.add("claude.models", "at least one model is required: the choices /model offers")
		return
	case len(models) > ModelsLimit:
		ps.add("claude.models", "at most %d models (Discord's limit on choices), got %d", ModelsLimit, len(models))
	}
	seen := map[string]string{} // model name -> path of its first use
	for i, name := range models {
		path := itemPath("claude.models", i)
		switch name = strings.TrimSpace(name); {
		case name == "":
			ps.add(path, "empty model name")
		case seen[name] != "":
			ps.add(path, "duplicate model %q: also %s", name, ps.where(seen[name]))
		default:
			seen[name] = path
		}
	}
}

func validateChannels(c Channels, ps *problems) {
	atLeast(ps, "channels.queue_limit", c.QueueLimit, 1)
	positive(ps, "channels.passivate_after", c.PassivateAfter)
	atLeast(ps, "channels.max_restarts", c.MaxRestarts, 1)
	positive(ps, "channels.restart_window", c.RestartWindow)
	if c.RestartDelay < 0 {
		ps.add("channels.restart_delay", "must be 0 or more, got %s", c.RestartDelay)
	}
	positive(ps, "channels.breaker_cooldown", c.BreakerCooldown)
}

func validateAccess(a Access, ps *problems) {
	for _, l := range []struct {
		path string
		ids  []string
	}{
		{"access.allowed_users", a.AllowedUsers},
		{"access.allowed_roles", a.AllowedRoles},
		{"access.admin_users", a.AdminUsers},
		{"access.admin_roles", a.AdminRoles},
	} {
		for i, id := range l.ids {
			checkSnowflake(ps, itemPath(l.path, i), id)
		}
	}
	if len(a.AllowedUsers) == 0 && len(a.AllowedRoles) == 0 && !a.AllowAll &&
		ps.ok("access.allowed_users", "access.allowed_roles", "access.allow_all") {
		ps.add("access", "no one may use the bot: list allowed_users or allowed_roles, or set allow_all: true")
	}
}

func validateProjects(projects []Project, ps *problems) {
	if len(projects) == 0 {
		ps.add("projects", "at least one project is required (name, channels, dir)")
		return
	}
	names := map[string]string{}    // project name -> path of its first use
	channels := map[string]string{} // channel id -> path of its first mapping
	for i, p := range projects {
		path := itemPath("projects", i)
		switch name := strings.TrimSpace(p.Name); {
		case name == "":
			ps.add(path+".name", "required: a unique project name")
		case names[name] != "":
			ps.add(path+".name", "duplicate project name %q: also %s", name, ps.where(names[name]))
		default:
			names[name] = path + ".name"
		}

		if len(p.Channels) == 0 {
			ps.add(path+".channels", "at least one channel id is required")
		}
		for j, id := range p.Channels {
			cpath := itemPath(path+".channels", j)
			if !checkSnowflake(ps, cpath, id) {
				continue
			}
			if first, dup := channels[id]; dup {
				ps.add(cpath, "channel %s is mapped twice: also %s", id, ps.where(first))
				continue
			}
			channels[id] = cpath
		}

		checkDir(ps, path+".dir", p.Dir)
		validateSettings(ps, path, p.ProjectSettings)
	}
}

// validateDynamicProjects checks the roots /add-project may map under, and the settings its projects get.
func validateDynamicProjects(d DynamicProjects, ps *problems) {
	const path = "dynamic_projects"
	for i, root := range d.Roots {
		rpath := itemPath(path+".roots", i)
		if root == "" {
			ps.add(rpath, "empty root: want a directory under which /add-project may map projects")
			continue
		}
		checkExistingDir(ps, rpath, root)
	}
	validateSettings(ps, path, d.ProjectSettings)
}

// validateSettings checks the settings a project runs Claude with: those of projects[i] or of dynamic_projects, at
// path. It checks neither the name, the channels nor the dir.
func validateSettings(ps *problems, path string, p ProjectSettings) {
	validateToolPolicy(ps, path, p.AllowedTools, p.DisallowedTools, p.PermissionMode)
	if p.MaxTurns < 0 {
		ps.add(childPath(path, "max_turns"), "must be 0 (no limit) or more, got %d", p.MaxTurns)
	}
	if !(p.MaxBudgetUSD >= 0) || math.IsInf(p.MaxBudgetUSD, 0) {
		ps.add(childPath(path, "max_budget_usd"), "must be 0 (no limit) or a positive amount, got %v", p.MaxBudgetUSD)
	}
	for _, b := range []struct {
		key string
		usd float64
	}{{"daily_budget_usd", p.DailyBudgetUSD}, {"monthly_budget_usd", p.MonthlyBudgetUSD}} {
		if !(b.usd >= 0) || math.IsInf(b.usd, 0) {
			ps.add(childPath(path, b.key), "must be 0 (no limit) or a positive amount, got %v", b.usd)
		}
	}
	validateToolTiers(ps, childPath(path, "tool_tiers"), p.ToolTiers)
	if !contains(busyPolicies(), p.BusyPolicy) {
		ps.add(childPath(path, "busy_policy"), "unknown busy policy %q: want %s", p.BusyPolicy, strings.Join(busyPolicies(), " or "))
	}
	if !contains(progressLevels(), p.Progress) {
		ps.add(childPath(path, "progress"), "unknown progress %q: want off, tools or full", p.Progress)
	}
}

// validateToolPolicy checks tool lists and a permission mode found under path.
func validateToolPolicy(ps *problems, path string, allowed, disallowed []string, mode string) {
	if mode != "" && !contains(permissionModes(), mode) {
		ps.add(childPath(path, "permission_mode"), "unknown permission mode %q: want one of %s (or empty for the CLI default)",
			mode, strings.Join(permissionModes(), ", "))
	}
	for _, tools := range []struct {
		key   string
		names []string
	}{{"allowed_tools", allowed}, {"disallowed_tools", disallowed}} {
		for j, tool := range tools.names {
			if strings.TrimSpace(tool) == "" {
				ps.add(itemPath(childPath(path, tools.key), j), "empty tool name")
			}
		}
	}
}

// validateToolTiers checks the tiers at path: each names a role (a snowflake, once per list) and a valid policy.
func validateToolTiers(ps *problems, path string, tiers []ToolTier) {
	roles := map[string]string{} // role id -> path of its first tier
	for i, t := range tiers {
		tpath := itemPath(path, i)
		rpath := childPath(tpath, "role")
		switch {
		case t.Role == "":
			ps.add(rpath, "required: the Discord role id whose members get this tier")
		case !checkSnowflake(ps, rpath, t.Role):
		case roles[t.Role] != "":
			ps.add(rpath, "role %s has two tiers: also %s; only the first would ever apply", t.Role, ps.where(roles[t.Role]))
		default:
			roles[t.Role] = rpath
		}
		validateToolPolicy(ps, tpath, t.AllowedTools, t.DisallowedTools, t.PermissionMode)
	}
}

// checkDir reports a project dir that is missing, does not exist or is not a directory.
func checkDir(ps *problems, path, dir string) {
	if dir == "" {
		ps.add(path, "required: the directory Claude works in")
		return
	}
	checkExistingDir(ps, path, dir)
}

// checkExistingDir reports a dir that does not exist or is not a directory.
func checkExistingDir(ps *problems, path, dir string) {
	info, err := os.Stat(dir)
	switch {
	case os.IsNotExist(err):
		ps.add(path, "directory %s does not exist", dir)
	case err != nil:
		ps.add(path, "directory %s: %v", dir, err)
	case !info.IsDir():
		ps.add(path, "%s is not a directory", dir)
	}
}

// checkEnvName reports a bad environment variable name, and DISCORD_TOKEN, which the child must never get.
func checkEnvName(ps *problems, path, name string) {
	switch {
	case strings.EqualFold(name, EnvToken):
		ps.add(path, "%s may not be passed to Claude: the child process must never get the Discord token", name)
	case !isEnvName(name):
		ps.add(path, "bad environment variable name %q: want letters, digits and _, not starting with a digit", name)
	}
}

func positive(ps *problems, path string, d time.Duration) {
	if d <= 0 {
		ps.add(path, "must be more than 0, got %s", d)
	}
}

func atLeast(ps *problems, path string, n, least int) {
	if n < least {
		ps.add(path, "must be %d or more, got %d", least, n)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
