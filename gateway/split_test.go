package gateway

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"go.uber.org/goleak"
)

// TestMain is the gateway package's: it fails the run if a test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSplitTable(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"empty", "", 2000, nil},
		{"only whitespace", " \n\r\n\t \n", 20, nil},
		{"fits", "hello\n\nworld", 2000, []string{"hello\n\nworld"}},
		{"fits exactly", strings.Repeat("x", 20), 20, []string{strings.Repeat("x", 20)}},
		{"limit below minimum is raised", strings.Repeat("x", 25), 5, []string{strings.Repeat("x", 20), "xxxxx"}},
		{"paragraph before line and space", "aaaa aaaa aaaa\n\nbbb bbb\ncc", 20,
			[]string{"aaaa aaaa aaaa", "bbb bbb\ncc"}},
		{"early paragraph loses to a later line", "aaaa aaaa\n\nbbbb bbbb\ncccc", 20,
			[]string{"aaaa aaaa\n\nbbbb bbbb", "cccc"}},
		{"blank lines between chunks dropped", "aaaa aaaa aaaa\n\n\n \n\nbbbb", 20,
			[]string{"aaaa aaaa aaaa", "bbbb"}},
		{"last line break before space", "aaaa bbbb\ncccc dddd eeee", 20,
			[]string{"aaaa bbbb", "cccc dddd eeee"}},
		{"last space", "aaaa bbbb cccc dddd eeee", 20,
			[]string{"aaaa bbbb cccc dddd", "eeee"}},
		{"spaces at a cut dropped", "aaaa bbbb cccc ddd \t  eeee", 20,
			[]string{"aaaa bbbb cccc ddd", "eeee"}},
		{"indentation after a line cut kept", "aaaa aaaa aaaa\n    bbbb", 20,
			[]string{"aaaa aaaa aaaa", "    bbbb"}},
		{"first chunk keeps leading blank lines", "\n\nhello", 20, []string{"\n\nhello"}},
		{"hard cut", strings.Repeat("ab", 25), 20,
			[]string{strings.Repeat("ab", 10), strings.Repeat("ab", 10), strings.Repeat("ab", 5)}},
		{"windows newlines", "aaaa\r\nbbbb\r\ncccc\r\ndddd\r\n", 20,
			[]string{"aaaa\r\nbbbb\r\ncccc", "dddd\r\n"}},
		{"fence closed and reopened with its language",
			"```go\nfmt.Println(1)\nfmt.Println(2)\n```", 30,
			[]string{"```go\nfmt.Println(1)\n```", "```go\nfmt.Println(2)\n```"}},
		{"blank line inside a fence is a paragraph boundary",
			"```go\nfunc a() {}\n\nfunc b() {}\n```\ntail", 30,
			[]string{"```go\nfunc a() {}\n```", "```go\nfunc b() {}\n```\ntail"}},
		{"cut before the fence rather than after its opening line",
			"intro text here\n```\ncode line\n```", 24,
			[]string{"intro text here", "```\ncode line\n```"}},
		{"no chunk starts with the closing line",
			"```\naaaa\nbbbb\ncccc\n``````\nafter", 22,
			[]string{"```\naaaa\nbbbb\n```", "```\ncccc\n``````\nafter"}},
		{"cut after the closing line", "```\naaaa\nbbbb\ncccc\n```\nafter", 22,
			[]string{"```\naaaa\nbbbb\ncccc\n```", "after"}},
		{"unclosed fence left open in the last chunk",
			"```\naaaa\nbbbb\ncccc\ndddd\neeee", 20,
			[]string{"```\naaaa\nbbbb\n```", "```\ncccc\ndddd\neeee"}},
		{"tilde fence", "~~~py\nprint(1)\nprint(2)\n~~~", 24,
			[]string{"~~~py\nprint(1)\n~~~", "~~~py\nprint(2)\n~~~"}},
		{"longer outer fence holds an inner one",
			"````md\n```go\nx := 1\n```\n````", 24,
			[]string{"````md\n```go\nx := 1\n````", "````md\n```\n````"}},
		{"long info string dropped on reopen",
			"```python title=example.py\nprint(1)\nprint(2)\n```", 40,
			[]string{"```python title=example.py\nprint(1)\n```", "```\nprint(2)\n```"}},
		{"inline triple backticks stay inline", "see the ```x``` inline code yes", 20,
			[]string{"see the ```x```", "inline code yes"}},
		{"a cut inside a line never leaves a rest that looks like a fence line",
			"aaaaaaaaaaaaaaa ```go more", 20,
			[]string{"aaaaaaaaaaaaaaa ```g", "o more"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkSplit(t, tt.text, tt.limit)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Split(%q, %d)\n got %q\nwant %q", tt.text, tt.limit, got, tt.want)
			}
		})
	}
}

