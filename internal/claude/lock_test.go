package claude

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A session locked by another process is refused at once; the lock is free again after release.
func TestSessionLock(t *testing.T) {
	dir := t.TempDir()
	id := "6f0c3c1e-0d7e-4c51-9a55-3b1f8f3b2a10"
	_, release, err := lockSession(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to open files: a second open, as another process would do, is refused.
	if _, _, err := lockSession(dir, id); err == nil {
		t.Fatal("a held session lock was taken again")
	}
	release()
	_, again, err := lockSession(dir, id)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}

// The runner refuses to resume a session another process holds (here `flock` from util-linux,
// as an operator resuming by hand would), without starting the CLI.
func TestRunRefusesALockedSession(t *testing.T) {
	flock, err := exec.LookPath("flock")
	if err != nil {
		t.Skip("flock(1) not installed")
	}
	dir := t.TempDir()
	id := "6f0c3c1e-0d7e-4c51-9a55-3b1f8f3b2a10"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	holder := exec.Command(flock, filepath.Join(dir, id+".lock"), "sh", "-c", "echo locked; read x")
	stdin, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); _ = holder.Wait() }()
	buf := make([]byte, 7)
	if _, err := out.Read(buf); err != nil { // "locked": flock holds the lock now
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "fake.log")
	r := New(Options{Command: fakeClaude, LockDir: dir, Env: map[string]string{"FAKECLAUDE_LOG": logPath}})
	res := r.Run(t.Context(), Request{Dir: t.TempDir(), Prompt: "hi", ResumeID: id})
	if res.Outcome != OutcomeSessionLocked {
		t.Fatalf("outcome = %s (%v), want session_locked", res.Outcome, res.Err)
	}
	if _, err := os.Stat(logPath); !os.IsNotExist(err) {
		t.Fatalf("the CLI was started for a locked session (log: %v)", err)
	}
}
