package config

import (
	"slices"
	"time"
)

// Config is the whole coordinator configuration. Build one with Load or Parse; Default gives the defaults.
type Config struct {
	Discord  Discord   `yaml:"discord"`
	Claude   Claude    `yaml:"claude"`
	Store    Store     `yaml:"store"`
	Metrics  Metrics   `yaml:"metrics"`
	Log      Log       `yaml:"log"`
	Channels Channels  `yaml:"channels"`
	Access   Access    `yaml:"access"`
	Projects []Project `yaml:"projects"`
	// DynamicProjects governs the channels an admin maps to a project directory at run time with /add-project.
	DynamicProjects DynamicProjects `yaml:"dynamic_projects"`
}

// Discord is how coordinator reaches Discord.
type Discord struct {
	// APIBaseURL is the REST base URL; empty means Discord's. Env DISCORD_API_BASE_URL overrides.
	APIBaseURL string `yaml:"api_base_url"`
	// GatewayURL is the gateway websocket URL; empty means discovered. Env DISCORD_GATEWAY_URL overrides.
	GatewayURL string `yaml:"gateway_url"`
	// GuildID is the guild where slash commands are registered; empty registers them globally.
	GuildID string `yaml:"guild_id"`
	// AllowDMs handles direct messages to the bot; a DM channel must still be mapped to a project to run anything.
	AllowDMs bool `yaml:"allow_dms"`
	// MaxChunks is the most 2000-character messages one answer is sent as; a longer answer is sent as a short head
	// plus the full text as a .md attachment.
	MaxChunks int `yaml:"max_chunks"`
	// RefusalWindow is the least time between two refusals sent to the same user who is not allowed.
	RefusalWindow time.Duration `yaml:"refusal_window"`
	// UserRateLimit is the most mentions one user may send, across all channels, within UserRateWindow; more are not
	// run and the user is told. 0 turns the limit off.
	UserRateLimit int `yaml:"user_rate_limit"`
	// UserRateWindow is the window UserRateLimit counts in.
	UserRateWindow time.Duration `yaml:"user_rate_window"`
	// CatchUpMessages is, per channel, the most messages posted while the daemon was down that are fetched after a
	// restart so that their mentions are answered. 0 turns the downtime catch-up off.
	CatchUpMessages int `yaml:"catch_up_messages"`
	// CatchUpMaxAge is the age beyond which a message posted while the daemon was down is not caught up.
	CatchUpMaxAge time.Duration `yaml:"catch_up_max_age"`
	// MaxAttachments is the most files attached to a mention that are downloaded for its run; more are dropped and
	// the prompt says so. 0 ignores attachments.
	MaxAttachments int `yaml:"max_attachments"`
	// MaxAttachmentBytes is the largest attached file downloaded, in bytes; a larger one is skipped and the prompt says so.
	MaxAttachmentBytes int `yaml:"max_attachment_bytes"`
	// ProgressInterval is the least time between two edits of a run's status message: a burst of progress collapses
	// into one edit. From 1s (Discord allows about 5 message changes per 5 s per channel) to 1m.
	ProgressInterval time.Duration `yaml:"progress_interval"`
	// Token is the bot token, from env DISCORD_TOKEN only; empty when unset.
	Token Secret `yaml:"-"`
}

// Claude is how the Claude Code CLI is run.
type Claude struct {
	// Command is the CLI: a name looked up on PATH or an absolute path.
	Command string `yaml:"command"`
	// Timeout is the wall-clock limit of one run.
	Timeout time.Duration `yaml:"timeout"`
	// IdleTimeout stops a run that prints no output line for this long.
	IdleTimeout time.Duration `yaml:"idle_timeout"`
	// KillGrace is the time between SIGTERM and SIGKILL.
	KillGrace time.Duration `yaml:"kill_grace"`
	// MaxConcurrent is the number of CLI processes allowed at once.
	MaxConcurrent int `yaml:"max_concurrent"`
	// Env is set in the child's environment.
	Env map[string]string `yaml:"env"`
	// PassEnv names variables copied from the daemon's environment when set.
	PassEnv []string `yaml:"pass_env"`
	// Models are the model names the /model command offers, in order.
	Models []string `yaml:"models"`
}

