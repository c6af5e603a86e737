package config

import (
	"reflect"
	"strings"
	"testing"
)

// The keys of Project are its own and those of its inline ProjectSettings, each leading to the field it tags.
func TestStructFieldsInline(t *testing.T) {
	typ := reflect.TypeFor[Project]()
	got := structFields(typ)
	for key, index := range got {
		if tag, _, _ := strings.Cut(typ.FieldByIndex(index).Tag.Get("yaml"), ","); tag != key {
			t.Errorf("key %q leads to field %s tagged %q", key, typ.FieldByIndex(index).Name, tag)
		}
	}
	for _, key := range []string{"name", "channels", "dir", "model", "busy_policy", "progress", "hide_cost", "threads"} {
		if _, ok := got[key]; !ok {
			t.Errorf("structFields(Project) lacks %q", key)
		}
	}
	if n, want := len(got), 3+reflect.TypeFor[ProjectSettings]().NumField(); n != want {
		t.Errorf("Project has %d keys, want %d: name, channels, dir and every settings key, not the embedded struct", n, want)
	}
}

// Misused tags are programming errors that structFields refuses at once, whatever the file holds.
func TestStructFieldsRefusesBadTags(t *testing.T) {
	type inner struct {
		Model string `yaml:"model"`
	}
	type notEmbedded struct {
		In inner `yaml:",inline"`
	}
	type clash struct {
		Model string `yaml:"model"`
		inner `yaml:",inline"`
	}
	for name, typ := range map[string]reflect.Type{
		"inline field not embedded": reflect.TypeFor[notEmbedded](),
		"key defined twice":         reflect.TypeFor[clash](),
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("structFields(%s) did not panic", typ)
				}
			}()
			structFields(typ)
		})
	}
}
