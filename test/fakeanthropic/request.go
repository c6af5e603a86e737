package fakeanthropic

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Request is what the server recorded of one POST /v1/messages.
type Request struct {
	Model          string
	Stream         bool
	Messages       int      // number of messages in the body, of every role
	LastUserText   string   // the text the answer echoes (see the package doc)
	UserTexts      []string // each user message's text blocks joined by "\n", in order; none skipped for being empty
	AssistantTexts []string // the same for assistant messages
	SessionHeader  string   // the x-claude-code-session-id header
	Status         int      // the status the server chose: 200, a FailNext status, or 0 for a stall
}

// clone returns a copy of r that shares no slices with it.
func (r Request) clone() Request {
	r.UserTexts = slices.Clone(r.UserTexts)
	r.AssistantTexts = slices.Clone(r.AssistantTexts)
	return r
}

// reminderPrefix starts the text blocks the CLI adds around the prompt; they are not user text.
const reminderPrefix = "<system-reminder>"

// wireRequest is the part of a Messages API body the server reads.
type wireRequest struct {
	Model     string        `json:"model"`
	MaxTokens int           `json:"max_tokens"`
	Stream    bool          `json:"stream"`
	Messages  []wireMessage `json:"messages"`
}

// wireMessage is one entry of messages; content is a string or an array of blocks.
type wireMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

// wireBlock is one content block; only text blocks matter here.
type wireBlock struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// parseRequest decodes and validates a body, and returns the record for it (without Status
// and SessionHeader).
func parseRequest(body []byte) (Request, error) {
	var w wireRequest
	if err := json.Unmarshal(body, &w); err != nil {
		return Request{}, fmt.Errorf("body is not a JSON request: %w", err)
	}
	switch {
	case w.Model == "":
		return Request{}, errors.New("model: Field required")
	case w.MaxTokens <= 0:
		return Request{}, errors.New("max_tokens: must be greater than 0")
	case len(w.Messages) == 0:
		return Request{}, errors.New("messages: at least one message is required")
	}
	r := Request{Model: w.Model, Stream: w.Stream, Messages: len(w.Messages)}
	for i, m := range w.Messages {
		texts, err := messageTexts(m.Content)
		if err != nil {
			return Request{}, fmt.Errorf("messages.%d.content: %w", i, err)
		}
		joined := strings.Join(texts, "\n")
		switch m.Role {
		case "user":
			r.UserTexts = append(r.UserTexts, joined)
			if len(texts) > 0 {
				r.LastUserText = texts[len(texts)-1]
			}
		case "assistant":
			r.AssistantTexts = append(r.AssistantTexts, joined)
		case "system": // the CLI's environment block after the prompt: tolerated, ignored
		default:
			return Request{}, fmt.Errorf("messages.%d.role: unexpected role %q", i, m.Role)
		}
	}
	return r, nil
}

// messageTexts returns the text blocks of a content, skipping system reminders.
func messageTexts(content json.RawMessage) ([]string, error) {
	var s string
	if err := json.Unmarshal(content, &s); err == nil {
		return keepText(nil, s), nil
	}
	var blocks []wireBlock
	if err := json.Unmarshal(content, &blocks); err != nil {
		return nil, errors.New("must be a string or an array of content blocks")
	}
	var out []string
	for _, b := range blocks {
		if b.Type == "text" {
			out = keepText(out, b.Text)
		}
	}
	return out, nil
}

// keepText appends t to texts unless it is a system reminder.
func keepText(texts []string, t string) []string {
	if strings.HasPrefix(strings.TrimLeft(t, " \t\r\n"), reminderPrefix) {
		return texts
	}
	return append(texts, t)
}
