package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(path, noEnv)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v, want a not-exist error naming %s", err, path)
	}
	var verr *ValidationError
	if errors.As(err, &verr) {
		t.Fatalf("a read error is not a ValidationError: %v", err)
	}
}

func TestDefaultsApplyToOmittedKeys(t *testing.T) {
	cfg := mustLoad(t, "testdata/good/minimal.yaml", noEnv)
	base, err := filepath.Abs("testdata/good")
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Access.AllowAll = true
	want.Store.Path = filepath.Join(base, "data", "coordinator.db")
	want.Projects = []Project{{Name: "demo", Channels: []string{"1300000000000000002"}, Dir: base,
		ProjectSettings: ProjectSettings{BusyPolicy: DefaultBusyPolicy, Progress: DefaultProgress}}}
	if !reflect.DeepEqual(*cfg, want) {
		t.Fatalf("got  %+v\nwant %+v", *cfg, want)
	}
}

func TestFullFileSetsEveryField(t *testing.T) {
	cfg := mustLoad(t, "testdata/good/full.yaml", noEnv)
	good, err := filepath.Abs("testdata/good")
	if err != nil {
		t.Fatal(err)
	}
	realGood, err := filepath.EvalSymlinks(good) // dynamic_projects.roots are stored with symlinks resolved
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Discord: Discord{APIBaseURL: "http://127.0.0.1:8080/api/v10", GatewayURL: "ws://127.0.0.1:8080/gateway", GuildID: "1300000000000000001",
			AllowDMs: true, MaxChunks: 10, RefusalWindow: time.Hour, UserRateLimit: 5, UserRateWindow: 30 * time.Second,
			CatchUpMessages: 1000, CatchUpMaxAge: 2 * time.Hour, MaxAttachments: 10, MaxAttachmentBytes: 1024,
			ProgressInterval: 5 * time.Second},
		Claude: Claude{
			Command: "/usr/local/bin/claude", Timeout: 90 * time.Minute, IdleTimeout: 90 * time.Second, KillGrace: 0, MaxConcurrent: 2,
			Env:     map[string]string{"CLAUDE_CODE_DISABLE_TELEMETRY": "1", "LANG": "C.UTF-8"},
			PassEnv: []string{"ANTHROPIC_API_KEY"},
			Models:  []string{"opus", "claude-sonnet-4-5"},
		},
		Store:   Store{Path: "/var/lib/coordinator/coordinator.db"},
		Metrics: Metrics{Listen: ":0"},
		Log:     Log{Level: "debug"},
		Channels: Channels{QueueLimit: 1, PassivateAfter: time.Hour, MaxRestarts: 5, RestartWindow: 10 * time.Minute,
			RestartDelay: 0, BreakerCooldown: time.Minute},
		Access: Access{AllowedUsers: []string{"100000000000000001"}, AllowedRoles: []string{"100000000000000002"},
			AdminUsers: []string{"100000000000000003"}, AdminRoles: []string{"100000000000000004"}},
		Projects: []Project{
			{Name: "web", Channels: []string{"1300000000000000002", "1300000000000000003"}, Dir: good, ProjectSettings: ProjectSettings{
				Model: "opus", AllowedTools: []string{"Read", "Bash(git log:*)"}, DisallowedTools: []string{"WebFetch"}, PermissionMode: "plan",
				AppendSystemPrompt: "Answer briefly.", MaxTurns: 20, MaxBudgetUSD: 1.5, DailyBudgetUSD: 10, MonthlyBudgetUSD: 200, RetryInterrupted: true,
				ToolTiers: []ToolTier{
					{Role: "100000000000000005", AllowedTools: []string{"Read", "Edit", "Bash"}, DisallowedTools: []string{},
						PermissionMode: "acceptEdits"},
					{Role: "100000000000000002", AllowedTools: []string{"Read"}, DisallowedTools: []string{"Bash"}, PermissionMode: "default"},
				}, BusyPolicy: BusyPolicyInterrupt, Progress: ProgressFull, HideCost: true, Threads: true}},
			{Name: "docs", Channels: []string{"1300000000000000004"}, Dir: filepath.Dir(good), ProjectSettings: ProjectSettings{
				PermissionMode: "bypassPermissions", BusyPolicy: BusyPolicyQueue, Progress: ProgressTools}},
		},
		DynamicProjects: DynamicProjects{Roots: []string{realGood, filepath.Dir(realGood)}, ProjectSettings: ProjectSettings{Model: "haiku",
			AllowedTools: []string{"Read", "Edit"}, DisallowedTools: []string{"Bash"}, PermissionMode: "acceptEdits",
			AppendSystemPrompt: "Added at run time.", MaxTurns: 5, MaxBudgetUSD: 0.25, DailyBudgetUSD: 2, MonthlyBudgetUSD: 30.5, RetryInterrupted: true,
			ToolTiers:  []ToolTier{{Role: "100000000000000006", AllowedTools: []string{"Read", "Edit"}, PermissionMode: "acceptEdits"}},
			BusyPolicy: BusyPolicyInterrupt, Progress: ProgressOff, HideCost: true, Threads: true}},
	}
	if !reflect.DeepEqual(*cfg, want) {
		t.Fatalf("got  %+v\nwant %+v", *cfg, want)
	}
	// Every field of Config is set away from its default, so a key the decoder forgot would show above.
	assertNoDefaultField(t, reflect.ValueOf(cfg.Discord), reflect.ValueOf(Default().Discord), "discord", "Token")
	assertNoDefaultField(t, reflect.ValueOf(cfg.Claude), reflect.ValueOf(Default().Claude), "claude", "KillGrace")
	assertNoDefaultField(t, reflect.ValueOf(cfg.Channels), reflect.ValueOf(Default().Channels), "channels", "RestartDelay")
	assertNoDefaultField(t, reflect.ValueOf(cfg.DynamicProjects), reflect.ValueOf(Default().DynamicProjects), "dynamic_projects")
	var defProject Project // what a project in the file starts from: the zero value, then the filled defaults
	fillSettingsDefaults(&defProject.ProjectSettings)
	assertNoDefaultField(t, reflect.ValueOf(cfg.Projects[0]), reflect.ValueOf(defProject), "projects[0]")
}

