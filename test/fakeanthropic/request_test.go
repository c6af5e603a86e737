package fakeanthropic

import (
	"slices"
	"strings"
	"testing"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantErr  string // substring; empty: no error
		last     string
		user     []string
		assist   []string
		messages int
		stream   bool
	}{
		{
			name:     "string content",
			body:     `{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}`,
			last:     "hi",
			user:     []string{"hi"},
			messages: 1,
		},
		{
			name: "CLI first turn: reminder block, prompt block, then a system message",
			body: `{"model":"claude-opus-5-5","max_tokens":128000,"stream":true,"messages":[
				{"role":"user","content":[{"type":"text","text":"<system-reminder>ctx</system-reminder>"},{"type":"text","text":"hello"}]},
				{"role":"system","content":"# Environment\ncwd: /x"}]}`,
			last:     "hello",
			user:     []string{"hello"},
			messages: 2,
			stream:   true,
		},
		{
			name: "resumed turn: history as strings, new prompt last",
			body: `{"model":"m","max_tokens":1,"messages":[
				{"role":"user","content":"first"},
				{"role":"assistant","content":[{"type":"text","text":"echo: first"}]},
				{"role":"user","content":[{"type":"text","text":" <system-reminder>r</system-reminder>"},{"type":"text","text":"second"}]}]}`,
			last:     "second",
			user:     []string{"first", "second"},
			assist:   []string{"echo: first"},
			messages: 3,
		},
		{
			name: "last user message without text keeps the earlier text",
			body: `{"model":"m","max_tokens":1,"messages":[
				{"role":"user","content":"run it"},
				{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"Bash","input":{}}]},
				{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"ok"}]}]}`,
			last:     "run it",
			user:     []string{"run it", ""},
			assist:   []string{""},
			messages: 3,
		},
		{
			name:     "two text blocks: the last one is echoed",
			body:     `{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}`,
			last:     "b",
			user:     []string{"a\nb"},
			messages: 1,
		},
		{name: "not JSON", body: `{`, wantErr: "not a JSON request"},
		{name: "no model", body: `{"max_tokens":1,"messages":[{"role":"user","content":"x"}]}`, wantErr: "model"},
		{name: "no max_tokens", body: `{"model":"m","messages":[{"role":"user","content":"x"}]}`, wantErr: "max_tokens"},
		{name: "no messages", body: `{"model":"m","max_tokens":1,"messages":[]}`, wantErr: "messages"},
		{name: "bad role", body: `{"model":"m","max_tokens":1,"messages":[{"role":"tool","content":"x"}]}`, wantErr: "unexpected role"},
		{name: "bad content", body: `{"model":"m","max_tokens":1,"messages":[{"role":"user","content":7}]}`, wantErr: "messages.0.content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseRequest([]byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseRequest error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseRequest: %v", err)
			}
			if r.LastUserText != tt.last {
				t.Errorf("LastUserText = %q, want %q", r.LastUserText, tt.last)
			}
			if !slices.Equal(r.UserTexts, tt.user) {
				t.Errorf("UserTexts = %q, want %q", r.UserTexts, tt.user)
			}
			if !slices.Equal(r.AssistantTexts, tt.assist) {
				t.Errorf("AssistantTexts = %q, want %q", r.AssistantTexts, tt.assist)
			}
			if r.Messages != tt.messages || r.Stream != tt.stream {
				t.Errorf("Messages, Stream = %d, %v; want %d, %v", r.Messages, r.Stream, tt.messages, tt.stream)
			}
		})
	}
}

func TestChunks(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want []string
	}{
		{"", 3, []string{""}},
		{"abc", 3, []string{"abc"}},
		{"abcdefg", 3, []string{"abc", "def", "g"}},
		{"héllo wörld", 4, []string{"héll", "o wö", "rld"}},
	}
	for _, tt := range tests {
		if got := chunks(tt.in, tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("chunks(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
