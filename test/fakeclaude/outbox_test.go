package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteDirectives(t *testing.T) {
	s := newSandbox(t)
	out := t.TempDir()
	sys := "Be brief.\n\nTo send files back to the user, write them into the directory " + out + "; they are attached to your reply."
	_, r := s.jsonResult("--append-system-prompt", sys, "--", "fake:write=report.md fake:write-big=big.bin")
	mustRC(t, r, 0, "")
	got, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil || string(got) != "file report.md from the fake" {
		t.Errorf("report.md = %q, %v", got, err)
	}
	big, err := os.ReadFile(filepath.Join(out, "big.bin"))
	if err != nil || len(big) != 9<<20 || !bytes.Equal(big[:4], []byte("xxxx")) {
		t.Errorf("big.bin: %d bytes, %v", len(big), err)
	}
}

func TestWriteDirectiveWithoutOutbox(t *testing.T) {
	s := newSandbox(t)
	res, r := s.jsonResult("--", "fake:write=report.md")
	mustRC(t, r, 0, "fake: fake:write: no outbox directory in --append-system-prompt\n")
	if res["result"] != "echo: fake:write=report.md" {
		t.Errorf("result %v", res["result"])
	}
	if _, err := os.Stat(filepath.Join(s.work, "report.md")); !os.IsNotExist(err) {
		t.Errorf("a file was written without an outbox: %v", err)
	}
}

func TestWriteDirectiveRefusesPaths(t *testing.T) {
	s := newSandbox(t)
	_, r := s.jsonResult("--", "fake:write=../x")
	mustRC(t, r, 0, `fake: ignoring directive "fake:write=../x": want a plain file name`+"\n")
}