// Store is where sessions and the run log live.
type Store struct {
	// Path is the bbolt file, absolute after Load.
	Path string `yaml:"path"`
}

// Metrics is the /metrics and health listener.
type Metrics struct {
	// Listen is a host:port; empty disables the listener.
	Listen string `yaml:"listen"`
}

// Log is the logger's setting.
type Log struct {
	// Level is a zerolog level name: trace, debug, info, warn or error.
	Level string `yaml:"level"`
}

// Channels holds the per-channel actor settings.
type Channels struct {
	// QueueLimit is the number of messages that may wait per channel.
	QueueLimit int `yaml:"queue_limit"`
	// PassivateAfter stops an idle channel actor.
	PassivateAfter time.Duration `yaml:"passivate_after"`
	// MaxRestarts is the restarts allowed within RestartWindow before the breaker trips.
	MaxRestarts int `yaml:"max_restarts"`
	// RestartWindow is the window MaxRestarts counts in.
	RestartWindow time.Duration `yaml:"restart_window"`
	// RestartDelay is the pause before a failed channel actor restarts.
	RestartDelay time.Duration `yaml:"restart_delay"`
	// BreakerCooldown is how long a tripped channel refuses work.
	BreakerCooldown time.Duration `yaml:"breaker_cooldown"`
}

// Access says who may use the bot.
type Access struct {
	// AllowedUsers are user ids that may drive Claude.
	AllowedUsers []string `yaml:"allowed_users"`
	// AllowedRoles are role ids that may drive Claude.
	AllowedRoles []string `yaml:"allowed_roles"`
	// AdminUsers are user ids that may also manage sessions.
	AdminUsers []string `yaml:"admin_users"`
	// AdminRoles are role ids that may also manage sessions.
	AdminRoles []string `yaml:"admin_roles"`
	// AllowAll lets anyone who can post in a mapped channel use the bot.
	AllowAll bool `yaml:"allow_all"`
}

// Project maps Discord channels to a directory Claude works in.
type Project struct {
	// Name is the unique project name.
	Name string `yaml:"name"`
	// Channels are the Discord channel ids of this project; a channel belongs to one project.
	Channels []string `yaml:"channels"`
	// Dir is the project directory, absolute after Load.
	Dir string `yaml:"dir"`
	// ProjectSettings are the settings the project runs Claude with; their keys sit beside name, channels and dir.
	ProjectSettings `yaml:",inline"`
}

// DynamicProjects says where /add-project may map a channel to a project directory, and the settings such a project
// gets. The settings mean what they mean in Project.
type DynamicProjects struct {
	// Roots are the directories under which /add-project may map a project dir; empty disables /add-project.
	// After Load each is absolute, with symlinks resolved.
	Roots []string `yaml:"roots"`
	// ProjectSettings are the settings every project added with /add-project gets; their keys sit beside roots.
	ProjectSettings `yaml:",inline"`
}

