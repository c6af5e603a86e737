package config

import "fmt"

// redacted is what a Secret prints as, whatever the verb or encoder.
const redacted = "[redacted]"

// Secret is a string that never prints: fmt, JSON, text and YAML encoders all see "[redacted]". Reveal returns the value.
type Secret string

// Reveal returns the secret value; pass it only to the code that needs it.
func (s Secret) Reveal() string { return string(s) }

// String returns "[redacted]".
func (s Secret) String() string { return redacted }

// GoString returns "[redacted]" for %#v.
func (s Secret) GoString() string { return redacted }

// Format writes "[redacted]" for every fmt verb and flag.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// MarshalText returns "[redacted]".
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// MarshalJSON returns the JSON string "[redacted]".
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalYAML returns "[redacted]".
func (s Secret) MarshalYAML() (any, error) { return redacted, nil }
