package redact

import (
	"bytes"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestString(t *testing.T) {
	r := New("MTAxMjM0NTY3ODkw.secret-discord-token", "short", "", "anthropic-secret-value-123")
	for _, tc := range []struct {
		name, in, want string
		n              int
	}{
		{"configured secret", "token=MTAxMjM0NTY3ODkw.secret-discord-token!", "token=[redacted]!", 1},
		{"short values are not secrets", "short words stay", "short words stay", 0},
		{"anthropic key", "use sk-ant-api03-AbCdEfGhIjKlMnOpQrSt_uv please", "use [redacted] please", 1},
		{"openai key", "OPENAI sk-proj-abcdefghijklmnopqrstuvwxyz0123", "OPENAI [redacted]", 1},
		{"aws key id", "AKIAIOSFODNN7EXAMPLE is the id", "[redacted] is the id", 1},
		{"private key block", "a\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\nz", "a\n[redacted]\nz", 1},
		{"unterminated private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow", "[redacted]", 1},
		{"env lines", "DB_PASSWORD=hunter22\nexport API_TOKEN=\"abc123\"\nNAME=bob", "DB_PASSWORD=[redacted]\nexport API_TOKEN=\"[redacted]\"\nNAME=bob", 2},
		{"env reference kept", "API_KEY=$OTHER", "API_KEY=$OTHER", 0},
		{"discord token shape", "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs x", "[redacted] x", 1},
		{"plain text", "nothing secret here: a normal answer with code `x := 1`", "nothing secret here: a normal answer with code `x := 1`", 0},
		{"literal inside env line counted once", "ANTHROPIC_API_KEY=anthropic-secret-value-123", "ANTHROPIC_API_KEY=[redacted]", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, n := r.String(tc.in)
			if got != tc.want || n != tc.n {
				t.Errorf("String(%q) = %q, %d; want %q, %d", tc.in, got, n, tc.want, tc.n)
			}
		})
	}
}

func TestNilAndZeroRedactorStillRedactPatterns(t *testing.T) {
	var r *Redactor
	if got, _ := r.String("key sk-ant-api03-AbCdEfGhIjKlMnOpQrSt"); strings.Contains(got, "sk-ant") {
		t.Errorf("nil redactor kept a key: %q", got)
	}
	if got := r.Literal("x"); got != "x" {
		t.Errorf("Literal on nil = %q", got)
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := New("the-bot-token-value").Writer(&buf)
	line := `{"level":"error","error":"401 for the-bot-token-value"}` + "\n"
	n, err := w.Write([]byte(line))
	if err != nil || n != len(line) {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if strings.Contains(buf.String(), "the-bot-token-value") || !strings.Contains(buf.String(), Mask) {
		t.Fatalf("written: %q", buf.String())
	}
}
