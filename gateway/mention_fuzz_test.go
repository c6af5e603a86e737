package gateway

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzStripMention checks what StripMention's doc promises, for any content, bot id and mentions array (given as one
// comma-separated string):
//   - an empty bot id matches nothing: the content comes back trimmed and not mentioned;
//   - mentioned is exactly "content holds <@ID> or <@!ID>, or the mentions array holds the id";
//   - content without a token comes back only trimmed, whatever the mentions array says;
//   - the text is trimmed, no longer than the content and has no more line breaks (a removed token's spacing reuses
//     one side's whitespace or a single space);
//   - only tokens and whitespace are removed: everything else, in order, is what is left between the tokens;
//   - no token is left in the text. This last one is checked for ids without whitespace only: Discord ids are
//     snowflakes, and an id with a space in it can be rebuilt by the separator ("<@1<@1 2> 2>" gives "<@1 2>").
func FuzzStripMention(f *testing.F) {
	seeds := []struct{ content, botID, mentions string }{
		{"<@1> fix the build", "1", "1"},
		{"<@!1> fix the build", "1", "1"},
		{"hey <@1> there", "1", ""},
		{"<@1> one <@!1> two <@1>", "1", "1"},
		{"hey<@1>there", "1", ""},
		{"a  b <@1> c\td", "1", "1"},
		{"first line\n<@1>\nsecond line", "1", ""},
		{"intro\n\n<@1> go", "1", ""},
		{"  <@1>  ", "1", ""},
		{"<@1> ask <@2> about it", "1", "1,2"},
		{"<@2> hello", "1", "2"},
		{"<@&1> hello", "1", ""},
		{"  and the tests too ", "1", "1"},
		{"<@12> hello <@!12>", "1", "12,11"},
		{"<@1 hello", "1", ""},
		{" <@> hi ", "", ""},
		{"<@<@1>1>", "1", ""},
		{"<@!<@1>1>", "1", ""},
		{"<@1><@!1><@1>", "1", ""},
		{"x\r\n<@1>\r\n\r\ny", "1", ""},
		{"a\u00a0<@1>\u2003b\u0085c", "1", ""},
		{"\xc2<@1>\x85", "1", ""},
		{"\xff<@!1>\xfe", "1", ""},
		{"<@1300000000000000002> deploy <@!1300000000000000002>", "1300000000000000002", "1300000000000000002"},
		{"<@<@>>", "<@>", ""},
		{"<@!!>", "!", ""},
	}
	for _, s := range seeds {
		f.Add(s.content, s.botID, s.mentions)
	}
	f.Fuzz(func(t *testing.T, content, botID, mentionsCSV string) {
		var mentions []string
		if mentionsCSV != "" {
			mentions = strings.Split(mentionsCSV, ",")
		}
		text, mentioned := StripMention(content, botID, mentions)

		if botID == "" {
			if text != strings.TrimSpace(content) || mentioned {
				t.Fatalf("empty bot id: StripMention(%q) = %q, %v; want %q, false", content, text, mentioned,
					strings.TrimSpace(content))
			}
			return
		}
		tokens := []string{"<@" + botID + ">", "<@!" + botID + ">"}
		hasToken := strings.Contains(content, tokens[0]) || strings.Contains(content, tokens[1])
		if want := hasToken || slices.Contains(mentions, botID); mentioned != want {
			t.Errorf("StripMention(%q, %q, %q) mentioned = %v, want %v", content, botID, mentions, mentioned, want)
		}
		if !hasToken && text != strings.TrimSpace(content) {
			t.Errorf("StripMention(%q, %q) = %q: no token, want the content trimmed", content, botID, text)
		}
		if text != strings.TrimSpace(text) {
			t.Errorf("StripMention(%q, %q) = %q, not trimmed", content, botID, text)
		}
		if len(text) > len(content) {
			t.Errorf("StripMention(%q, %q) = %q, longer than the content", content, botID, text)
		}
		if got, had := strings.Count(text, "\n"), strings.Count(content, "\n"); got > had {
			t.Errorf("StripMention(%q, %q) = %q: %d line breaks, the content has %d", content, botID, text, got, had)
		}
		if strings.IndexFunc(botID, unicode.IsSpace) >= 0 {
			return
		}
		var want strings.Builder
		for _, piece := range splitTokens(content, tokens) {
			want.WriteString(nonSpace(piece))
		}
		if got := nonSpace(text); got != want.String() {
			t.Errorf("StripMention(%q, %q) = %q: non-space text %q, want %q", content, botID, text, got, want.String())
		}
		for _, tok := range tokens {
			if strings.Contains(text, tok) {
				t.Errorf("StripMention(%q, %q) = %q, still holds %s", content, botID, text, tok)
			}
		}
	})
}

// nonSpace returns s without its whitespace.
func nonSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// splitTokens cuts s around every token, scanning left to right: at each step the earliest token found is cut out and
// the scan goes on after it.
func splitTokens(s string, tokens []string) []string {
	var pieces []string
	for {
		at, size := -1, 0
		for _, tok := range tokens {
			if i := strings.Index(s, tok); i >= 0 && (at < 0 || i < at) {
				at, size = i, len(tok)
			}
		}
		if at < 0 {
			return append(pieces, s)
		}
		pieces, s = append(pieces, s[:at]), s[at+size:]
	}
}
