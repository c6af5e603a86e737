package config

import (
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// noEnv is a lookupEnv that finds nothing.
func noEnv(string) (string, bool) { return "", false }

// envMap returns a lookupEnv reading m.
func envMap(m map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}

// mustLoad loads path and fails the test on error.
func mustLoad(t *testing.T, path string, lookupEnv func(string) (string, bool)) *Config {
	t.Helper()
	cfg, err := Load(path, lookupEnv)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	return cfg
}

// writeConfig writes content to dir/name and returns its path.
func writeConfig(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestProjectForChannel(t *testing.T) {
	cfg := mustLoad(t, "testdata/good/full.yaml", noEnv)
	tests := []struct {
		channel, want string
	}{
		{"1300000000000000002", "web"},
		{"1300000000000000003", "web"},
		{"1300000000000000004", "docs"},
		{"1300000000000000009", ""},
		{"", ""},
	}
	for _, tt := range tests {
		p, ok := cfg.ProjectForChannel(tt.channel)
		if ok != (tt.want != "") || (ok && p.Name != tt.want) {
			t.Errorf("ProjectForChannel(%q) = %v, %v; want %q", tt.channel, p, ok, tt.want)
		}
	}
	p, _ := cfg.ProjectForChannel("1300000000000000004")
	if p != &cfg.Projects[1] {
		t.Error("ProjectForChannel returned a copy, want a pointer into cfg.Projects")
	}
}
