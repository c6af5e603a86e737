package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestExampleFileLoads(t *testing.T) {
	const example = "../../coordinator.example.yaml"
	cfg := mustLoad(t, example, noEnv)
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Access.AllowedUsers) == 0 || cfg.Access.AllowAll {
		t.Errorf("example access = %+v, want a placeholder allowed user and allow_all false", cfg.Access)
	}
	if len(cfg.Projects) != 1 || cfg.Projects[0].Dir != repo {
		t.Errorf("example projects = %+v, want one project in %s", cfg.Projects, repo)
	}

	// Every section but access and projects holds exactly the defaults.
	def := Default()
	def.Store.Path = filepath.Join(repo, "data", "coordinator.db")
	for _, s := range []struct {
		name      string
		got, want any
	}{
		{"discord", cfg.Discord, def.Discord}, {"claude", cfg.Claude, def.Claude}, {"store", cfg.Store, def.Store},
		{"metrics", cfg.Metrics, def.Metrics}, {"log", cfg.Log, def.Log}, {"channels", cfg.Channels, def.Channels},
		{"dynamic_projects", cfg.DynamicProjects, def.DynamicProjects},
	} {
		if !reflect.DeepEqual(s.got, s.want) {
			t.Errorf("example %s = %+v, want the defaults %+v", s.name, s.got, s.want)
		}
	}

	// Every key is written out, with a comment above it.
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	project := doc.Content[0]
	for _, key := range []string{"projects", "0"} {
		project = child(project, key)
	}
	tier := child(child(project, "tool_tiers"), "0") // dynamic_projects.tool_tiers is [] there: its keys are the same
	checkKeys(t, doc.Content[0], reflect.TypeFor[Config](), "", map[string]*yaml.Node{"projects": project,
		"projects[0].tool_tiers": tier, "dynamic_projects.tool_tiers": tier})
	if !strings.Contains(string(data), "DISCORD_TOKEN") {
		t.Error("the example does not say the token comes from DISCORD_TOKEN")
	}
}

// child returns the value under key of a mapping, or item key of a sequence.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.SequenceNode {
		i, _ := strconv.Atoi(key)
		if i < len(n.Content) {
			return n.Content[i]
		}
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// checkKeys fails for each yaml key of struct type typ that the mapping n lacks or has without a comment.
// Slices of structs are checked through the node given in lists; the keys of an embedded struct tagged
// `yaml:",inline"` are looked for in n itself.
func checkKeys(t *testing.T, n *yaml.Node, typ reflect.Type, path string, lists map[string]*yaml.Node) {
	t.Helper()
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		key, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if key == "" && opts == "inline" {
			checkKeys(t, n, f.Type, path, lists)
			continue
		}
		if key == "-" {
			continue
		}
		p := childPath(path, key)
		var keyNode, val *yaml.Node
		for j := 0; n != nil && j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == key {
				keyNode, val = n.Content[j], n.Content[j+1]
			}
		}
		if keyNode == nil {
			t.Errorf("example lacks key %s", p)
			continue
		}
		if keyNode.HeadComment == "" {
			t.Errorf("example key %s has no comment", p)
		}
		switch {
		case f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[time.Duration]():
			checkKeys(t, val, f.Type, p, lists)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			checkKeys(t, lists[p], f.Type.Elem(), p+"[0]", lists)
		}
	}
}
