package gateway

import (
	"slices"
	"strings"
	"unicode"
)

// StripMention reports whether content mentions the bot (a <@ID> or <@!ID> token, or mentionedIDs containing botID — Discord fills the
// mentions array also for replies that ping), and returns content with every occurrence of both token forms removed and whitespace trimmed
// (inner spacing collapsed only where a token was removed: "hey <@1> there" → "hey there").
//
// Where a token is removed, the whitespace around it becomes one separator: the side with more line breaks when
// either has one (so a mention on its own line leaves the lines around it intact), else a single space, even between
// a token and a word it touched ("a<@1>b" → "a b"); at the start or end nothing is left.
// Mentions of other users and role mentions (<@&ID>) stay as they are. An empty botID matches nothing.
func StripMention(content, botID string, mentionedIDs []string) (text string, mentioned bool) {
	if botID == "" {
		return strings.TrimSpace(content), false
	}
	mentioned = slices.Contains(mentionedIDs, botID)
	tokens := [...]string{"<@" + botID + ">", "<@!" + botID + ">"}
	done, rest := "", content // done is the text before rest, tokens removed
	for {
		i, tok := firstToken(rest, tokens[:])
		if i < 0 {
			return strings.TrimSpace(done + rest), mentioned
		}
		mentioned = true
		left := done + rest[:i]
		right := rest[i+len(tok):]
		before := strings.TrimRightFunc(left, unicode.IsSpace)
		after := strings.TrimLeftFunc(right, unicode.IsSpace)
		sep := ""
		if before != "" && after != "" {
			sep = separator(left[len(before):], right[:len(right)-len(after)])
		}
		done, rest = before+sep, after
	}
}

// firstToken returns the index and text of the earliest token in s, or -1.
func firstToken(s string, tokens []string) (int, string) {
	at, which := -1, ""
	for _, tok := range tokens {
		if i := strings.Index(s, tok); i >= 0 && (at < 0 || i < at) {
			at, which = i, tok
		}
	}
	return at, which
}

// separator returns what replaces the whitespace left and right of a removed token between two words: the side with
// more line breaks, or a space.
func separator(left, right string) string {
	nl, nr := strings.Count(left, "\n"), strings.Count(right, "\n")
	switch {
	case nl == 0 && nr == 0:
		return " "
	case nl >= nr:
		return left
	default:
		return right
	}
}