func TestSplitLongAnswerWithCode(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 1000; i++ {
		fmt.Fprintf(&b, "Sentence %d of the explanation before the code, in plain prose. ", i)
	}
	b.WriteString("\n\n```go\n")
	for i := 0; b.Len() < 3500; i++ {
		fmt.Fprintf(&b, "\tresult%02d := compute(input, %d) // step %d\n", i, i, i)
	}
	b.WriteString("```\n\n")
	for i := 0; b.Len() < 4500; i++ {
		fmt.Fprintf(&b, "Sentence %d after the code. ", i)
	}
	text := b.String()
	if n := utf8.RuneCountInString(text); n < 4500 || n > 4600 {
		t.Fatalf("test text has %d runes, want about 4500", n)
	}

	chunks := checkSplit(t, text, 2000)
	if len(chunks) != 3 {
		t.Fatalf("got %d chunks, want 3: %q", len(chunks), chunks)
	}
	if strings.Contains(chunks[0], "```") {
		t.Errorf("chunk 1 should end before the code block: %q", chunks[0])
	}
	if !strings.HasPrefix(chunks[1], "```go\n") || !strings.HasSuffix(chunks[1], "\n```") {
		t.Errorf("chunk 2 should be a closed go block: %q", chunks[1])
	}
	if !strings.HasPrefix(chunks[2], "```go\n\tresult") {
		t.Errorf("chunk 3 should reopen the go block: %.40q", chunks[2])
	}
}

func TestSplitUnicode(t *testing.T) {
	tests := []struct {
		name string
		unit string // one grapheme cluster, repeated; chunks must hold whole units
		n    int
	}{
		{"CJK", "語", 3000},
		{"emoji", "😀", 3000},
		{"ZWJ family", "👨‍👩‍👧", 1000},
		{"skin tone", "👍🏽", 2000},
		{"flags", "🇫🇷", 1500},
		{"combining accent", "e\u0301", 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Repeat(tt.unit, tt.n)
			chunks := checkSplit(t, text, 1999) // a prime: a cut at the limit would fall inside a unit
			if len(chunks) < 2 {
				t.Fatalf("got %d chunks, want several", len(chunks))
			}
			for i, c := range chunks {
				if strings.Count(c, tt.unit)*len(tt.unit) != len(c) {
					t.Errorf("chunk %d splits a %q: starts %.12q, ends %.12q", i, tt.unit, c, c[max(0, len(c)-12):])
				}
			}
		})
	}
}

func TestSplitLongWord(t *testing.T) {
	text := strings.Repeat("é", 5000)
	chunks := checkSplit(t, text, 2000)
	want := []int{2000, 2000, 1000}
	got := make([]int, len(chunks))
	for i, c := range chunks {
		got[i] = utf8.RuneCountInString(c)
	}
	if !slices.Equal(got, want) {
		t.Errorf("chunk lengths = %v, want %v", got, want)
	}
}