// assertNoDefaultField fails for each field of got equal to the same field of def, except the named ones. The fields
// of an embedded struct are checked one by one, as the keys of its `yaml:",inline"` are.
func assertNoDefaultField(t *testing.T, got, def reflect.Value, section string, except ...string) {
	t.Helper()
	for i := 0; i < got.NumField(); i++ {
		f := got.Type().Field(i)
		if contains(except, f.Name) {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			assertNoDefaultField(t, got.Field(i), def.Field(i), section, except...)
			continue
		}
		if reflect.DeepEqual(got.Field(i).Interface(), def.Field(i).Interface()) {
			t.Errorf("%s.%s still has its default value", section, f.Name)
		}
	}
}

func TestLooseFile(t *testing.T) {
	cfg := mustLoad(t, "testdata/good/loose.yaml", noEnv)
	if cfg.Claude.Timeout != DefaultTimeout {
		t.Errorf("timeout with no value = %s, want the default %s", cfg.Claude.Timeout, DefaultTimeout)
	}
	if cfg.Discord.CatchUpMessages != 0 || cfg.Discord.CatchUpMaxAge != DefaultCatchUpMaxAge {
		t.Errorf("catch_up_messages: 0 / catch_up_max_age with no value = %d / %s, want 0 (off) / the default %s",
			cfg.Discord.CatchUpMessages, cfg.Discord.CatchUpMaxAge, DefaultCatchUpMaxAge)
	}
	if cfg.Claude.PassEnv == nil || len(cfg.Claude.PassEnv) != 0 {
		t.Errorf("pass_env: [] = %#v, want empty", cfg.Claude.PassEnv)
	}
	if cfg.Metrics.Listen != "" {
		t.Errorf(`listen: "" = %q, want disabled`, cfg.Metrics.Listen)
	}
	if got := cfg.Access.AllowedRoles; len(got) != 1 || got[0] != "1300000000000000009" {
		t.Errorf("unquoted role id = %v", got)
	}
	if got := cfg.Projects[1].AllowedTools; !reflect.DeepEqual(got, []string{"Read", "Grep"}) {
		t.Errorf("aliased allowed_tools = %v", got)
	}
	if cfg.Projects[0].Dir != cfg.Projects[1].Dir {
		t.Errorf("dirs . and ./ differ: %q %q", cfg.Projects[0].Dir, cfg.Projects[1].Dir)
	}
}

