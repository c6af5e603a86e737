package claude

import (
	"sort"
	"strings"
)

// allowedEnv are the names copied from Environ without being listed in PassEnv (plus LC_*).
var allowedEnv = map[string]bool{
	"PATH": true, "HOME": true, "USER": true, "LOGNAME": true, "SHELL": true,
	"LANG": true, "LANGUAGE": true, "TZ": true, "TERM": true,
}

// deniedEnv reports whether name must never reach the child, whoever asks for it.
func deniedEnv(name string) bool {
	return strings.HasPrefix(strings.ToUpper(name), "DISCORD_")
}

// validEnvName reports whether name can appear in an environment block.
func validEnvName(name string) bool {
	return name != "" && !strings.ContainsAny(name, "=\x00")
}

// childEnv builds the child's environment: the allow-list and PassEnv from environ, then env,
// then TMPDIR=tmpdir. Denied names are dropped at every step. The result is sorted by name.
func childEnv(environ, passEnv []string, env map[string]string, tmpdir string) []string {
	pass := make(map[string]bool, len(passEnv))
	for _, n := range passEnv {
		pass[n] = true
	}
	vars := make(map[string]string)
	for _, kv := range environ {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !validEnvName(name) || deniedEnv(name) {
			continue
		}
		if allowedEnv[name] || strings.HasPrefix(name, "LC_") || pass[name] {
			vars[name] = val // a later duplicate wins, as in exec.Cmd
		}
	}
	for name, val := range env {
		if validEnvName(name) && !deniedEnv(name) {
			vars[name] = val
		}
	}
	vars["TMPDIR"] = tmpdir
	out := make([]string, 0, len(vars))
	for name, val := range vars {
		out = append(out, name+"="+val)
	}
	sort.Strings(out)
	return out
}
