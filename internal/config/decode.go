package config

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// decoder walks a yaml.Node tree into a Config by the fields' yaml tags, recording every problem and carrying on,
// so that one bad value does not hide the others. It records the line of each path it meets for validation.
type decoder struct {
	ps *problems
}

// value decodes n, found at path on line, into v. A null keeps v's current (default) value.
func (d *decoder) value(n *yaml.Node, path string, line int, v reflect.Value) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return
	}
	if v.Type() == reflect.TypeFor[time.Duration]() { // Go duration strings ("90s", "10m"), not integers
		d.duration(n, path, line, v)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.structure(n, path, line, v)
	case reflect.Slice:
		d.list(n, path, line, v)
	case reflect.Map:
		d.stringMap(n, path, line, v)
	case reflect.String:
		if d.want(n, yaml.ScalarNode, path, line, "a string") {
			v.SetString(n.Value)
		}
	case reflect.Int:
		var i int
		if d.want(n, yaml.ScalarNode, path, line, "an integer") && d.scalar(n, &i, path, line, "an integer") {
			v.SetInt(int64(i))
		}
	case reflect.Float64:
		var f float64
		if d.want(n, yaml.ScalarNode, path, line, "a number") && d.scalar(n, &f, path, line, "a number") {
			v.SetFloat(f)
		}
	case reflect.Bool:
		var b bool
		if d.want(n, yaml.ScalarNode, path, line, "true or false") && d.scalar(n, &b, path, line, "true or false") {
			v.SetBool(b)
		}
	default:
		panic(fmt.Sprintf("config: no decoder for %s at %s", v.Type(), path))
	}
}

// structure decodes a mapping into a struct; keys are the fields' yaml tags and any other key is a problem. The keys
// of an embedded struct tagged `yaml:",inline"` are keys of this same mapping.
func (d *decoder) structure(n *yaml.Node, path string, line int, v reflect.Value) {
	if !d.want(n, yaml.MappingNode, path, line, "a mapping of keys") {
		return
	}
	fields := structFields(v.Type())
	known := make([]string, 0, len(fields))
	for key := range fields {
		known = append(known, key)
	}
	sort.Strings(known)
	d.pairs(n, path, func(key string, keyNode, val *yaml.Node) {
		p := childPath(path, key)
		index, ok := fields[key]
		if !ok {
			d.ps.decodeErr(p, keyNode.Line, "%s", unknownKeyMsg(key, known))
			return
		}
		d.value(val, p, keyNode.Line, v.FieldByIndex(index))
	})
}

// structFields maps the yaml keys of struct type t to their field index paths, for reflect.Value.FieldByIndex. Fields
// tagged "-" or untagged are not keys; an embedded struct tagged ",inline" contributes its own keys. A key defined
// twice is a programming error and panics.
func structFields(t reflect.Type) map[string][]int {
	fields := map[string][]int{}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			index := append(slices.Clone(prefix), i)
			if tag == "" && opts == "inline" {
				if !f.Anonymous || f.Type.Kind() != reflect.Struct {
					panic(fmt.Sprintf("config: %s.%s: ,inline needs an embedded struct", t, f.Name))
				}
				walk(f.Type, index)
				continue
			}
			if tag == "" || tag == "-" {
				continue
			}
			if _, dup := fields[tag]; dup {
				panic(fmt.Sprintf("config: %s: yaml key %q is defined twice", t, tag))
			}
			fields[tag] = index
		}
	}
	walk(t, nil)
	return fields
}

// stringMap decodes a mapping into a map[string]string, replacing the default.
func (d *decoder) stringMap(n *yaml.Node, path string, line int, v reflect.Value) {
	if !d.want(n, yaml.MappingNode, path, line, "a mapping of NAME: value") {
		return
	}
	m := reflect.MakeMap(v.Type())
	d.pairs(n, path, func(key string, keyNode, val *yaml.Node) {
		elem := reflect.New(v.Type().Elem()).Elem()
		p := childPath(path, key)
		d.value(val, p, keyNode.Line, elem)
		m.SetMapIndex(reflect.ValueOf(key), elem)
	})
	v.Set(m)
}

// pairs calls f for each key of a mapping, reporting non-scalar and duplicate keys.
func (d *decoder) pairs(n *yaml.Node, path string, f func(key string, keyNode, val *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		keyNode, val := n.Content[i], n.Content[i+1]
		if keyNode.Kind != yaml.ScalarNode {
			d.ps.decodeErr(path, keyNode.Line, "a key must be a plain name, got %s", describe(keyNode))
			continue
		}
		key := keyNode.Value
		p := childPath(path, key)
		if first, dup := seen[key]; dup {
			d.ps.decodeErr(p, keyNode.Line, "duplicate key %q (first on line %d)", key, first)
			continue
		}
		seen[key] = keyNode.Line
		d.ps.lines[p] = keyNode.Line
		f(key, keyNode, val)
	}
}

// list decodes a sequence into a slice, replacing the default; each item starts from its zero value.
func (d *decoder) list(n *yaml.Node, path string, line int, v reflect.Value) {
	if !d.want(n, yaml.SequenceNode, path, line, "a list") {
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		p := itemPath(path, i)
		d.ps.lines[p] = item.Line
		d.value(item, p, item.Line, s.Index(i))
	}
	v.Set(s)
}

// duration decodes a Go duration string.
func (d *decoder) duration(n *yaml.Node, path string, line int, v reflect.Value) {
	if !d.want(n, yaml.ScalarNode, path, line, "a duration") {
		return
	}
	dur, err := time.ParseDuration(n.Value)
	if err != nil {
		d.ps.decodeErr(path, line, "bad duration %q: want a Go duration such as 90s, 10m or 1h30m", n.Value)
		return
	}
	v.SetInt(int64(dur))
}

// scalar decodes a scalar node with yaml's own rules into out.
func (d *decoder) scalar(n *yaml.Node, out any, path string, line int, what string) bool {
	if err := n.Decode(out); err != nil {
		d.ps.decodeErr(path, line, "want %s, got %q", what, n.Value)
		return false
	}
	return true
}

// want reports whether n is of kind, recording a problem if not.
func (d *decoder) want(n *yaml.Node, kind yaml.Kind, path string, line int, what string) bool {
	if n.Kind == kind {
		return true
	}
	d.ps.decodeErr(path, line, "want %s, got %s", what, describe(n))
	return false
}

// describe names a node's kind for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	default:
		return "nothing"
	}
}

// unknownKeyMsg explains an unknown key; a token gets pointed at the environment.
func unknownKeyMsg(key string, known []string) string {
	if strings.Contains(strings.ToLower(key), "token") {
		return fmt.Sprintf("unknown key %q: the Discord token is never read from the file; use env %s", key, EnvToken)
	}
	return fmt.Sprintf("unknown key %q (known here: %s)", key, strings.Join(known, ", "))
}
