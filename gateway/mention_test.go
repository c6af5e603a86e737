package gateway

import "testing"

func TestStripMention(t *testing.T) {
	const bot = "1"
	tests := []struct {
		name          string
		content       string
		mentions      []string
		wantText      string
		wantMentioned bool
	}{
		{"plain form", "<@1> fix the build", []string{bot}, "fix the build", true},
		{"nickname form", "<@!1> fix the build", []string{bot}, "fix the build", true},
		{"middle", "hey <@1> there", []string{bot}, "hey there", true},
		{"end", "fix the build <@!1>", []string{bot}, "fix the build", true},
		{"several occurrences", "<@1> one <@!1> two <@1>", []string{bot}, "one two", true},
		{"adjacent tokens", "hey <@1> <@!1> there", []string{bot}, "hey there", true},
		{"token touching words", "hey<@1>there", []string{bot}, "hey there", true},
		{"only spacing at a token changes", "a  b <@1> c\td", []string{bot}, "a  b c\td", true},
		{"own line keeps lines", "first line\n<@1>\nsecond line", []string{bot}, "first line\nsecond line", true},
		{"more line breaks win", "intro\n\n<@1> go", []string{bot}, "intro\n\ngo", true},
		{"mention only", "  <@1>  ", []string{bot}, "", true},
		{"other user stays", "<@1> ask <@2> about it", []string{bot, "2"}, "ask <@2> about it", true},
		{"other user only", "<@2> hello", []string{"2"}, "<@2> hello", false},
		{"role mention stays and does not count", "<@&1> hello", nil, "<@&1> hello", false},
		{"reply ping without token", "  and the tests too ", []string{bot}, "and the tests too", true},
		{"no mention", "hello", nil, "hello", false},
		{"look-alike longer id", "<@12> hello <@!12>", []string{"12"}, "<@12> hello <@!12>", false},
		{"look-alike id in array", "hello", []string{"12", "11"}, "hello", false},
		{"token without closing bracket", "<@1 hello", nil, "<@1 hello", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, mentioned := StripMention(tt.content, bot, tt.mentions)
			if text != tt.wantText || mentioned != tt.wantMentioned {
				t.Errorf("StripMention(%q) = %q, %v; want %q, %v", tt.content, text, mentioned, tt.wantText, tt.wantMentioned)
			}
		})
	}
}

func TestStripMentionEmptyBotID(t *testing.T) {
	text, mentioned := StripMention(" <@> hi ", "", []string{""})
	if mentioned || text != "<@> hi" {
		t.Errorf("StripMention with no bot id = %q, %v; want %q, false", text, mentioned, "<@> hi")
	}
}
