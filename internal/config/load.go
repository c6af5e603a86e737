package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load reads the file at path, parses it against the defaults, applies the environment overrides read through lookupEnv
// (os.LookupEnv in production; nil reads nothing) and validates the result. Relative paths in the file are resolved
// against the file's directory. Problems with the file come back as a *ValidationError naming path.
func Load(path string, lookupEnv func(string) (string, bool)) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	cfg, err := Parse(data, filepath.Dir(abs), lookupEnv)
	var verr *ValidationError
	if errors.As(err, &verr) {
		verr.File = path
	}
	return cfg, err
}

// Parse is Load for a file already read: data is its content and baseDir the directory relative paths are resolved
// against. It returns a *ValidationError listing every problem, or the validated Config.
func Parse(data []byte, baseDir string, lookupEnv func(string) (string, bool)) (*Config, error) {
	if lookupEnv == nil {
		lookupEnv = func(string) (string, bool) { return "", false }
	}
	base, err := filepath.Abs(baseDir)
	if err != nil {
		return nil, fmt.Errorf("config base directory %s: %w", baseDir, err)
	}
	ps := newProblems()
	root, ok := parseYAML(data, ps)
	if !ok {
		return nil, ps.err()
	}
	cfg := Default()
	if root != nil {
		(&decoder{ps: ps}).value(root, "", root.Line, reflect.ValueOf(&cfg).Elem())
	}
	fillProjectDefaults(&cfg)
	fromEnv := applyEnv(&cfg, lookupEnv)
	resolvePaths(&cfg, base)
	validate(&cfg, ps, fromEnv)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// yamlLine finds the line in a yaml.v3 error message.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML returns the root node of the single document in data (nil for an empty file). On a syntax error it records
// the problem and returns false: nothing more can be checked.
func parseYAML(data []byte, ps *problems) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, true
		}
		ps.list = append(ps.list, syntaxProblem(err))
		return nil, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			line = syntaxProblem(err).Line
		}
		ps.list = append(ps.list, Problem{Line: line, Msg: "the file must hold one YAML document; remove the second `---`"})
		return nil, false
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0], true
	}
	return nil, true
}

// syntaxProblem turns a yaml.v3 syntax error into a Problem. yaml.v3 leaves out the line when the error is on the
// first line (its mark is 0-based and 0 is not printed), so no line means line 1.
func syntaxProblem(err error) Problem {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return Problem{Line: line, Msg: "YAML syntax error: " + msg}
}

// applyEnv applies the environment overrides and returns the config paths they replaced, keyed to the variable names.
// A variable that is set but empty overrides nothing.
func applyEnv(cfg *Config, lookupEnv func(string) (string, bool)) map[string]string {
	if v, ok := lookupEnv(EnvToken); ok {
		cfg.Discord.Token = Secret(strings.TrimSpace(v))
	}
	fromEnv := map[string]string{}
	for _, o := range []struct {
		name, path string
		field      *string
	}{
		{EnvAPIBaseURL, "discord.api_base_url", &cfg.Discord.APIBaseURL},
		{EnvGatewayURL, "discord.gateway_url", &cfg.Discord.GatewayURL},
	} {
		if v, ok := lookupEnv(o.name); ok && v != "" {
			*o.field = v
			fromEnv[o.path] = o.name
		}
	}
	return fromEnv
}

// resolvePaths makes the file's relative paths absolute against base, and resolves the symlinks of
// dynamic_projects.roots. A claude.command without a slash is a name looked up on PATH and stays as is. Empty paths stay
// empty for validation to report.
func resolvePaths(cfg *Config, base string) {
	abs := func(p string) string {
		if p == "" {
			return p
		}
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(base, p)
	}
	cfg.Store.Path = abs(cfg.Store.Path)
	if strings.ContainsRune(cfg.Claude.Command, '/') {
		cfg.Claude.Command = abs(cfg.Claude.Command)
	}
	for i := range cfg.Projects {
		cfg.Projects[i].Dir = abs(cfg.Projects[i].Dir)
	}
	for i, root := range cfg.DynamicProjects.Roots {
		cfg.DynamicProjects.Roots[i] = resolveSymlinks(abs(root))
	}
}

// resolveSymlinks returns path with its symlinks resolved, so that a directory /add-project maps is compared with the
// roots by its real location. A path that cannot be resolved (it does not exist, say) is returned as is, for validation
// to report.
func resolveSymlinks(path string) string {
	if path == "" {
		return path
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return path
	}
	return real
}
