package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/discord-coordinator/coordinator/test/fakecli"
)

// fakeBin is the fake CLI built once for the package.
var fakeBin string

// runDeadline bounds every run so that a hang fails the test instead of the suite.
const runDeadline = 30 * time.Second

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fakeclaude-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fakeBin, err = fakecli.Build(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		os.RemoveAll(dir)
		os.Exit(code)
	}))
}

// sandbox is an isolated HOME, TMPDIR, working dir and invocation log for one test.
type sandbox struct {
	t                    *testing.T
	home, tmp, work, log string
	extraEnv             []string
}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	root := t.TempDir()
	s := &sandbox{t: t, home: filepath.Join(root, "home"), tmp: filepath.Join(root, "tmp"),
		work: filepath.Join(root, "work"), log: filepath.Join(root, "invocations.jsonl")}
	for _, d := range []string{s.home, s.tmp, s.work} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// env is the child's whole environment.
func (s *sandbox) env() []string {
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + s.home, "TMPDIR=" + s.tmp,
		"FAKECLAUDE_LOG=" + s.log}, s.extraEnv...)
}

// result is what a finished run printed and returned.
type result struct {
	stdout, stderr string
	rc             int
}

// run executes the fake to completion with stdin /dev/null.
func (s *sandbox) run(args ...string) result { return s.runIn(s.work, "", args...) }

// runIn executes the fake in dir with the given stdin ("" means /dev/null).
func (s *sandbox) runIn(dir, stdin string, args ...string) result {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, fakeBin, args...)
	cmd.Dir, cmd.Env = dir, s.env()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		s.t.Fatalf("fake %q did not finish within %v; stdout %q stderr %q", args, runDeadline, out.String(), errb.String())
	}
	rc := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		rc = exitErr.ExitCode()
	} else if err != nil {
		s.t.Fatalf("run fake %q: %v", args, err)
	}
	return result{stdout: out.String(), stderr: errb.String(), rc: rc}
}

// proc is a fake running in its own process group, read line by line.
type proc struct {
	t     *testing.T
	cmd   *exec.Cmd
	lines chan string // closed at EOF: when the fake and everything sharing its stdout are gone
	done  chan struct{}
	err   error // from Wait, valid after done is closed
	errf  string
}

// start runs the fake in the background. Stdout is a pipe that only the fake (and its
// grandchildren) hold, so its EOF means they are all gone. Cleanup kills the group.
func (s *sandbox) start(args ...string) *proc {
	s.t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		s.t.Fatal(err)
	}
	errf := filepath.Join(s.t.TempDir(), "stderr")
	ef, err := os.Create(errf)
	if err != nil {
		s.t.Fatal(err)
	}
	cmd := exec.Command(fakeBin, args...)
	cmd.Dir, cmd.Env = s.work, s.env()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout, cmd.Stderr = w, ef
	err = cmd.Start()
	w.Close()
	ef.Close()
	if err != nil {
		r.Close()
		s.t.Fatal(err)
	}
	p := &proc{t: s.t, cmd: cmd, lines: make(chan string, 1024), done: make(chan struct{}), errf: errf}
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		defer close(p.lines)
		defer r.Close()
		br := bufio.NewReader(r)
		for {
			line, err := br.ReadString('\n')
			if line != "" {
				p.lines <- line
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	s.t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		for _, ch := range []chan struct{}{p.done, readerDone} {
			select {
			case <-ch:
			case <-time.After(runDeadline):
				s.t.Errorf("fake pid %d: not gone after SIGKILL to its group", cmd.Process.Pid)
			}
		}
	})
	return p
}

// nextLine returns the next stdout line, failing the test at EOF or after the deadline.
func (p *proc) nextLine() string {
	p.t.Helper()
	select {
	case l, ok := <-p.lines:
		if !ok {
			p.t.Fatal("stdout closed, wanted another line")
		}
		return l
	case <-time.After(runDeadline):
		p.t.Fatal("no stdout line within the deadline")
	}
	return ""
}

// signal sends sig to the fake itself (not its group).
func (p *proc) signal(sig syscall.Signal) {
	p.t.Helper()
	if err := syscall.Kill(p.cmd.Process.Pid, sig); err != nil {
		p.t.Fatalf("signal %v: %v", sig, err)
	}
}

// wait waits for the fake to exit and returns its exit code (-1 when killed by a signal)
// and every stdout line it printed that was not read yet.
func (p *proc) wait() (int, []string) {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(runDeadline):
		p.t.Fatal("fake did not exit within the deadline")
	}
	var rest []string
	for l := range p.lines { // ends at EOF: the fake is gone and nothing else holds stdout here
		rest = append(rest, l)
	}
	var exitErr *exec.ExitError
	if p.err != nil && !errors.As(p.err, &exitErr) {
		p.t.Fatalf("wait: %v", p.err)
	}
	return p.cmd.ProcessState.ExitCode(), rest
}

// stderr returns what the fake wrote to stderr so far.
func (p *proc) stderr() string {
	b, err := os.ReadFile(p.errf)
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

// decode parses one JSON object line.
func decode(t *testing.T, line string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("not a JSON object: %v: %q", err, line)
	}
	return m
}

// decodeLines parses every line of a stream-json stdout.
func decodeLines(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	if !strings.HasSuffix(stdout, "\n") {
		t.Fatalf("stdout does not end in a newline: %q", stdout)
	}
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		out = append(out, decode(t, l))
	}
	return out
}

// kinds lists type or type/subtype of each event, as in the notes.
func kinds(evs []map[string]any) []string {
	var k []string
	for _, ev := range evs {
		s, _ := ev["type"].(string)
		if sub, ok := ev["subtype"].(string); ok && ev["type"] == "system" {
			s += "/" + sub
		}
		k = append(k, s)
	}
	return k
}

// mustRC fails unless the run ended with rc and printed exactly stderr.
func mustRC(t *testing.T, r result, rc int, stderr string) {
	t.Helper()
	if r.rc != rc || r.stderr != stderr {
		t.Fatalf("rc %d stderr %q, want rc %d stderr %q (stdout %q)", r.rc, r.stderr, rc, stderr, r.stdout)
	}
}

// jsonResult runs in json mode and returns the decoded single result line.
func (s *sandbox) jsonResult(args ...string) (map[string]any, result) {
	s.t.Helper()
	r := s.run(append([]string{"-p", "--output-format", "json"}, args...)...)
	if strings.Count(r.stdout, "\n") != 1 {
		s.t.Fatalf("json mode printed %d lines, want 1: %q (stderr %q)", strings.Count(r.stdout, "\n"), r.stdout, r.stderr)
	}
	return decode(s.t, r.stdout), r
}
