package config

import "time"

// Defaults of the keys a file may omit.
const (
	DefaultAllowDMs        = false
	DefaultMaxChunks       = 4
	DefaultRefusalWindow   = 10 * time.Minute
	DefaultUserRateLimit   = 20
	DefaultUserRateWindow  = time.Minute
	DefaultClaudeCommand   = "claude"
	DefaultTimeout         = 10 * time.Minute
	DefaultIdleTimeout     = 5 * time.Minute
	DefaultKillGrace       = 5 * time.Second
	DefaultMaxConcurrent   = 4
	DefaultStorePath       = "./data/coordinator.db"
	DefaultMetricsListen   = "127.0.0.1:9464"
	DefaultLogLevel        = "info"
	DefaultQueueLimit      = 10
	DefaultPassivateAfter  = 30 * time.Minute
	DefaultMaxRestarts     = 3
	DefaultRestartWindow   = time.Minute
	DefaultRestartDelay    = time.Second
	DefaultBreakerCooldown = 5 * time.Minute
)

// Defaults of the downtime catch-up and of interrupted runs.
const (
	// DefaultCatchUpMessages is the default discord.catch_up_messages.
	DefaultCatchUpMessages = 50
	// DefaultCatchUpMaxAge is the default discord.catch_up_max_age.
	DefaultCatchUpMaxAge = 24 * time.Hour
	// DefaultMaxAttachments is the default discord.max_attachments.
	DefaultMaxAttachments = 5
	// DefaultMaxAttachmentBytes is the default discord.max_attachment_bytes: 8 MiB.
	DefaultMaxAttachmentBytes = 8 << 20
	// DefaultProgressInterval is the default discord.progress_interval.
	DefaultProgressInterval = 2 * time.Second
	// MinProgressInterval and MaxProgressInterval bound discord.progress_interval.
	MinProgressInterval = time.Second
	MaxProgressInterval = time.Minute
	// DefaultRetryInterrupted is the default projects[].retry_interrupted and dynamic_projects.retry_interrupted:
	// an interrupted run is offered again with a button, not re-run on its own.
	DefaultRetryInterrupted = false
)

// Defaults of what a project's runs show in the channel.
const (
	// DefaultHideCost is the default projects[].hide_cost and dynamic_projects.hide_cost: the status message's final
	// line shows the run's cost.
	DefaultHideCost = false
	// DefaultThreads is the default projects[].threads and dynamic_projects.threads: a thread under a project's
	// channel is not a channel of its own.
	DefaultThreads = false
)

// The busy policies of projects[].busy_policy and dynamic_projects.busy_policy.
const (
	// BusyPolicyQueue queues a mention while the channel is busy (the default).
	BusyPolicyQueue = "queue"
	// BusyPolicyInterrupt makes a mention from the user whose message runs stop that run and run next.
	BusyPolicyInterrupt = "interrupt"
	// DefaultBusyPolicy is the default projects[].busy_policy and dynamic_projects.busy_policy.
	DefaultBusyPolicy = BusyPolicyQueue
)

// busyPolicies returns the values busy_policy accepts.
func busyPolicies() []string { return []string{BusyPolicyQueue, BusyPolicyInterrupt} }

// The verbosities of projects[].progress and dynamic_projects.progress.
const (
	// ProgressOff shows no status message while a run works: reactions and typing only.
	ProgressOff = "off"
	// ProgressTools shows one status message per run, edited as it works, with elapsed time, turns and the current
	// tool with its short argument, and a Stop button.
	ProgressTools = "tools"
	// ProgressFull shows what ProgressTools shows plus Claude's latest words and the recent tools.
	ProgressFull = "full"
	// DefaultProgress is the default projects[].progress and dynamic_projects.progress.
	DefaultProgress = ProgressTools
)

// progressLevels returns the values progress accepts.
func progressLevels() []string { return []string{ProgressOff, ProgressTools, ProgressFull} }

// Upper bounds of keys.
const (
	// MaxChunksLimit is the largest discord.max_chunks.
	MaxChunksLimit = 10
	// CatchUpMessagesLimit is the largest discord.catch_up_messages.
	CatchUpMessagesLimit = 1000
	// MaxAttachmentsLimit is the largest discord.max_attachments: Discord allows 10 files per message.
	MaxAttachmentsLimit = 10
	// ModelsLimit is the most claude.models entries: Discord allows 25 choices per command option.
	ModelsLimit = 25
)

