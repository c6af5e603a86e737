package fakediscord

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
)

// Upload limits, as Discord's for bots.
const (
	maxFileSize = 10 << 20
	maxFiles    = 10
)

// messageBody is the message part of a create/edit/callback payload. Raw fields keep "absent" (nil)
// apart from "null".
type messageBody struct {
	Content         json.RawMessage `json:"content"`
	Embeds          json.RawMessage `json:"embeds"`
	Components      json.RawMessage `json:"components"`
	AllowedMentions json.RawMessage `json:"allowed_mentions"`
	Reference       json.RawMessage `json:"message_reference"`
	Flags           json.RawMessage `json:"flags"`
	Attachments     json.RawMessage `json:"attachments"`

	files []Attachment // multipart uploads
}

// messageRef is a message_reference.
type messageRef struct {
	MessageID       flexID `json:"message_id"`
	ChannelID       flexID `json:"channel_id"`
	FailIfNotExists *bool  `json:"fail_if_not_exists"`
}

// present reports whether a field was sent (even as null).
func present(raw json.RawMessage) bool { return len(raw) > 0 }

// isNull reports whether a field was absent or null.
func isNull(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// arrayLen is the length of a JSON array field; 0 when absent or null.
func arrayLen(raw json.RawMessage) int {
	var xs []json.RawMessage
	if isNull(raw) || json.Unmarshal(raw, &xs) != nil {
		return 0
	}
	return len(xs)
}

// content decodes the content field ("" when absent or null).
func (b *messageBody) content() (string, *apiError) {
	if isNull(b.Content) {
		return "", nil
	}
	var c string
	if err := json.Unmarshal(b.Content, &c); err != nil {
		return "", errForm([]string{"content"}, "BASE_TYPE_STRING", "Must be a string.")
	}
	return c, nil
}

// flags decodes the flags field (0 when absent or null).
func (b *messageBody) flags() (int, *apiError) {
	if isNull(b.Flags) {
		return 0, nil
	}
	var f int
	if err := json.Unmarshal(b.Flags, &f); err != nil {
		return 0, errForm([]string{"flags"}, "NUMBER_TYPE_COERCE", "Value is not int.")
	}
	return f, nil
}

// reference decodes message_reference (nil when absent or null).
func (b *messageBody) reference() (*messageRef, *apiError) {
	if isNull(b.Reference) {
		return nil, nil
	}
	var r messageRef
	if err := json.Unmarshal(b.Reference, &r); err != nil {
		return nil, errForm([]string{"message_reference"}, "MODEL_TYPE_CONVERT", "Invalid message reference.")
	}
	return &r, nil
}

// readMessageBody decodes a message payload (JSON, or multipart with files) with its files attached.
// It also returns the raw JSON payload, for recording a webhook call.
func readMessageBody(r *request) (*messageBody, []byte, *apiError) {
	var b messageBody
	files, payload, e := readPayload(r.header, r.body, &b)
	b.files = files
	return &b, payload, e
}

// readPayload decodes a JSON or multipart/form-data body into v (a JSON object) and returns the files.
// Multipart bodies carry the JSON in payload_json and files in parts with a filename ("files[n]", or
// arikawa's "fileN").
func readPayload(header http.Header, body []byte, v any) ([]Attachment, []byte, *apiError) {
	mt, params, _ := mime.ParseMediaType(header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, body, nil
		}
		if err := json.Unmarshal(body, v); err != nil {
			return nil, body, &apiError{status: http.StatusBadRequest, code: 50109,
				message: "The request body contains invalid JSON."}
		}
		return nil, body, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var files []Attachment
	var payload []byte
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, body, &apiError{status: http.StatusBadRequest, code: 50035, message: "Invalid Form Body"}
		}
		data, err := io.ReadAll(io.LimitReader(p, maxFileSize+1))
		if err != nil {
			return nil, body, &apiError{status: http.StatusBadRequest, code: 50035, message: "Invalid Form Body"}
		}
		switch {
		case p.FormName() == "payload_json":
			payload = data
		case p.FileName() != "":
			if len(data) > maxFileSize {
				return nil, body, errTooLarge()
			}
			files = append(files, Attachment{
				Filename: p.FileName(), ContentType: strings.TrimSpace(p.Header.Get("Content-Type")),
				Size: len(data), Content: data,
			})
		}
	}
	if len(files) > maxFiles {
		return nil, body, errForm([]string{"files"}, "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
	}
	if payload != nil {
		if err := json.Unmarshal(payload, v); err != nil {
			return nil, payload, &apiError{status: http.StatusBadRequest, code: 50109,
				message: "The request body contains invalid JSON."}
		}
	}
	return files, payload, nil
}
