package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The markers around the outbox directory in --append-system-prompt (the coordinator's sentence).
const (
	outboxBefore = "write them into the directory "
	outboxAfter  = "; they are attached"
)

// bigFileBytes is the size of a fake:write-big file: over the coordinator's 8 MiB per-file limit.
const bigFileBytes = 9 << 20

// outboxDir finds the directory named in the --append-system-prompt argument, "" when there is none.
func outboxDir(appendSystemPrompt string) string {
	_, rest, ok := strings.Cut(appendSystemPrompt, outboxBefore)
	if !ok {
		return ""
	}
	dir, _, ok := strings.Cut(rest, outboxAfter)
	if !ok {
		return ""
	}
	return dir
}

// writeOutbox writes the files of fake:write and fake:write-big into the outbox directory.
func writeOutbox(appendSystemPrompt string, d directives) error {
	if len(d.writes) == 0 && len(d.writesBig) == 0 {
		return nil
	}
	dir := outboxDir(appendSystemPrompt)
	if dir == "" {
		return fmt.Errorf("fake:write: no outbox directory in --append-system-prompt")
	}
	for _, name := range d.writes {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("file "+name+" from the fake"), 0o600); err != nil {
			return fmt.Errorf("fake:write: %w", err)
		}
	}
	for _, name := range d.writesBig {
		if err := os.WriteFile(filepath.Join(dir, name), bytes.Repeat([]byte("x"), bigFileBytes), 0o600); err != nil {
			return fmt.Errorf("fake:write-big: %w", err)
		}
	}
	return nil
}
