package fakediscord

import (
	"encoding/json"
	"net/http"
	"strings"
)

func (s *Server) getGateway(*request) reply { return ok(map[string]any{"url": s.GatewayURL()}) }

// getGatewayBot answers GET /gateway/bot with the websocket URL and a generous session start limit.
func (s *Server) getGatewayBot(_ *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(map[string]any{
		"url": s.GatewayURL(), "shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": max(0, 1000-s.identifies), "reset_after": 86400000, "max_concurrency": 1,
		},
	})
}

func (s *Server) getMe(_ *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := userWire(s.authorLocked(s.opts.BotID))
	u["verified"], u["mfa_enabled"], u["flags"] = true, false, 0
	return ok(u)
}

func (s *Server) getUser(r *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, known := s.users[r.params["user"]]
	if !known {
		return fail(&apiError{status: http.StatusNotFound, code: 10013, message: "Unknown User"})
	}
	return ok(userWire(a))
}

// createDM answers POST /users/@me/channels {"recipient_id"} with the DM channel.
func (s *Server) createDM(r *request) reply {
	var d struct {
		RecipientID flexID `json:"recipient_id"`
	}
	if err := json.Unmarshal(r.body, &d); err != nil || d.RecipientID == "" {
		return fail(errForm([]string{"recipient_id"}, "BASE_TYPE_REQUIRED", "This field is required"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(s.channelWire(s.dmChannelLocked(string(d.RecipientID))))
}

func (s *Server) getApplication(_ *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	bot := userWire(s.authorLocked(s.opts.BotID))
	return ok(map[string]any{
		"id": s.opts.AppID, "name": s.opts.BotName, "icon": nil, "description": "", "summary": "",
		"rpc_origins": []any{}, "bot_public": false, "bot_require_code_grant": false,
		"terms_of_service_url": "", "privacy_policy_url": "", "verify_key": strings.Repeat("0", 64),
		"owner": userWire(Author{ID: "1300000000000000002", Name: "owner"}), "team": nil, "flags": 0, "bot": bot,
	})
}

// guildOK reports whether r names the server's guild.
func (s *Server) guildOK(r *request) bool { return r.params["guild"] == s.opts.GuildID }

func errUnknownGuild() *apiError {
	return &apiError{status: http.StatusNotFound, code: 10004, message: "Unknown Guild"}
}

func (s *Server) getGuild(r *request) reply {
	if !s.guildOK(r) {
		return fail(errUnknownGuild())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(s.guildWire(false))
}

func (s *Server) getGuildChannels(r *request) reply {
	if !s.guildOK(r) {
		return fail(errUnknownGuild())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []any{}
	for _, id := range s.channelOrder {
		out = append(out, s.channelWire(s.channels[id]))
	}
	return ok(out)
}

func (s *Server) getGuildRoles(r *request) reply {
	if !s.guildOK(r) {
		return fail(errUnknownGuild())
	}
	return ok(s.rolesWire())
}

// getGuildMember answers for the bot and for every user a test posted or clicked as.
func (s *Server) getGuildMember(r *request) reply {
	if !s.guildOK(r) {
		return fail(errUnknownGuild())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, known := s.users[r.params["user"]]
	if !known {
		return fail(&apiError{status: http.StatusNotFound, code: 10007, message: "Unknown Member"})
	}
	return ok(s.memberWire(a, true))
}

func (s *Server) getChannel(r *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.channels[r.params["channel"]]
	if !found {
		return fail(errUnknownChannel())
	}
	return ok(s.channelWire(c))
}

// serveAttachment serves /attachments/{channel}/{id}/{filename}, the URLs in attachment objects.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/attachments/"), "/")
	if len(parts) != 3 {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	var data []byte
	var ctype string
	if c, found := s.channels[parts[0]]; found {
		for _, m := range c.msgs {
			for _, a := range m.Attachments {
				if a.ID == parts[1] && a.Filename == parts[2] {
					data, ctype = a.Content, a.ContentType
				}
			}
		}
	}
	s.mu.Unlock()
	if data == nil {
		http.NotFound(w, r)
		return
	}
	if ctype != "" {
		w.Header().Set("Content-Type", ctype)
	}
	_, _ = w.Write(data)
}
