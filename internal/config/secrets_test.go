package config

import (
	"slices"
	"testing"
)

func TestSecrets(t *testing.T) {
	c := Default()
	c.Discord.Token = "discord-token-value"
	c.Claude.Env = map[string]string{"MY_API_KEY": "env-secret-value", "HOME": "/home/bot"}
	c.Claude.PassEnv = []string{"ANTHROPIC_API_KEY", "CLAUDE_CONFIG_DIR", "MISSING_TOKEN"}
	env := map[string]string{"ANTHROPIC_API_KEY": "sk-ant-passed", "CLAUDE_CONFIG_DIR": "/etc/claude"}
	got := c.Secrets(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	for _, want := range []string{"discord-token-value", "env-secret-value", "sk-ant-passed"} {
		if !slices.Contains(got, want) {
			t.Errorf("Secrets lacks %q: %v", want, got)
		}
	}
	for _, not := range []string{"/home/bot", "/etc/claude"} {
		if slices.Contains(got, not) {
			t.Errorf("Secrets has the non-secret %q", not)
		}
	}
}
