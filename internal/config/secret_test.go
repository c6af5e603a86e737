package config

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestSecretNeverPrints(t *testing.T) {
	const token = "MTIz.very-secret-token"
	cfg, err := Parse([]byte(minimalYAML), t.TempDir(), envMap(map[string]string{EnvToken: token}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Discord.Token.Reveal() != token {
		t.Fatalf("Reveal() = %q", cfg.Discord.Token.Reveal())
	}
	var outs []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s"} {
		outs = append(outs, fmt.Sprintf(format, cfg), fmt.Sprintf(format, cfg.Discord), fmt.Sprintf(format, cfg.Discord.Token))
	}
	js, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	text, err := cfg.Discord.Token.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	ym, err := yaml.Marshal(map[string]any{"token": cfg.Discord.Token})
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, string(js), string(text), string(ym), cfg.Discord.Token.String())
	for _, out := range outs {
		if strings.Contains(out, token) || strings.Contains(out, "very-secret") || strings.Contains(out, fmt.Sprintf("%x", token)) {
			t.Errorf("secret leaked: %s", out)
		}
	}
	if !strings.Contains(string(js), `"Token":"[redacted]"`) {
		t.Errorf("json = %s, want the token redacted", js)
	}
}
