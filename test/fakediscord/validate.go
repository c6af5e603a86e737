package fakediscord

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Discord's message limits.
const (
	maxContentRunes = 2000
	maxEmbeds       = 10
	maxActionRows   = 5
	maxRowChildren  = 5
	maxCustomID     = 100
	maxButtonLabel  = 80
)

// Message flags.
const (
	flagEphemeral = 1 << 6
	flagLoading   = 1 << 7
)

// component is the part of a message component the validator reads.
type component struct {
	Type       int             `json:"type"`
	CustomID   *string         `json:"custom_id"`
	Style      int             `json:"style"`
	Label      string          `json:"label"`
	URL        string          `json:"url"`
	Emoji      json.RawMessage `json:"emoji"`
	Components []component     `json:"components"`
}

// validateContent checks the content length in code points.
func validateContent(content string) *apiError {
	if utf8.RuneCountInString(content) > maxContentRunes {
		return errForm([]string{"content"}, "BASE_TYPE_MAX_LENGTH",
			fmt.Sprintf("Must be %d or fewer in length.", maxContentRunes))
	}
	return nil
}

// validateEmbeds checks the number of embeds.
func validateEmbeds(raw json.RawMessage) *apiError {
	if isNull(raw) {
		return nil
	}
	var xs []json.RawMessage
	if err := json.Unmarshal(raw, &xs); err != nil {
		return errForm([]string{"embeds"}, "BASE_TYPE_ARRAY", "Must be an array.")
	}
	if len(xs) > maxEmbeds {
		return errForm([]string{"embeds"}, "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
	}
	return nil
}

// validateComponents checks action rows, buttons and selects the way Discord does for legacy
// (non-v2) components: at most 5 rows of at most 5 buttons or one select, custom ids required
// (except link buttons), at most 100 characters and unique within the message.
func validateComponents(raw json.RawMessage) *apiError {
	if isNull(raw) {
		return nil
	}
	var rows []component
	if err := json.Unmarshal(raw, &rows); err != nil {
		return errForm([]string{"components"}, "BASE_TYPE_ARRAY", "Must be an array.")
	}
	if len(rows) > maxActionRows {
		return errForm([]string{"components"}, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
	}
	seen := map[string]bool{}
	for i, row := range rows {
		path := []string{"components", fmt.Sprint(i)}
		if row.Type != 1 {
			return errForm(append(path, "type"), "UNION_TYPE_CHOICES",
				`Value of field "type" must be one of (1,).`)
		}
		if len(row.Components) == 0 || len(row.Components) > maxRowChildren {
			return errForm(append(path, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
		}
		for j, c := range row.Components {
			cpath := append(append([]string(nil), path...), "components", fmt.Sprint(j))
			if err := validateChild(c, len(row.Components), cpath, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// validateChild checks one component inside an action row.
func validateChild(c component, siblings int, path []string, seen map[string]bool) *apiError {
	switch c.Type {
	case 2: // button
		if c.Style < 1 || c.Style > 6 {
			return errForm(append(path, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.")
		}
		if c.Style == 5 {
			if c.URL == "" {
				return errForm(append(path, "url"), "BASE_TYPE_REQUIRED", "This field is required")
			}
			if c.CustomID != nil {
				return errForm(append(path, "custom_id"), "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
					"A custom id cannot be specified for this button style")
			}
			break
		}
		if c.Label == "" && isNull(c.Emoji) {
			return errForm(path, "BUTTON_COMPONENT_MISSING_LABEL_OR_EMOJI", "A label or emoji must be specified")
		}
		if utf8.RuneCountInString(c.Label) > maxButtonLabel {
			return errForm(append(path, "label"), "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length.")
		}
		if err := checkCustomID(c.CustomID, path, seen); err != nil {
			return err
		}
	case 3, 5, 6, 7, 8: // selects
		if siblings != 1 {
			return errForm(path, "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
				"The specified component exceeds the maximum width")
		}
		if err := checkCustomID(c.CustomID, path, seen); err != nil {
			return err
		}
	default:
		return errForm(append(path, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8).")
	}
	return nil
}

// checkCustomID requires a unique custom_id of 1-100 characters.
func checkCustomID(id *string, path []string, seen map[string]bool) *apiError {
	if id == nil || *id == "" {
		return errForm(append(path, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
	}
	if utf8.RuneCountInString(*id) > maxCustomID {
		return errForm(append(path, "custom_id"), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
	}
	if seen[*id] {
		return errForm(append(path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
	}
	seen[*id] = true
	return nil
}

// validateMessageFields checks content, embeds and components of a create or edit.
func validateMessageFields(content string, b *messageBody) *apiError {
	if err := validateContent(content); err != nil {
		return err
	}
	if err := validateEmbeds(b.Embeds); err != nil {
		return err
	}
	return validateComponents(b.Components)
}