func TestHead(t *testing.T) {
	long := strings.Repeat("word ", 1000)
	code := "Here is the code:\n```go\n" + strings.Repeat("x := 1\n", 500) + "```\n"
	tests := []struct {
		name       string
		text       string
		limit      int
		wantPrefix string
		wantSuffix string
	}{
		{"fits unchanged", "short answer", 2000, "short answer", "short answer"},
		{"blank", "  \n ", 2000, "", ""},
		{"prose cut at a space", long, 100, "word word", "word…"},
		{"inside a fence", code, 100, "Here is the code:\n```go\nx := 1\n", "x := 1\n```\n…"},
		{"paragraph boundary first", strings.Repeat("Intro line.\n", 5) + "\n" + code, 100, "Intro line.\n", "Intro line.…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Head(tt.text, tt.limit)
			if n := utf8.RuneCountInString(got); n > tt.limit {
				t.Errorf("Head has %d runes, limit %d", n, tt.limit)
			}
			if !strings.HasPrefix(got, tt.wantPrefix) || !strings.HasSuffix(got, tt.wantSuffix) {
				t.Errorf("Head = %q, want prefix %q and suffix %q", got, tt.wantPrefix, tt.wantSuffix)
			}
			if scanFences(fence{}, got).isOpen() {
				t.Errorf("Head leaves a fence open: %q", got)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	seeds := []string{
		"",
		"hello world",
		"para one\n\npara two\nline\n",
		"```go\nfunc main() {\n\tprintln(\"hi\")\n}\n```\nafter",
		"```\nunclosed\nfence\nwith lines",
		"~~~\ntilde\n~~~",
		"````md\n```go\nnested\n```\n````",
		"inline ```x``` and ``` spaced",
		"  ```indented\n  code\n  ```",
		"a\r\nb\r\n\r\nc\r\n```\r\ncode\r\n```\r\n",
		"日本語のテキスト😀👨‍👩‍👧🇫🇷🇩🇪e\u0301",
		strings.Repeat("x", 100),
		strings.Repeat(" ", 60) + "x",
		strings.Repeat("`", 40) + "\n" + strings.Repeat("a\n", 30),
		"```" + strings.Repeat("i", 50) + "\nbody body body body\n```",
		"\xff\xfe invalid \xe2\x82 utf8",
	}
	for i, s := range seeds {
		f.Add(s, 20+i*3)
	}
	f.Fuzz(func(t *testing.T, text string, limit int) {
		limit = 20 + int(uint(limit)%120)
		checkSplit(t, text, limit)
		head := Head(text, limit)
		if n := utf8.RuneCountInString(head); n > limit {
			t.Errorf("Head has %d runes, limit %d", n, limit)
		}
		if utf8.RuneCountInString(text) <= limit && head != text && !isBlank(text) {
			t.Errorf("Head changed a text that fits: %q", head)
		}
	})
}

// checkSplit splits text and fails t unless every property of Split holds; it returns the chunks.
//
// The re-join: the bodies of the spans, with the gaps between them, give back text exactly, and every gap is
// whitespace. Each chunk is its body with only fence lines added around it, has at most limit runes, is not blank, and
// is balanced, except that the last may stay open when the text itself ends inside a fence.
func checkSplit(tb testing.TB, text string, limit int) []string {
	tb.Helper()
	chunks := Split(text, limit)
	limit = max(limit, MinSplitLimit)

	var spans []span
	for s := newSplitter(text, limit); ; {
		sp, ok := s.next()
		if !ok {
			break
		}
		spans = append(spans, sp)
	}
	if len(spans) != len(chunks) {
		tb.Fatalf("Split gave %d chunks, the splitter %d spans", len(chunks), len(spans))
	}

	var rejoined strings.Builder
	prev := 0
	for i, sp := range spans {
		if sp.start < prev || sp.end <= sp.start {
			tb.Fatalf("span %d [%d,%d) out of order after %d", i, sp.start, sp.end, prev)
		}
		gap := text[prev:sp.start]
		if !isBlank(gap) {
			tb.Errorf("gap before chunk %d is not whitespace: %q", i, gap)
		}
		rejoined.WriteString(gap)
		rejoined.WriteString(text[sp.start:sp.end])
		prev = sp.end
		if midCRLF(text, sp.start) || midCRLF(text, sp.end) {
			tb.Errorf("chunk %d splits a \\r\\n", i)
		}

		c := chunks[i]
		if c != sp.render(text) {
			tb.Errorf("chunk %d = %q, span renders %q", i, c, sp.render(text))
		}
		if n := utf8.RuneCountInString(c); n > limit {
			tb.Errorf("chunk %d has %d runes, limit %d: %q", i, n, limit, c)
		}
		if isBlank(c) {
			tb.Errorf("chunk %d is blank: %q", i, c)
		}
		if utf8.ValidString(text) && !utf8.ValidString(c) {
			tb.Errorf("chunk %d is not valid UTF-8: %q", i, c)
		}
		if sp.open != "" {
			line, ok := strings.CutSuffix(sp.open, "\n")
			if f := (fence{}).next(line); !ok || !f.isOpen() || strings.Contains(line, "\n") {
				tb.Errorf("chunk %d starts with %q, not a fence line", i, sp.open)
			}
		}
		if sp.close != "" {
			body := scanFences(fence{}, sp.open+text[sp.start:sp.end])
			if !body.isOpen() || sp.close != "\n"+body.marker() {
				tb.Errorf("chunk %d ends with %q, not the closing line of its fence", i, sp.close)
			}
		}
		last := i == len(spans)-1
		if scanFences(fence{}, c).isOpen() && !(last && scanFences(fence{}, text).isOpen()) {
			tb.Errorf("chunk %d of %d leaves a fence open: %q", i, len(spans), c)
		}
	}
	rest := text[prev:]
	if !isBlank(rest) {
		tb.Errorf("text after the last chunk is not whitespace: %q", rest)
	}
	rejoined.WriteString(rest)
	if rejoined.String() != text {
		tb.Errorf("re-joined text differs from the input")
	}
	return chunks
}

func TestScanFencesFindsAnOpenBlock(t *testing.T) {
	if f := scanFences(fence{}, "text\n```go\nx := 1\n"); !f.isOpen() || f.marker() != "```" {
		t.Fatalf("open block not found: %+v", f)
	}
	if f := scanFences(fence{}, "```\ncode\n```\nafter"); f.isOpen() {
		t.Fatalf("closed block reported open: %+v", f)
	}
}
