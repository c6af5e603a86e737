package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// transcript reads a session file the fake wrote.
func transcript(t *testing.T, path string) []turnRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("session file: %v", err)
	}
	defer f.Close()
	var recs []turnRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r turnRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("session line %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

func projectFile(configDir, cwd, id string) string {
	return filepath.Join(configDir, "projects", strings.ReplaceAll(cwd, "/", "-"), id+".jsonl")
}

func TestSessionRememberAndResume(t *testing.T) {
	s := newSandbox(t)
	first, r := s.jsonResult("--", "one")
	mustRC(t, r, 0, "")
	id := first["session_id"].(string)
	path := projectFile(filepath.Join(s.home, ".claude"), s.work, id)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("session file %s: %v %v", path, fi, err)
	}

	second, r := s.jsonResult("--resume", id, "--", "two")
	mustRC(t, r, 0, "")
	if second["session_id"] != id || second["result"] != "echo: two" {
		t.Errorf("resumed result %v", second)
	}

	// Resume from another cwd: the transcript stays in the original project folder.
	other := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	r = s.runIn(other, "", "-p", "--output-format", "json", "--resume", id, "--", "three")
	mustRC(t, r, 0, "")
	recs := transcript(t, path)
	if len(recs) != 3 || recs[0].Prompt != "one" || recs[1].Prompt != "two" || recs[2].Prompt != "three" || recs[2].SessionID != id {
		t.Errorf("transcript %+v", recs)
	}
	if _, err := os.Stat(projectFile(filepath.Join(s.home, ".claude"), other, id)); !os.IsNotExist(err) {
		t.Errorf("resume from another cwd created a second transcript: %v", err)
	}
}

func TestSessionIDFlag(t *testing.T) {
	s := newSandbox(t)
	const id = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
	res, r := s.jsonResult("--session-id", id, "--", "hi")
	mustRC(t, r, 0, "")
	if res["session_id"] != id {
		t.Errorf("session_id %v, want %s", res["session_id"], id)
	}
	r = s.run("-p", "--output-format", "json", "--session-id", id, "--", "again")
	mustRC(t, r, 1, "Error: Session ID "+id+" is already in use.\n")
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}
	res, r = s.jsonResult("--resume", id, "--", "resumed")
	mustRC(t, r, 0, "")
	if res["session_id"] != id {
		t.Errorf("resume of a --session-id session gave %v", res["session_id"])
	}
}

func TestNewSessionsDiffer(t *testing.T) {
	s := newSandbox(t)
	a, _ := s.jsonResult("--", "a")
	b, _ := s.jsonResult("--", "b")
	if a["session_id"] == b["session_id"] {
		t.Errorf("two new runs share session %v", a["session_id"])
	}
}

func TestClaudeConfigDir(t *testing.T) {
	s := newSandbox(t)
	cfg := filepath.Join(t.TempDir(), "cfg")
	s.extraEnv = []string{"CLAUDE_CONFIG_DIR=" + cfg}
	res, r := s.jsonResult("--", "hi")
	mustRC(t, r, 0, "")
	id := res["session_id"].(string)
	if _, err := os.Stat(projectFile(cfg, s.work, id)); err != nil {
		t.Errorf("transcript not under CLAUDE_CONFIG_DIR: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.home, ".claude")); !os.IsNotExist(err) {
		t.Errorf("HOME/.claude used despite CLAUDE_CONFIG_DIR: %v", err)
	}
}

func TestStaleSessionAfterConfigLoss(t *testing.T) {
	s := newSandbox(t)
	res, _ := s.jsonResult("--", "hi")
	id := res["session_id"].(string)
	if err := os.RemoveAll(filepath.Join(s.home, ".claude")); err != nil {
		t.Fatal(err)
	}
	r := s.run("-p", "--output-format", "json", "--resume", id, "--", "again")
	mustRC(t, r, 1, "No conversation found with session ID: "+id+"\n")
	if r.stdout != "" {
		t.Errorf("stdout %q, want empty", r.stdout)
	}
}

func TestSystemPromptSnapshot(t *testing.T) {
	s := newSandbox(t)
	res, r := s.jsonResult("--append-system-prompt", "FIRST", "--", "fake:system-prompt")
	mustRC(t, r, 0, "")
	if res["result"] != "FIRST" {
		t.Fatalf("first turn system prompt %v", res["result"])
	}
	id := res["session_id"].(string)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"snapshot on by default", []string{"--append-system-prompt", "SECOND"}, "FIRST"},
		{"snapshot on", []string{"--append-system-prompt", "SECOND", "--system-prompt-snapshot", "on"}, "FIRST"},
		{"snapshot off", []string{"--append-system-prompt", "SECOND", "--system-prompt-snapshot", "off"}, "SECOND"},
		{"snapshot off without a prompt", []string{"--system-prompt-snapshot", "off"}, ""},
		{"still the first after an off turn", nil, "FIRST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"--resume", id}, tt.args...), "--", "fake:system-prompt")
			res, r := s.jsonResult(args...)
			mustRC(t, r, 0, "")
			if res["result"] != tt.want {
				t.Errorf("effective system prompt %q, want %q", res["result"], tt.want)
			}
		})
	}
}
