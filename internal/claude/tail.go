package claude

import "strings"

// tailBuffer is an io.Writer that keeps only the last max bytes written. Not safe for
// concurrent use.
type tailBuffer struct {
	max int
	buf []byte
}

// Write keeps the end of p (and of what came before); it never fails.
func (t *tailBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) >= t.max {
		t.buf = append(t.buf[:0], p[len(p)-t.max:]...)
		return n, nil
	}
	if drop := len(t.buf) + len(p) - t.max; drop > 0 {
		t.buf = append(t.buf[:0], t.buf[drop:]...)
	}
	t.buf = append(t.buf, p...)
	return n, nil
}

// String returns the kept bytes as valid UTF-8 (a rune cut at the start is replaced).
func (t *tailBuffer) String() string {
	return strings.ToValidUTF8(string(t.buf), "\uFFFD")
}
