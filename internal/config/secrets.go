package config

import "strings"

// secretName reports whether an environment variable name says its value is a secret.
func secretName(name string) bool {
	n := strings.ToUpper(name)
	for _, w := range []string{"KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// Secrets returns the secret values the daemon knows: the Discord token, and the values of
// claude.env entries and of claude.pass_env variables (read through lookupEnv) whose names say
// they are secrets. They must never reach a log line or a Discord message.
func (c *Config) Secrets(lookupEnv func(string) (string, bool)) []string {
	out := []string{c.Discord.Token.Reveal()}
	for name, value := range c.Claude.Env {
		if secretName(name) {
			out = append(out, value)
		}
	}
	if lookupEnv != nil {
		for _, name := range c.Claude.PassEnv {
			if v, ok := lookupEnv(name); ok && secretName(name) {
				out = append(out, v)
			}
		}
	}
	return out
}
