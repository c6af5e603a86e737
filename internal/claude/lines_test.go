package claude

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestLineReader(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 100)
	tests := []struct {
		name    string
		input   string
		max     int
		want    []string
		tooLong bool // the last next() is a lineTooLongError rather than io.EOF
	}{
		{"lines", "a\nbb\n\nccc\n", 8, []string{"a", "bb", "", "ccc"}, false},
		{"last line without newline", "a\nbb", 8, []string{"a", "bb"}, false},
		{"exactly max", "abcd\nef\n", 4, []string{"abcd", "ef"}, false},
		{"exactly max at EOF", "abcd", 4, []string{"abcd"}, false},
		{"one over max", "abcd\nabcde\n", 4, []string{"abcd"}, true},
		{"one over max at EOF", "abcde", 4, nil, true},
		{"longer than the read buffer", long + "\n" + long + "\n", 100, []string{long, long}, false},
		{"far over max", long + "\n", 16, nil, true},
		{"empty", "", 4, nil, false},
	}
	for _, tc := range tests {
		lr := newLineReader(strings.NewReader(tc.input), tc.max)
		var got []string
		var err error
		for {
			var line []byte
			if line, err = lr.next(); err != nil {
				break
			}
			got = append(got, string(line))
		}
		var tl *lineTooLongError
		if !slices.Equal(got, tc.want) || errors.As(err, &tl) != tc.tooLong || (!tc.tooLong && err != io.EOF) {
			t.Errorf("%s: lines %q, end %v; want %q, too long %v", tc.name, got, err, tc.want, tc.tooLong)
		}
	}
}

func TestTailBuffer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		writes []string
		max    int
		want   string
	}{
		{[]string{"abc"}, 8, "abc"},
		{[]string{"abc", "def", "ghi"}, 8, "bcdefghi"},
		{[]string{"abcdefghijkl"}, 4, "ijkl"},
		{[]string{"ab", "cdefghijkl", "m"}, 4, "jklm"},
		{[]string{"x", "\xc3\xa9"}, 1, "\uFFFD"}, // a rune cut at the start is replaced
	}
	for _, tc := range tests {
		tb := tailBuffer{max: tc.max}
		for _, w := range tc.writes {
			if n, err := tb.Write([]byte(w)); n != len(w) || err != nil {
				t.Fatalf("Write(%q) = %d, %v", w, n, err)
			}
		}
		if got := tb.String(); got != tc.want {
			t.Errorf("writes %q max %d: tail %q, want %q", tc.writes, tc.max, got, tc.want)
		}
	}
}
