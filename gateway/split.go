package gateway

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinSplitLimit is the smallest limit Split and Head honour; a smaller one is raised to it so that fence lines always fit.
const MinSplitLimit = 20

// Split cuts text into chunks of at most limit code points (runes) for Discord messages.
//
// A chunk ends at the last boundary that fits, preferring in order: the end of a line followed by a blank line (in
// the second half of the chunk), the end of a line, a space or tab, and anywhere else (a hard cut, which avoids splitting "\r\n", a base character from its
// combining marks, a ZWJ emoji sequence or a flag pair). Split only ever drops whitespace, and only at a cut: the line
// break and blank lines after a line cut, the spaces and tabs at a cut inside a line; the first chunk keeps its
// leading blank lines. Text that is empty or only whitespace gives no chunks; no chunk is only whitespace.
//
// A line whose text, after spaces and tabs, starts with three or more backticks or tildes opens a code fence (a
// backtick fence's info string, e.g. "go", may not contain a backtick); a later line of the same character, at least
// as long, with nothing else but whitespace, closes it. When a chunk ends inside a fence, Split adds "\n```" (the
// fence's own marker) to close it and starts the next chunk with "```go\n" (marker and info string) to reopen it;
// these lines count toward the limit. When the reopening and closing lines together would take more than half the
// limit, the reopening line drops the info string, then shortens the marker to three characters. So every chunk is
// balanced, except that a fence the input never closes is left open in the last chunk, as it was. Split never ends a
// chunk with an opening line or starts one with a closing line, and never cuts inside a fence line nor cuts a line so
// that its rest starts like one, unless nothing else fits.
func Split(text string, limit int) []string {
	s := newSplitter(text, max(limit, MinSplitLimit))
	var chunks []string
	for {
		sp, ok := s.next()
		if !ok {
			return chunks
		}
		chunks = append(chunks, sp.render(text))
	}
}

// Head returns the first n runes of text cut on a natural boundary, with fences balanced, plus "…" — for "head + attachment" replies.
//
// n is limit (at least MinSplitLimit) and the result, ellipsis included, has at most limit runes. Text that fits is
// returned unchanged, and whitespace-only text gives "". The cut follows Split's rules; the head's trailing whitespace
// is dropped and "…" goes on a line of its own after a closing fence line.
func Head(text string, limit int) string {
	limit = max(limit, MinSplitLimit)
	if isBlank(text) {
		return ""
	}
	if utf8.RuneCountInString(text) <= limit {
		return text
	}
	s := newSplitter(text, limit-2) // room for "\n…"
	sp, ok := s.next()
	if !ok {
		return ""
	}
	head := sp.open + strings.TrimRightFunc(text[sp.start:sp.end], unicode.IsSpace)
	switch {
	case sp.final:
		return head + sp.close
	case sp.close != "":
		return head + sp.close + "\n…"
	default:
		return head + "…"
	}
}

// span is one chunk: its body text[start:end] between the fence lines Split added.
type span struct {
	start, end  int
	open, close string // the reopening line with its "\n", and "\n" with the closing line; "" when none
	final       bool   // the chunk runs to the end of the text
}

// render returns the chunk's text.
func (s span) render(text string) string { return s.open + text[s.start:s.end] + s.close }

// Kinds of cut, in order of preference.
const (
	cutParagraph = iota // before the line break of a line followed by a blank line
	cutLine             // before a line break
	cutSpace            // before a run of spaces or tabs inside a line
	cutGrapheme         // between two grapheme-ish clusters
	cutAnywhere         // between two runes, but never inside "\r\n"
	cutKinds
)

// splitter yields the spans of one text.
type splitter struct {
	text     string
	limit    int
	endsOpen bool  // the whole text ends inside a fence: its last chunk is left open
	pos      int   // where the next body starts, before the gap is skipped
	state    fence // the fence open at pos, in the chunks' own parse
}

func newSplitter(text string, limit int) *splitter {
	return &splitter{text: text, limit: limit, endsOpen: scanFences(fence{}, text).isOpen()}
}

// next returns the next chunk's span, or false after the last one.
func (s *splitter) next() (span, bool) {
	for {
		s.pos = skipGap(s.text, s.pos)
		if isBlank(s.text[s.pos:]) {
			return span{}, false
		}
		sp, end := s.cut()
		s.pos, s.state = sp.end, end
		if isBlank(s.text[sp.start:sp.end]) {
			continue // only a hard cut through a long run of spaces gets here; blank text leaves the state as it was
		}
		return sp, true
	}
}

