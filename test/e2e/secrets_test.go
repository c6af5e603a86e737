package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Secrets planted in Claude's output, in a crash's stderr and in the environment never reach
// Discord or the log, and the Discord token never reaches the Claude process.
func TestSecretsNeverLeave(t *testing.T) {
	const apiKey = "sk-ant-api03-PlantedSecretValue0123456789"
	d := startDaemon(t, setup{env: map[string]string{"ANTHROPIC_API_KEY": apiKey}, passEnv: "[ANTHROPIC_API_KEY]"})
	planted := []string{
		"the token is " + token,
		"the key is " + apiKey,
		"-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----",
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
	}
	file := filepath.Join(d.dir, "leaky.md")
	if err := os.WriteFile(file, []byte(strings.Join(planted, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	m1 := d.mention(chanA, alice, "fake:reply-file="+file)
	m2 := d.mention(chanA, alice, "fake:env")
	m3 := d.mention(chanA, alice, "fake:stderr="+apiKey+" fake:exit=1")
	d.reacted(chanA, m1.ID, "✅")
	d.reacted(chanA, m2.ID, "✅")
	d.reacted(chanA, m3.ID, "❌")

	secrets := []string{token, apiKey, "MIIBOgIBAAJBAKj34", "wJalrXUtnFEMIK7MDENG"}
	for _, r := range d.discord.Requests() {
		for _, s := range secrets {
			if strings.Contains(string(r.Body), s) || strings.Contains(r.Path+"?"+r.Query, s) {
				t.Errorf("%s %s sent a secret (%.12s…) to Discord", r.Method, r.Path, s)
			}
		}
	}
	if rep := d.replies(chanA, m1.ID); len(rep) != 1 || !strings.Contains(rep[0].Content, "[redacted]") {
		t.Errorf("answer with planted secrets: %+v", rep)
	}
	log := d.log.String()
	for _, s := range []string{token, apiKey} {
		if strings.Contains(log, s) {
			t.Errorf("the log contains a secret (%.12s…)", s)
		}
	}
	if !strings.Contains(log, "secrets removed from a message") {
		t.Error("the redaction was not logged")
	}
	for _, inv := range d.invocations() {
		if slices.Contains(inv.EnvNames, "DISCORD_TOKEN") {
			t.Errorf("the Claude process got DISCORD_TOKEN: %v", inv.EnvNames)
		}
		if !slices.Contains(inv.EnvNames, "ANTHROPIC_API_KEY") {
			t.Errorf("the Claude process did not get ANTHROPIC_API_KEY it needs: %v", inv.EnvNames)
		}
	}
}
