package actors

import (
	"strings"
	"testing"
)

// A sender's file name is reduced to a safe base name, and equal names are made unique before the extension.
func TestSanitizeAndUniqueNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"notes.txt", "notes.txt"},
		{"../../etc/passwd", "passwd"},
		{`..\..\windows\win.ini`, "win.ini"},
		{".bashrc", "bashrc"},
		{"...", "file"},
		{"", "file"},
		{"/", "file"},
		{"a..b.txt", "a.b.txt"},
		{"x\ny,z.md", "x_y_z.md"},
		{"  .. spaced .txt ", "spaced .txt"},
	}
	for _, tt := range tests {
		if got := sanitizeName(tt.in); got != tt.want {
			t.Errorf("sanitizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	taken := map[string]bool{}
	var got []string
	for _, n := range []string{"a.txt", "a.txt", "a.txt", "b", "b", "file"} {
		got = append(got, uniqueName(n, taken))
	}
	want := []string{"a.txt", "a-2.txt", "a-3.txt", "b", "b-2", "file"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("uniqueName sequence = %q, want %q", got, want)
			break
		}
	}
	if long := sanitizeName(strings.Repeat("é", 200) + ".txt"); len(long) > maxNameBytes {
		t.Errorf("long name kept %d bytes, want at most %d", len(long), maxNameBytes)
	}
}