// cut chooses where the chunk starting at s.pos ends, and returns its span and the fence open after its body.
func (s *splitter) cut() (span, fence) {
	sp := span{start: s.pos}
	st := s.state
	if st.isOpen() {
		st = st.reopen(s.limit)
		sp.open = st.line() + "\n"
	}
	budget := s.limit - utf8.RuneCountInString(sp.open)
	wend := advance(s.text, s.pos, budget)
	if wend == len(s.text) {
		n, _, end := measure(st, s.text[s.pos:])
		if end.isOpen() && !s.endsOpen {
			sp.close = "\n" + end.marker()
		}
		if n+utf8.RuneCountInString(sp.close) <= budget {
			sp.end, sp.final = wend, true
			return sp, fence{}
		}
		sp.close = ""
	}
	// A paragraph break counts only in the second half of the window, so that an early blank line
	// does not make a short chunk when a later line break fits.
	half := advance(s.text, s.pos, budget/2)
	for kind := range cutKinds {
		floor := s.pos
		if kind == cutParagraph {
			floor = half
		}
		for p := wend; p > floor; p = prevRune(s.text, p) {
			if !s.isCut(kind, p) {
				continue
			}
			if end, ok := s.try(kind, p, st, budget); ok {
				sp.end = p
				if end.isOpen() {
					sp.close = "\n" + end.marker()
				}
				return sp, end
			}
		}
	}
	// Unreachable: a body of one rune (two for "\r\n") always fits, as reopen keeps the fence lines within half the limit.
	sp.end = advance(s.text, s.pos, 1)
	if midCRLF(s.text, sp.end) {
		sp.end++
	}
	_, _, end := measure(st, s.text[s.pos:sp.end])
	if end.isOpen() {
		sp.close = "\n" + end.marker()
	}
	return sp, end
}

// isCut reports whether p is a boundary of the given kind; it does not check the budget.
func (s *splitter) isCut(kind, p int) bool {
	t := s.text
	switch kind {
	case cutParagraph, cutLine:
		if !lineBreakAt(t, p) || isBlank(t[lineStart(t, s.pos, p):p]) {
			return false
		}
		return kind == cutLine || blankLineAt(t, skipLineBreak(t, p))
	case cutSpace:
		return p < len(t) && isHSpace(t[p]) && !isHSpace(t[p-1]) && t[p-1] != '\n'
	case cutGrapheme:
		return graphemeBoundary(t, s.pos, p)
	default:
		return !midCRLF(t, p)
	}
}

// try reports whether a body ending at p fits in budget with its closing line, and returns the fence open after it.
func (s *splitter) try(kind, p int, st fence, budget int) (fence, bool) {
	midLine := kind == cutSpace || kind == cutGrapheme
	if midLine && s.cutsFenceLine(p) {
		return fence{}, false
	}
	n, last, end := measure(st, s.text[s.pos:p])
	if end.isOpen() {
		n += 1 + end.n
	}
	if n > budget {
		return fence{}, false
	}
	if (kind == cutParagraph || kind == cutLine) && end.isOpen() {
		// Neither end a chunk with an opening line nor start the next one with the closing line: both leave an empty block.
		if !last.isOpen() || !end.next(lineAt(s.text, skipGap(s.text, p))).isOpen() {
			return fence{}, false
		}
	}
	return end, true
}

// cutsFenceLine reports whether a cut at p, inside a line, would cut a line that looks like a fence line or leave a
// rest that looks like one.
func (s *splitter) cutsFenceLine(p int) bool {
	return looksLikeFence(s.text, lineStart(s.text, s.pos, p)) || looksLikeFence(s.text, p)
}

// fence is the code fence open at some point of a text; the zero value means none is open.
type fence struct {
	char byte   // '`' or '~'
	n    int    // length of the opening run; 0 when no fence is open
	info string // the opening line's info string, e.g. "go"
}

func (f fence) isOpen() bool { return f.n > 0 }

// marker returns the fence's run of backticks or tildes, which also closes it.
func (f fence) marker() string { return strings.Repeat(string(f.char), f.n) }

// line returns the line that opens the fence.
func (f fence) line() string { return f.marker() + f.info }

// next returns the fence open after line (given without its "\n").
func (f fence) next(line string) fence {
	l := strings.TrimLeft(line, " \t")
	if len(l) < 3 || (l[0] != '`' && l[0] != '~') {
		return f
	}
	c, run := l[0], 1
	for run < len(l) && l[run] == c {
		run++
	}
	if run < 3 {
		return f
	}
	rest := l[run:]
	if !f.isOpen() {
		if c == '`' && strings.IndexByte(rest, '`') >= 0 {
			return f // inline code such as ```x```, not a fence
		}
		return fence{char: c, n: run, info: strings.TrimSpace(rest)}
	}
	if c == f.char && run >= f.n && isBlank(rest) {
		return fence{}
	}
	return f
}

// reopen returns the fence to reopen f with at the start of a chunk: its opening and closing lines ("```go\n",
// "\n```") take at most half the limit, so any chunk has room for content. Content lines then parse against the
// returned fence, which is what Discord sees.
func (f fence) reopen(limit int) fence {
	cost := func(g fence) int { return 2*g.n + utf8.RuneCountInString(g.info) + 2 }
	if cost(f) <= limit/2 {
		return f
	}
	f.info = ""
	if cost(f) <= limit/2 {
		return f
	}
	f.n = 3
	return f
}

