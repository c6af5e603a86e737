package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDynamicProjectsOffByDefault(t *testing.T) {
	cfg := mustLoad(t, "testdata/good/minimal.yaml", noEnv)
	d := cfg.DynamicProjects
	if d.Roots == nil || len(d.Roots) != 0 {
		t.Errorf("roots = %#v, want empty: /add-project off", d.Roots)
	}
	if !reflect.DeepEqual(d.AllowedTools, []string{"Read", "Grep", "Glob"}) || len(d.DisallowedTools) != 0 {
		t.Errorf("tools = %v / %v, want read-only [Read Grep Glob] / none", d.AllowedTools, d.DisallowedTools)
	}
}

func TestDynamicProjectsProject(t *testing.T) {
	d := DynamicProjects{Roots: []string{"/srv"}, ProjectSettings: ProjectSettings{Model: "opus", AllowedTools: []string{"Read"},
		DisallowedTools: []string{"Bash"}, PermissionMode: "plan", AppendSystemPrompt: "Be brief.", MaxTurns: 7, MaxBudgetUSD: 2.5,
		DailyBudgetUSD: 3, MonthlyBudgetUSD: 40, RetryInterrupted: true,
		ToolTiers:  []ToolTier{{Role: "1300000000000000301", AllowedTools: []string{"Edit"}, PermissionMode: "acceptEdits"}},
		BusyPolicy: BusyPolicyInterrupt, Progress: ProgressFull, HideCost: true, Threads: true}}
	// Every settings field is set, so one that Project() forgot would show below.
	assertNoDefaultField(t, reflect.ValueOf(d.ProjectSettings), reflect.ValueOf(ProjectSettings{}), "settings")
	channels := []string{"1300000000000000007"}
	got := d.Project("api", "/srv/api", channels)
	want := Project{Name: "api", Channels: []string{"1300000000000000007"}, Dir: "/srv/api", ProjectSettings: ProjectSettings{
		Model: "opus", AllowedTools: []string{"Read"}, DisallowedTools: []string{"Bash"}, PermissionMode: "plan",
		AppendSystemPrompt: "Be brief.", MaxTurns: 7, MaxBudgetUSD: 2.5, DailyBudgetUSD: 3, MonthlyBudgetUSD: 40, RetryInterrupted: true,
		ToolTiers:  []ToolTier{{Role: "1300000000000000301", AllowedTools: []string{"Edit"}, PermissionMode: "acceptEdits"}},
		BusyPolicy: BusyPolicyInterrupt, Progress: ProgressFull, HideCost: true, Threads: true}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Project = %+v\nwant      %+v", got, want)
	}
	// The result shares no slice with d or the caller.
	got.AllowedTools[0], got.DisallowedTools[0], got.Channels[0] = "x", "x", "x"
	got.ToolTiers[0].Role, got.ToolTiers[0].AllowedTools[0] = "x", "x"
	if d.AllowedTools[0] != "Read" || d.DisallowedTools[0] != "Bash" || channels[0] != "1300000000000000007" ||
		d.ToolTiers[0].Role != "1300000000000000301" || d.ToolTiers[0].AllowedTools[0] != "Edit" {
		t.Error("Project() aliases a slice of DynamicProjects or of its channels argument")
	}
	// Nil slices stay nil: a copy does not invent empty lists.
	if p := (DynamicProjects{}).Project("b", "/srv/b", nil); p.Channels != nil || p.AllowedTools != nil ||
		p.DisallowedTools != nil || p.ToolTiers != nil {
		t.Errorf("Project() of empty settings = %+v, want nil slices", p)
	}
}

func TestDynamicRootsRelativeAndSymlinksResolved(t *testing.T) {
	tmp, err := filepath.EvalSymlinks(t.TempDir()) // the temp dir itself may sit behind a symlink (macOS /var)
	if err != nil {
		t.Fatal(err)
	}
	etc, real := filepath.Join(tmp, "etc"), filepath.Join(tmp, "real", "projects")
	for _, dir := range []string{etc, real} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(real, filepath.Join(etc, "link")); err != nil {
		t.Fatal(err)
	}
	path := writeConfig(t, etc, "c.yaml", `
access: {allow_all: true}
projects: [{name: a, channels: ["1300000000000000002"], dir: .}]
dynamic_projects:
  roots: [link, ../real/./projects/, `+filepath.Join(etc, "link")+`, .]
`)
	t.Chdir(t.TempDir()) // the working directory must not matter
	cfg := mustLoad(t, path, noEnv)
	want := []string{real, real, real, etc}
	if !reflect.DeepEqual(cfg.DynamicProjects.Roots, want) {
		t.Fatalf("roots = %q, want %q", cfg.DynamicProjects.Roots, want)
	}

	// A root that exists only relative to the working directory is an error naming the path it was resolved to.
	if err := os.Mkdir("only-here", 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = Parse([]byte(`
access: {allow_all: true}
projects: [{name: a, channels: ["1300000000000000002"], dir: .}]
dynamic_projects: {roots: [only-here]}
`), etc, noEnv)
	wantErr := "dynamic_projects.roots[0] (line 4): directory " + filepath.Join(etc, "only-here") + " does not exist"
	if err == nil || !strings.Contains(err.Error(), wantErr) {
		t.Fatalf("error %v, want %q", err, wantErr)
	}
}
