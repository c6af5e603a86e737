package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
)

// uuidRE is the canonical UUID form the real CLI accepts for --resume and --session-id.
var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// turnRecord is one line of a session transcript the fake keeps.
type turnRecord struct {
	Type               string    `json:"type"` // always "turn"
	SessionID          string    `json:"session_id"`
	Prompt             string    `json:"prompt"`
	AppendSystemPrompt string    `json:"append_system_prompt"`     // the effective one used for this turn
	AppendSystemArg    string    `json:"append_system_prompt_arg"` // what --append-system-prompt said this turn
	Model              string    `json:"model"`
	Cwd                string    `json:"cwd"`
	Time               time.Time `json:"time"`
}

// sessionStore finds and writes transcripts under <config dir>/projects.
type sessionStore struct{ configDir string }

// configDir returns $CLAUDE_CONFIG_DIR, or else $HOME/.claude.
func configDir(getenv func(string) string) (string, error) {
	if d := getenv("CLAUDE_CONFIG_DIR"); d != "" {
		return d, nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", fmt.Errorf("neither CLAUDE_CONFIG_DIR nor HOME is set")
	}
	return filepath.Join(home, ".claude"), nil
}

// projectDir names the transcript folder of a working directory (every / becomes -).
func (s sessionStore) projectDir(cwd string) string {
	return filepath.Join(s.configDir, "projects", strings.ReplaceAll(cwd, "/", "-"))
}

// find returns the transcript path of id in any project folder, or "" when there is none.
func (s sessionStore) find(id string) (string, error) {
	matches, err := filepath.Glob(filepath.Join(s.configDir, "projects", "*", id+".jsonl"))
	if err != nil {
		return "", fmt.Errorf("search session %s: %w", id, err)
	}
	if len(matches) == 0 {
		return "", nil
	}
	return matches[0], nil
}

// firstTurn reads the first record of a transcript.
func (s sessionStore) firstTurn(path string) (turnRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return turnRecord{}, fmt.Errorf("open session %s: %w", path, err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	line, err := r.ReadBytes('\n')
	if err != nil && len(line) == 0 {
		return turnRecord{}, fmt.Errorf("read session %s: %w", path, err)
	}
	var rec turnRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		return turnRecord{}, fmt.Errorf("parse session %s: %w", path, err)
	}
	return rec, nil
}

// appendTurn adds one record to a transcript, creating folders as needed (0700/0600).
func (s sessionStore) appendTurn(path string, rec turnRecord) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create session folder: %w", err)
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode session record: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open session %s: %w", path, err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("write session %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close session %s: %w", path, err)
	}
	return nil
}

// session is the conversation a run belongs to.
type session struct {
	id, path     string
	resumed      bool
	systemPrompt string // effective --append-system-prompt
}

// resolveSession applies --resume / --session-id with the real CLI's messages.
func (s sessionStore) resolveSession(o *options, cwd string) (session, error) {
	switch {
	case o.resume != nil && o.sessionID != nil:
		return session{}, usagef("Error: --session-id with --continue or --resume also needs --fork-session.")
	case o.resume != nil:
		id := *o.resume
		const base = "Error: --resume requires a valid session ID or session title when used with --print. Usage: claude -p --resume <session-id|title>."
		if id == "" {
			return session{}, usagef("%s", base)
		}
		if !uuidRE.MatchString(id) {
			return session{}, usagef("%s Provided value %q is not a UUID and does not match any session title.", base, id)
		}
		path, err := s.find(id)
		if err != nil {
			return session{}, err
		}
		if path == "" {
			return session{}, usagef("No conversation found with session ID: %s", id)
		}
		sp := o.appendSystemPrompt
		if o.snapshot == "on" {
			first, err := s.firstTurn(path)
			if err != nil {
				return session{}, err
			}
			sp = first.AppendSystemPrompt
		}
		return session{id: id, path: path, resumed: true, systemPrompt: sp}, nil
	case o.sessionID != nil:
		id := *o.sessionID
		if !uuidRE.MatchString(id) {
			return session{}, usagef("Error: Invalid session ID. Must be a valid UUID.")
		}
		path, err := s.find(id)
		if err != nil {
			return session{}, err
		}
		if path != "" {
			return session{}, usagef("Error: Session ID %s is already in use.", id)
		}
		return session{id: id, path: filepath.Join(s.projectDir(cwd), id+".jsonl"), systemPrompt: o.appendSystemPrompt}, nil
	default:
		id := uuid.NewString()
		return session{id: id, path: filepath.Join(s.projectDir(cwd), id+".jsonl"), systemPrompt: o.appendSystemPrompt}, nil
	}
}
