package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestOpenCreatesPrivateDirAndFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "coordinator.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	for _, p := range []string{dir, path} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("stat: %v", err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s has mode %v, want no group or other bits", p, perm)
		}
	}
	if got := fileVersion(t, path); got != SchemaVersion {
		t.Errorf("schema_version = %d, want %d", got, SchemaVersion)
	}
	mustCheckFile(t, path)
}

func TestOpenInitialisesEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open of a 0-byte file: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := fileVersion(t, path); got != SchemaVersion {
		t.Errorf("schema_version = %d, want %d", got, SchemaVersion)
	}
}

func TestOptionsValidation(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"negative timeout", Options{Timeout: -time.Second}, "Timeout"},
		{"negative max runs", Options{MaxRunsPerChannel: -1}, "MaxRunsPerChannel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			_, err := Open(path, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open error = %v, want one naming %s", err, tt.want)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("invalid options still created the file (stat: %v)", err)
			}
		})
	}
	if _, err := Open("", Options{}); err == nil {
		t.Error("Open(\"\") succeeded")
	}
}

func TestCloseIsIdempotentAndLaterCallsFail(t *testing.T) {
	s := openTestStore(t, Options{})
	if err := s.Close(); err != nil {
		t.Fatalf("first Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := s.PutSession(Session{ChannelID: "c1"}); !errors.Is(err, bolt.ErrDatabaseNotOpen) {
		t.Errorf("PutSession after Close = %v, want ErrDatabaseNotOpen", err)
	}
	if _, _, err := s.GetSession("c1"); err == nil {
		t.Error("GetSession after Close succeeded")
	}
}

func TestOpenInUseInSameProcess(t *testing.T) {
	s := openTestStore(t, Options{})
	_, err := Open(s.Path(), Options{Timeout: 50 * time.Millisecond})
	assertInUse(t, err, s.Path())

	// The lock goes with Close: the file opens again afterwards.
	s2 := mustReopen(t, s, Options{})
	if err := s2.Check(); err != nil {
		t.Errorf("Check after reopen: %v", err)
	}
}

func TestOpenInUseByOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "coordinator.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start holder: %v", err)
	}
	waited := false
	t.Cleanup(func() {
		if !waited {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})

	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err == nil && line != "locked\n" {
			err = fmt.Errorf("holder said %q", line)
		}
		ready <- err
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("holder did not lock the store: %v (stderr: %s)", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("holder did not lock the store within 10s (stderr: %s)", stderr.String())
	}

	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	assertInUse(t, err, path)

	if err := stdin.Close(); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, stdout)
	err = cmd.Wait()
	waited = true
	if err != nil {
		t.Fatalf("holder exited with %v (stderr: %s)", err, stderr.String())
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open after the holder exited: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// assertInUse fails unless err is the in-use error for path.
func assertInUse(t *testing.T, err error, path string) {
	t.Helper()
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open error = %v, want ErrInUse", err)
	}
	if !errors.Is(err, bolt.ErrTimeout) {
		t.Errorf("error %v does not keep bolt.ErrTimeout as its cause", err)
	}
	want := "store " + path + " is in use by another coordinator"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 3*4096)
	for i := range noise {
		noise[i] = byte(rng.UintN(256))
	}
	tests := []struct {
		name  string
		write func(t *testing.T, path string)
		want  string
	}{
		{"short text", writeBytes([]byte("this is not a database\n")), "not a valid bbolt database"},
		{"random pages", writeBytes(noise), "not a valid bbolt database"},
		{"other bbolt file", func(t *testing.T, path string) {
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Update(func(tx *bolt.Tx) error {
				_, err := tx.CreateBucket([]byte("someone-else"))
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}, "not a coordinator store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "coordinator.db")
			tt.write(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{})
			if err == nil {
				_ = s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want one naming %s and saying %q", err, path, tt.want)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the refused file was modified")
			}
		})
	}
}

// writeBytes returns a file writer for TestOpenRefusesForeignFiles.
func writeBytes(b []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