func TestRelativePathsFollowTheConfigFile(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "etc")
	for _, dir := range []string{filepath.Join(sub, "proj"), filepath.Join(root, "other")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	path := writeConfig(t, sub, "c.yaml", `
claude: {command: ./bin/claude}
store: {path: state/c.db}
access: {allow_all: true}
projects:
  - {name: a, channels: ["1300000000000000002"], dir: proj}
  - {name: b, channels: ["1300000000000000003"], dir: ../other}
  - {name: c, channels: ["1300000000000000004"], dir: `+root+`}
`)
	t.Chdir(t.TempDir()) // the working directory must not matter
	cfg := mustLoad(t, path, noEnv)
	checks := []struct{ name, got, want string }{
		{"claude.command", cfg.Claude.Command, filepath.Join(sub, "bin", "claude")},
		{"store.path", cfg.Store.Path, filepath.Join(sub, "state", "c.db")},
		{"projects[0].dir", cfg.Projects[0].Dir, filepath.Join(sub, "proj")},
		{"projects[1].dir", cfg.Projects[1].Dir, filepath.Join(root, "other")},
		{"projects[2].dir", cfg.Projects[2].Dir, root},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}

	// A dir that exists relative to the working directory but not to the config file is an error.
	if err := os.Mkdir("only-here", 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Parse([]byte(`
access: {allow_all: true}
projects: [{name: a, channels: ["1300000000000000002"], dir: only-here}]
`), sub, noEnv)
	if err == nil || !strings.Contains(err.Error(), "projects[0].dir (line 3): directory "+filepath.Join(sub, "only-here")+" does not exist") {
		t.Fatalf("error %v, want projects[0].dir not to exist under %s", err, sub)
	}
}

func TestCommandNameStaysForPathLookup(t *testing.T) {
	cfg, err := Parse([]byte(`
claude: {command: claude-code}
access: {allow_all: true}
projects: [{name: a, channels: ["1300000000000000002"], dir: .}]
`), t.TempDir(), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Claude.Command != "claude-code" {
		t.Fatalf("command = %q, want the bare name kept for PATH lookup", cfg.Claude.Command)
	}
}

const minimalYAML = `
discord:
  api_base_url: https://file.example/api
access: {allow_all: true}
projects: [{name: a, channels: ["1300000000000000002"], dir: .}]
`

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name                   string
		env                    map[string]string
		wantToken, wantAPI     string
		wantGateway, wantError string
	}{
		{name: "no env", wantAPI: "https://file.example/api"},
		{
			name: "all set",
			env: map[string]string{EnvToken: " tok.en \n", EnvAPIBaseURL: "http://127.0.0.1:1/api",
				EnvGatewayURL: "wss://127.0.0.1:2/gw"},
			wantToken: "tok.en", wantAPI: "http://127.0.0.1:1/api", wantGateway: "wss://127.0.0.1:2/gw",
		},
		{name: "empty does not override", env: map[string]string{EnvAPIBaseURL: ""}, wantAPI: "https://file.example/api"},
		{
			name: "bad api url from env", env: map[string]string{EnvAPIBaseURL: "127.0.0.1:1"},
			wantError: "discord.api_base_url: from env DISCORD_API_BASE_URL: bad URL",
		},
		{
			name: "bad gateway url from env", env: map[string]string{EnvGatewayURL: "http://127.0.0.1:2"},
			wantError: "discord.gateway_url: from env DISCORD_GATEWAY_URL: bad URL",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(minimalYAML), t.TempDir(), envMap(tt.env))
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), "\n  "+tt.wantError) {
					t.Fatalf("error %v, want %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Discord.Token.Reveal() != tt.wantToken || cfg.Discord.APIBaseURL != tt.wantAPI ||
				cfg.Discord.GatewayURL != tt.wantGateway {
				t.Fatalf("token %q api %q gateway %q, want %q %q %q", cfg.Discord.Token.Reveal(), cfg.Discord.APIBaseURL,
					cfg.Discord.GatewayURL, tt.wantToken, tt.wantAPI, tt.wantGateway)
			}
		})
	}
}

func TestNilLookupEnvReadsNothing(t *testing.T) {
	t.Setenv(EnvToken, "from-process-env")
	cfg, err := Parse([]byte(minimalYAML), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Discord.Token.Reveal() != "" {
		t.Fatal("Parse read the process environment without being given lookupEnv")
	}
}
