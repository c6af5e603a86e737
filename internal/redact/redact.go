// Package redact removes secrets from text before it leaves the process: the configured secrets
// by value, and common credential shapes (Anthropic, OpenAI and AWS keys, private-key blocks,
// Discord bot tokens, KEY=value lines of .env files) by pattern.
package redact

import (
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Mask replaces a secret.
const Mask = "[redacted]"

// minSecretLen is the shortest configured value treated as a secret: shorter values ("1", "true")
// would blank out ordinary words.
const minSecretLen = 8

// patterns are credential shapes redacted wherever they appear. Each match is replaced by Mask,
// except in envLine, where only the value is.
var (
	patterns = []*regexp.Regexp{
		regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)`),
		regexp.MustCompile(`\bsk-ant-[A-Za-z0-9_\-]{16,}`),                                       // Anthropic
		regexp.MustCompile(`\bsk-(proj-|svcacct-)?[A-Za-z0-9_\-]{20,}`),                          // OpenAI
		regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`),                                        // AWS access key id
		regexp.MustCompile(`\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b`), // Discord bot token
		regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{30,}\b`),                                     // GitHub
		regexp.MustCompile(`\bxox[baprs]-[A-Za-z0-9-]{10,}\b`),                                   // Slack
	}
	// envLine is a KEY=value line whose key names a secret, as in .env files.
	envLine = regexp.MustCompile(`(?im)^(\s*(?:export\s+)?[A-Z0-9_]*(?:KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIALS?)[A-Z0-9_]*\s*[=:]\s*)(["']?)([^\s"'#]+)`)
)

// Redactor replaces secrets in text. The zero value redacts the patterns only.
type Redactor struct {
	secrets []string // longest first, so that a secret containing another is replaced whole
}

// New returns a Redactor for the given secret values (empty and short values are ignored).
func New(secrets ...string) *Redactor {
	r := &Redactor{}
	seen := map[string]bool{}
	for _, s := range secrets {
		s = strings.TrimSpace(s)
		if len(s) >= minSecretLen && !seen[s] {
			seen[s] = true
			r.secrets = append(r.secrets, s)
		}
	}
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

// String redacts s and reports how many secrets it replaced.
func (r *Redactor) String(s string) (string, int) {
	n := 0
	if r != nil {
		for _, secret := range r.secrets {
			if c := strings.Count(s, secret); c > 0 {
				n += c
				s = strings.ReplaceAll(s, secret, Mask)
			}
		}
	}
	for _, p := range patterns {
		s = p.ReplaceAllStringFunc(s, func(string) string { n++; return Mask })
	}
	s = envLine.ReplaceAllStringFunc(s, func(m string) string {
		parts := envLine.FindStringSubmatch(m)
		if strings.HasPrefix(parts[3], Mask) || strings.HasPrefix(parts[3], "$") {
			return m // already masked, or a reference to another variable
		}
		n++
		return parts[1] + parts[2] + Mask
	})
	return s, n
}

// Literal replaces only the configured secrets (no patterns): cheap enough for every log line.
func (r *Redactor) Literal(s string) string {
	if r == nil {
		return s
	}
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, Mask)
	}
	return s
}

// Writer wraps w so that the configured secrets never reach it; each Write is redacted whole,
// which suits zerolog (one JSON line per Write).
func (r *Redactor) Writer(w io.Writer) io.Writer {
	return &writer{r: r, w: w}
}

type writer struct {
	mu sync.Mutex
	r  *Redactor
	w  io.Writer
}

// Write redacts p and writes it; it reports len(p) so callers see a whole write.
func (w *writer) Write(p []byte) (int, error) {
	out := w.r.Literal(string(p))
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := io.WriteString(w.w, out); err != nil {
		return 0, err
	}
	return len(p), nil
}