// measure parses body from state st and returns its length in runes, the fence open before its last line and after it.
func measure(st fence, body string) (runes int, last, end fence) {
	runes = utf8.RuneCountInString(body)
	for {
		i := strings.IndexByte(body, '\n')
		if i < 0 {
			return runes, st, st.next(body)
		}
		st, body = st.next(body[:i]), body[i+1:]
	}
}

// scanFences returns the fence open after text, parsed from state st.
func scanFences(st fence, text string) fence {
	_, _, end := measure(st, text)
	return end
}

// skipGap returns where the body after a cut at pos starts: past the spaces of a cut inside a line, then past
// blank lines. At 0 it returns 0: the first chunk is kept whole.
func skipGap(text string, pos int) int {
	if pos == 0 {
		return 0
	}
	if text[pos-1] != '\n' {
		q := pos
		for q < len(text) && isHSpace(text[q]) {
			q++
		}
		if q < len(text) && !lineBreakAt(text, q) {
			return q
		}
		pos = q
	}
	for {
		i := strings.IndexByte(text[pos:], '\n')
		if i < 0 || !isBlank(text[pos:pos+i]) {
			return pos
		}
		pos += i + 1
	}
}

// advance returns the index n runes after pos, or len(text).
func advance(text string, pos, n int) int {
	for ; n > 0 && pos < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[pos:])
		pos += size
	}
	return pos
}

// prevRune returns the index of the rune before p.
func prevRune(text string, p int) int {
	_, size := utf8.DecodeLastRuneInString(text[:p])
	return p - size
}

// lineStart returns the start of the line holding p, no earlier than from.
func lineStart(text string, from, p int) int {
	return from + strings.LastIndexByte(text[from:p], '\n') + 1
}

// lineAt returns the text from p to the end of its line.
func lineAt(text string, p int) string {
	if i := strings.IndexByte(text[p:], '\n'); i >= 0 {
		return text[p : p+i]
	}
	return text[p:]
}

// lineBreakAt reports whether a line break ("\n" or "\r\n") starts at p.
func lineBreakAt(text string, p int) bool {
	return p < len(text) && ((text[p] == '\n' && !midCRLF(text, p)) || strings.HasPrefix(text[p:], "\r\n"))
}

// skipLineBreak returns the index after the line break at p.
func skipLineBreak(text string, p int) int {
	if text[p] == '\r' {
		return p + 2
	}
	return p + 1
}

// midCRLF reports whether p falls between the "\r" and "\n" of a line break.
func midCRLF(text string, p int) bool {
	return p > 0 && p < len(text) && text[p-1] == '\r' && text[p] == '\n'
}

func isHSpace(b byte) bool { return b == ' ' || b == '\t' }

// isBlank reports whether s holds only whitespace.
func isBlank(s string) bool { return strings.IndexFunc(s, isNotSpace) < 0 }

func isNotSpace(r rune) bool { return !unicode.IsSpace(r) }

// blankLineAt reports whether the text from p to the end of its line is only whitespace.
func blankLineAt(text string, p int) bool {
	i := strings.IndexFunc(text[p:], isNotSpace)
	return i < 0 || strings.IndexByte(text[p:p+i], '\n') >= 0
}

// looksLikeFence reports whether the text from p, after spaces and tabs, starts with three backticks or tildes.
func looksLikeFence(text string, p int) bool {
	for p < len(text) && isHSpace(text[p]) {
		p++
	}
	return strings.HasPrefix(text[p:], "```") || strings.HasPrefix(text[p:], "~~~")
}

const zwj = '\u200d'

// graphemeBoundary reports whether p is a rune boundary that splits no "\r\n", no base rune from the marks, variation
// selectors, skin tones or tags that follow it, no ZWJ sequence and no regional-indicator (flag) pair, counting flag
// pairs from the index from. It is an approximation of Unicode's extended grapheme clusters, enough to keep emoji and
// accents whole.
func graphemeBoundary(text string, from, p int) bool {
	if p <= 0 || p >= len(text) {
		return true
	}
	if midCRLF(text, p) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[p:])
	prev, _ := utf8.DecodeLastRuneInString(text[:p])
	switch {
	case prev == zwj || extendsCluster(r):
		return false
	case isRegional(r) && isRegional(prev):
		n := 0
		for q := p; q > from; n++ {
			r, size := utf8.DecodeLastRuneInString(text[:q])
			if !isRegional(r) {
				break
			}
			q -= size
		}
		return n%2 == 0
	}
	return true
}

// extendsCluster reports whether r joins the rune before it.
func extendsCluster(r rune) bool {
	return unicode.Is(unicode.M, r) || r == zwj ||
		(r >= 0x1F3FB && r <= 0x1F3FF) || // emoji skin tones
		(r >= 0xE0020 && r <= 0xE007F) // tags (subdivision flags)
}

func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }
