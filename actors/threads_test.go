package actors_test

import (
	"errors"
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
)

// withThreads sets every project's Threads switch.
func withThreads(on bool) harnessOption {
	return func(o *actors.Options, _ *claudeOptions) {
		for _, p := range o.Projects {
			p.Threads = on
		}
	}
}

// Two threads under one channel run at the same time, each in its own Claude session, apart from the parent's.
func TestThreadsRunInParallelWithTheirOwnSessions(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", withThreads(true))
	for _, th := range []string{"t1", "t2"} {
		if project, err := h.sys.AddThread(th, "c1"); err != nil || project != "demo" {
			t.Fatalf("AddThread(%s) = %q, %v", th, project, err)
		}
	}
	if project, err := h.sys.AddThread("t1", "c1"); err != nil || project != "demo" {
		t.Fatalf("AddThread again = %q, %v; want the same project", project, err)
	}
	one, two := h.send("t1", "fake:sleep=300ms one"), h.send("t2", "fake:sleep=300ms two")
	all := h.collect([]string{one, two})
	index := func(id string, final bool) int {
		for i, o := range all {
			if o.MessageID == id && (o.Kind == actors.Started && !final || isFinal(o.Kind) && final) {
				return i
			}
		}
		t.Fatalf("no outcome for %s (final %v)", id, final)
		return -1
	}
	if index(one, false) > index(two, true) || index(two, false) > index(one, true) {
		t.Errorf("the threads ran one after the other: %+v", all)
	}
	for _, id := range []string{one, two} {
		if o := all[index(id, true)]; o.Kind != actors.Answered {
			t.Fatalf("outcome of %s = %+v", id, o)
		}
	}
	parent := h.final(h.send("c1", "three"))
	if parent.Kind != actors.Answered {
		t.Fatalf("parent = %+v", parent)
	}
	sessions := map[string]string{}
	for _, ch := range []string{"t1", "t2", "c1"} {
		s, ok, err := h.store.GetSession(ch)
		if err != nil || !ok || s.ClaudeSessionID == "" || s.Project != "demo" {
			t.Fatalf("session of %s = %+v, %v, %v", ch, s, ok, err)
		}
		if other, dup := sessions[s.ClaudeSessionID]; dup {
			t.Fatalf("%s and %s share the Claude session %s", ch, other, s.ClaudeSessionID)
		}
		sessions[s.ClaudeSessionID] = ch
	}
}

// A thread is refused when its parent is not mapped or its project keeps threads off; nothing is mapped then.
func TestAddThreadRefusals(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	if _, err := h.sys.AddThread("t1", "c1"); !errors.Is(err, actors.ErrThreadsOff) {
		t.Errorf("threads off: err = %v, want ErrThreadsOff", err)
	}
	if _, err := h.sys.AddThread("t1", "elsewhere"); err == nil || errors.Is(err, actors.ErrThreadsOff) {
		t.Errorf("unmapped parent: err = %v", err)
	}
	if o := h.final(h.send("t1", "hello")); o.Kind != actors.NotMapped {
		t.Errorf("a message in a refused thread = %+v, want NotMapped", o)
	}
}
