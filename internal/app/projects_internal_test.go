package app

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/config"
)

func TestResolveProjectDir(t *testing.T) {
	base := t.TempDir()
	base, _ = filepath.EvalSymlinks(base)
	root := filepath.Join(base, "root")
	outside := filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(root, "app"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "file"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "app"), filepath.Join(base, "link-in")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir, want, err string
	}{
		{filepath.Join(root, "app"), filepath.Join(root, "app"), ""},
		{"app", filepath.Join(root, "app"), ""},
		{filepath.Join(base, "link-in"), filepath.Join(root, "app"), ""}, // a link from outside to inside is fine
		{root, root, ""},
		{filepath.Join(root, "escape"), "", "not under an allowed project root"},
		{filepath.Join(root, "app", "..", "..", "outside"), "", "not under an allowed project root"},
		{outside, "", "not under an allowed project root"},
		{filepath.Join(root, "missing"), "", "does not exist"},
		{filepath.Join(root, "file"), "", "not a directory"},
		{"", "", "empty directory"},
	} {
		got, err := resolveProjectDir(tc.dir, []string{root})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err = %v, want %q", tc.dir, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: got %q, %v; want %q", tc.dir, got, err, tc.want)
		}
	}
	if _, err := resolveProjectDir(root, nil); err == nil {
		t.Error("no roots: accepted")
	}
}

// A project's tool tiers reach the actors in order, with every field, for configured and for
// /add-project projects alike.
func TestActorProjectCarriesToolTiers(t *testing.T) {
	tiers := []config.ToolTier{
		{Role: "1300000000000000301", AllowedTools: []string{"Edit"}, DisallowedTools: []string{"WebFetch"}, PermissionMode: "acceptEdits"},
		{Role: "1300000000000000302", AllowedTools: []string{"Read"}},
	}
	want := []actors.ToolTier{
		{Role: "1300000000000000301", AllowedTools: []string{"Edit"}, DisallowedTools: []string{"WebFetch"}, PermissionMode: "acceptEdits"},
		{Role: "1300000000000000302", AllowedTools: []string{"Read"}},
	}
	dyn := config.DynamicProjects{ProjectSettings: config.ProjectSettings{ToolTiers: tiers}}
	for name, p := range map[string]config.Project{
		"configured": {Name: "a", ProjectSettings: config.ProjectSettings{ToolTiers: tiers}},
		"dynamic":    dyn.Project("b", "/srv/b", []string{"1300000000000000002"}),
	} {
		if got := actorProject(p).ToolTiers; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ToolTiers = %+v, want %+v", name, got, want)
		}
	}
	if got := actorProject(config.Project{Name: "c"}).ToolTiers; got != nil {
		t.Errorf("no tiers: ToolTiers = %+v, want nil", got)
	}
}

// A project's busy policy reaches the actors, for configured and for /add-project projects alike;
// anything but interrupt (the default queue, or empty) queues.
func TestActorProjectCarriesBusyPolicy(t *testing.T) {
	for _, tc := range []struct{ policy, want string }{
		{config.BusyPolicyInterrupt, actors.BusyInterrupt},
		{config.BusyPolicyQueue, actors.BusyQueue},
		{"", actors.BusyQueue},
	} {
		settings := config.ProjectSettings{BusyPolicy: tc.policy}
		dyn := config.DynamicProjects{ProjectSettings: settings}
		for name, p := range map[string]config.Project{
			"configured": {Name: "a", ProjectSettings: settings},
			"dynamic":    dyn.Project("b", "/srv/b", []string{"1300000000000000002"}),
		} {
			if got := actorProject(p).BusyPolicy; got != tc.want {
				t.Errorf("%s, policy %q: BusyPolicy = %q, want %q", name, tc.policy, got, tc.want)
			}
		}
	}
}

// A project's progress level, hide_cost and threads reach the actors, for configured and for /add-project projects
// alike; an empty progress (a literal's zero value) is the default, tools.
func TestActorProjectCarriesProgressHideCostThreads(t *testing.T) {
	for _, tc := range []struct {
		progress, want   string
		hideCost, thread bool
	}{
		{config.ProgressOff, actors.ProgressOff, true, false},
		{config.ProgressTools, actors.ProgressTools, false, true},
		{config.ProgressFull, actors.ProgressFull, true, true},
		{"", actors.ProgressTools, false, false},
	} {
		settings := config.ProjectSettings{Progress: tc.progress, HideCost: tc.hideCost, Threads: tc.thread}
		dyn := config.DynamicProjects{ProjectSettings: settings}
		for name, p := range map[string]config.Project{
			"configured": {Name: "a", ProjectSettings: settings},
			"dynamic":    dyn.Project("b", "/srv/b", []string{"1300000000000000002"}),
		} {
			got := actorProject(p)
			if got.Progress != tc.want || got.HideCost != tc.hideCost || got.Threads != tc.thread {
				t.Errorf("%s, progress %q hide_cost %v threads %v: got Progress %q HideCost %v Threads %v; want %q %v %v",
					name, tc.progress, tc.hideCost, tc.thread, got.Progress, got.HideCost, got.Threads, tc.want, tc.hideCost, tc.thread)
			}
		}
	}
}
