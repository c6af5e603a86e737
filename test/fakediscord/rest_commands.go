package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// commandName is Discord's rule for command and option names.
var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// Command limits.
const (
	maxCommands    = 100
	maxOptions     = 25
	maxChoices     = 25
	maxDescription = 100
)

// commandScope checks the application and guild of a commands route; "" is the global scope.
func (s *Server) commandScope(r *request) (string, *apiError) {
	if r.params["app"] != s.opts.AppID {
		return "", &apiError{status: http.StatusForbidden, code: 20012,
			message: "You are not authorized to perform this action on this application"}
	}
	if g, guild := r.params["guild"]; guild && g != s.opts.GuildID {
		return "", &apiError{status: http.StatusForbidden, code: 50001, message: "Missing Access"}
	}
	return r.params["guild"], nil
}

// listCommands serves GET /applications/{app}[/guilds/{guild}]/commands.
func (s *Server) listCommands(r *request) reply {
	scope, e := s.commandScope(r)
	if e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.commands[scope]
	if out == nil {
		out = []map[string]any{}
	}
	return ok(out)
}

// overwriteCommands serves PUT /applications/{app}[/guilds/{guild}]/commands: validate every command,
// replace the scope's set, keep ids of commands whose type and name survive.
func (s *Server) overwriteCommands(r *request) reply {
	scope, e := s.commandScope(r)
	if e != nil {
		return fail(e)
	}
	var cmds []map[string]any
	if err := json.Unmarshal(r.body, &cmds); err != nil {
		return fail(errForm(nil, "BASE_TYPE_ARRAY", "Must be an array."))
	}
	if len(cmds) > maxCommands {
		return fail(errForm(nil, "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."))
	}
	seen := map[string]bool{}
	for i, c := range cmds {
		path := []string{fmt.Sprint(i)}
		if e := validateCommand(c, path); e != nil {
			return fail(e)
		}
		key := fmt.Sprint(commandType(c)) + "/" + c["name"].(string)
		if seen[key] {
			return fail(errForm(path, "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"))
		}
		seen[key] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(cmds))
	for _, c := range cmds {
		typ := commandType(c)
		key := scope + "/" + fmt.Sprint(typ) + "/" + c["name"].(string)
		id, known := s.commandIDs[key]
		if !known {
			id = s.ids.next(r.now)
			s.commandIDs[key] = id
		}
		c["id"], c["application_id"], c["version"], c["type"] = id, s.opts.AppID, s.ids.next(r.now), typ
		if _, has := c["default_member_permissions"]; !has {
			c["default_member_permissions"] = nil
		}
		if _, has := c["nsfw"]; !has {
			c["nsfw"] = false
		}
		if scope != "" {
			c["guild_id"] = scope
			delete(c, "dm_permission")
		}
		out = append(out, c)
	}
	s.commands[scope] = out
	s.notifyLocked()
	return ok(out)
}

// commandType is the command's type, 1 (CHAT_INPUT) when absent.
func commandType(c map[string]any) int {
	if t, has := c["type"].(float64); has && t != 0 {
		return int(t)
	}
	return 1
}

// validateCommand checks a command's type, name, description and options.
func validateCommand(c map[string]any, path []string) *apiError {
	typ := commandType(c)
	if typ < 1 || typ > 4 {
		return errForm(append(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")
	}
	name, _ := c["name"].(string)
	desc, _ := c["description"].(string)
	if typ == 1 {
		if e := checkName(name, append(path, "name")); e != nil {
			return e
		}
		if e := checkDescription(desc, append(path, "description")); e != nil {
			return e
		}
	} else {
		if name == "" || utf8.RuneCountInString(name) > 32 {
			return errForm(append(path, "name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
		}
		if desc != "" {
			return errForm(append(path, "description"), "APPLICATION_COMMAND_DESCRIPTION_NOT_ALLOWED",
				"Description must be empty for this command type")
		}
	}
	return validateOptions(c["options"], append(path, "options"))
}

// checkName enforces the lowercase name rule for chat-input commands and options.
func checkName(name string, path []string) *apiError {
	if !commandName.MatchString(name) || strings.ToLower(name) != name {
		return errForm(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
	}
	return nil
}

// checkDescription requires 1-100 characters.
func checkDescription(desc string, path []string) *apiError {
	if n := utf8.RuneCountInString(desc); n < 1 || n > maxDescription {
		return errForm(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	return nil
}

// validateOptions checks an options array: at most 25, valid unique names, descriptions, types 1-11,
// required before optional, at most 25 choices; sub-commands recurse.
func validateOptions(raw any, path []string) *apiError {
	if raw == nil {
		return nil
	}
	opts, isList := raw.([]any)
	if !isList {
		return errForm(path, "BASE_TYPE_ARRAY", "Must be an array.")
	}
	if len(opts) > maxOptions {
		return errForm(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	names := map[string]bool{}
	optional := false
	for i, o := range opts {
		op, isObj := o.(map[string]any)
		p := append(append([]string(nil), path...), fmt.Sprint(i))
		if !isObj {
			return errForm(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
		}
		typ, _ := op["type"].(float64)
		if typ < 1 || typ > 11 {
			return errForm(append(p, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, ..., 11}.")
		}
		name, _ := op["name"].(string)
		if e := checkName(name, append(p, "name")); e != nil {
			return e
		}
		if names[name] {
			return errForm(append(p, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
		}
		names[name] = true
		desc, _ := op["description"].(string)
		if e := checkDescription(desc, append(p, "description")); e != nil {
			return e
		}
		required, _ := op["required"].(bool)
		if required && optional {
			return errForm(p, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
				"Required options must be placed before non-required options")
		}
		optional = optional || !required
		if choices, has := op["choices"].([]any); has && len(choices) > maxChoices {
			return errForm(append(p, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
		if typ == 1 || typ == 2 {
			if e := validateOptions(op["options"], append(p, "options")); e != nil {
				return e
			}
		}
	}
	return nil
}