// ProjectSettings are the settings a project runs Claude with, shared by projects[] and dynamic_projects.
type ProjectSettings struct {
	// Model is the --model value; empty means the CLI default.
	Model string `yaml:"model"`
	// AllowedTools are passed as --allowedTools.
	AllowedTools []string `yaml:"allowed_tools"`
	// DisallowedTools are passed as --disallowedTools.
	DisallowedTools []string `yaml:"disallowed_tools"`
	// PermissionMode is the --permission-mode value; empty means the CLI default.
	PermissionMode string `yaml:"permission_mode"`
	// AppendSystemPrompt is passed as --append-system-prompt.
	AppendSystemPrompt string `yaml:"append_system_prompt"`
	// MaxTurns is --max-turns per message; 0 means no limit.
	MaxTurns int `yaml:"max_turns"`
	// MaxBudgetUSD is --max-budget-usd per message; 0 means no limit.
	MaxBudgetUSD float64 `yaml:"max_budget_usd"`
	// DailyBudgetUSD is the most the project may spend per UTC day, in US dollars; a mention is refused once the
	// day's spend reaches it. 0 means no limit.
	DailyBudgetUSD float64 `yaml:"daily_budget_usd"`
	// MonthlyBudgetUSD is the most the project may spend per UTC calendar month, in US dollars; a mention is refused
	// once the month's spend reaches it. 0 means no limit.
	MonthlyBudgetUSD float64 `yaml:"monthly_budget_usd"`
	// RetryInterrupted runs a mention whose Claude run a daemon crash interrupted again, automatically, after the
	// restart (its tools may run twice); when false its asker gets a button to run it again.
	RetryInterrupted bool `yaml:"retry_interrupted"`
	// ToolTiers map Discord roles to tool policies, most permissive first: a turn uses the first tier whose role the
	// asker holds, and the project's own tools and permission mode when the asker holds none.
	ToolTiers []ToolTier `yaml:"tool_tiers"`
	// BusyPolicy is what a mention does while the same user's earlier message runs: BusyPolicyQueue waits its turn,
	// BusyPolicyInterrupt stops that run and runs next. Empty in a file means the default, BusyPolicyQueue.
	BusyPolicy string `yaml:"busy_policy"`
	// Progress is how much a run shows while it works: ProgressOff no status message (reactions and typing only),
	// ProgressTools one status message with elapsed time, turns and the current tool, and a Stop button,
	// ProgressFull the same plus Claude's latest words and the recent tools. Empty in a file means the default,
	// ProgressTools.
	Progress string `yaml:"progress"`
	// HideCost leaves the run's cost out of the status message's final line; the spend still counts toward the
	// budgets and shows in /usage.
	HideCost bool `yaml:"hide_cost"`
	// Threads makes a thread under one of the project's channels its own channel: its own Claude session, queue and
	// actor, with these settings.
	Threads bool `yaml:"threads"`
}

// Project returns a project named name, working in dir and mapped to channels, with d's settings. It checks nothing
// (whether dir lies under a root is the caller's business) and shares no slice with d or channels.
func (d DynamicProjects) Project(name, dir string, channels []string) Project {
	return Project{Name: name, Channels: slices.Clone(channels), Dir: dir, ProjectSettings: d.ProjectSettings.clone()}
}

// clone returns a copy of s that shares no slice with it (nil stays nil).
func (s ProjectSettings) clone() ProjectSettings {
	s.AllowedTools = slices.Clone(s.AllowedTools)
	s.DisallowedTools = slices.Clone(s.DisallowedTools)
	s.ToolTiers = cloneTiers(s.ToolTiers)
	return s
}

// ToolTier is the tool policy of the askers who hold a Discord role.
type ToolTier struct {
	// Role is the Discord role id whose members get this tier.
	Role string `yaml:"role"`
	// AllowedTools are passed as --allowedTools instead of the project's.
	AllowedTools []string `yaml:"allowed_tools"`
	// DisallowedTools are passed as --disallowedTools instead of the project's.
	DisallowedTools []string `yaml:"disallowed_tools"`
	// PermissionMode is the --permission-mode value instead of the project's; empty means the CLI default.
	PermissionMode string `yaml:"permission_mode"`
}

// cloneTiers returns a copy of tiers that shares no slice with it (nil stays nil).
func cloneTiers(tiers []ToolTier) []ToolTier {
	if tiers == nil {
		return nil
	}
	out := make([]ToolTier, len(tiers))
	for i, t := range tiers {
		out[i] = ToolTier{Role: t.Role, AllowedTools: slices.Clone(t.AllowedTools),
			DisallowedTools: slices.Clone(t.DisallowedTools), PermissionMode: t.PermissionMode}
	}
	return out
}

// ProjectForChannel returns the project the channel is mapped to.
func (c *Config) ProjectForChannel(channelID string) (*Project, bool) {
	for i := range c.Projects {
		for _, id := range c.Projects[i].Channels {
			if id == channelID {
				return &c.Projects[i], true
			}
		}
	}
	return nil, false
}