// Environment variables read by Load and Parse.
const (
	EnvToken      = "DISCORD_TOKEN"
	EnvAPIBaseURL = "DISCORD_API_BASE_URL"
	EnvGatewayURL = "DISCORD_GATEWAY_URL"
)

// DefaultPassEnv returns the default claude.pass_env: the variables the CLI needs to authenticate and find its settings.
func DefaultPassEnv() []string {
	return []string{"ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_CONFIG_DIR"}
}

// DefaultDynamicAllowedTools returns the default dynamic_projects.allowed_tools: read-only tools, so that a project an
// admin adds at run time can read its directory and change nothing until the file says otherwise.
func DefaultDynamicAllowedTools() []string { return []string{"Read", "Grep", "Glob"} }

// DefaultModels returns the default claude.models: the CLI's model aliases.
func DefaultModels() []string { return []string{"sonnet", "opus", "haiku"} }

// Default returns a Config holding every default; it has no projects and no access, so it does not validate as is.
// Its dynamic_projects has no roots: /add-project is off until the file lists some.
func Default() Config {
	return Config{
		Discord: Discord{
			AllowDMs:           DefaultAllowDMs,
			MaxChunks:          DefaultMaxChunks,
			RefusalWindow:      DefaultRefusalWindow,
			UserRateLimit:      DefaultUserRateLimit,
			UserRateWindow:     DefaultUserRateWindow,
			CatchUpMessages:    DefaultCatchUpMessages,
			CatchUpMaxAge:      DefaultCatchUpMaxAge,
			MaxAttachments:     DefaultMaxAttachments,
			MaxAttachmentBytes: DefaultMaxAttachmentBytes,
			ProgressInterval:   DefaultProgressInterval,
		},
		Claude: Claude{
			Command:       DefaultClaudeCommand,
			Timeout:       DefaultTimeout,
			IdleTimeout:   DefaultIdleTimeout,
			KillGrace:     DefaultKillGrace,
			MaxConcurrent: DefaultMaxConcurrent,
			Env:           map[string]string{},
			PassEnv:       DefaultPassEnv(),
			Models:        DefaultModels(),
		},
		Store:   Store{Path: DefaultStorePath},
		Metrics: Metrics{Listen: DefaultMetricsListen},
		Log:     Log{Level: DefaultLogLevel},
		Channels: Channels{
			QueueLimit:      DefaultQueueLimit,
			PassivateAfter:  DefaultPassivateAfter,
			MaxRestarts:     DefaultMaxRestarts,
			RestartWindow:   DefaultRestartWindow,
			RestartDelay:    DefaultRestartDelay,
			BreakerCooldown: DefaultBreakerCooldown,
		},
		Access: Access{AllowedUsers: []string{}, AllowedRoles: []string{}, AdminUsers: []string{}, AdminRoles: []string{}},
		DynamicProjects: DynamicProjects{
			Roots: []string{},
			ProjectSettings: ProjectSettings{
				AllowedTools:     DefaultDynamicAllowedTools(),
				DisallowedTools:  []string{},
				RetryInterrupted: DefaultRetryInterrupted,
				ToolTiers:        []ToolTier{},
				BusyPolicy:       DefaultBusyPolicy,
				Progress:         DefaultProgress,
				HideCost:         DefaultHideCost,
				Threads:          DefaultThreads,
			},
		},
	}
}

// fillProjectDefaults gives the projects and dynamic_projects the defaults of the settings a file left empty. A
// project in a list starts from its zero value, so its defaults are filled after decoding.
func fillProjectDefaults(cfg *Config) {
	for i := range cfg.Projects {
		fillSettingsDefaults(&cfg.Projects[i].ProjectSettings)
	}
	fillSettingsDefaults(&cfg.DynamicProjects.ProjectSettings)
}

// fillSettingsDefaults sets the settings whose empty value is not their default (busy_policy, progress) to it.
func fillSettingsDefaults(s *ProjectSettings) {
	if s.BusyPolicy == "" {
		s.BusyPolicy = DefaultBusyPolicy
	}
	if s.Progress == "" {
		s.Progress = DefaultProgress
	}
}
