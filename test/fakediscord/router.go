package fakediscord

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// apiPrefix is the REST path prefix arikawa uses.
const apiPrefix = "/api/v9"

// maxBody bounds a request body.
const maxBody = maxFiles*maxFileSize + 1<<20

// request is a REST request as handlers see it.
type request struct {
	method string
	params map[string]string // unescaped path parameters
	query  url.Values
	header http.Header
	body   []byte
	now    time.Time
}

// reply is what a handler answers: a JSON body (nil for 204) and extra headers.
type reply struct {
	status int
	body   any
	header http.Header
}

func ok(v any) reply   { return reply{status: http.StatusOK, body: v} }
func noContent() reply { return reply{status: http.StatusNoContent} }
func fail(e *apiError) reply {
	return reply{status: e.status, body: e.body()}
}

// route is one REST endpoint. Patterns are relative to /api/v9; {name} matches one segment.
type route struct {
	method  string
	pattern string
	public  bool // no Authorization needed (webhook-token and interaction endpoints, gateway URL)
	handle  func(*Server, *request) reply
}

// routes lists the endpoints; literal segments come before parameters that could shadow them.
var routes = []route{
	{"GET", "gateway", true, (*Server).getGateway},
	{"GET", "gateway/bot", false, (*Server).getGatewayBot},
	{"GET", "users/@me", false, (*Server).getMe},
	{"POST", "users/@me/channels", false, (*Server).createDM},
	{"GET", "users/{user}", false, (*Server).getUser},
	{"GET", "oauth2/applications/@me", false, (*Server).getApplication},
	{"GET", "applications/@me", false, (*Server).getApplication},
	{"GET", "guilds/{guild}", false, (*Server).getGuild},
	{"GET", "guilds/{guild}/channels", false, (*Server).getGuildChannels},
	{"GET", "guilds/{guild}/roles", false, (*Server).getGuildRoles},
	{"GET", "guilds/{guild}/members/{user}", false, (*Server).getGuildMember},
	{"GET", "channels/{channel}", false, (*Server).getChannel},
	{"GET", "channels/{channel}/messages", false, (*Server).listMessages},
	{"POST", "channels/{channel}/messages", false, (*Server).createMessage},
	{"GET", "channels/{channel}/messages/{message}", false, (*Server).getMessage},
	{"PATCH", "channels/{channel}/messages/{message}", false, (*Server).editMessage},
	{"DELETE", "channels/{channel}/messages/{message}", false, (*Server).deleteMessage},
	{"POST", "channels/{channel}/typing", false, (*Server).typing},
	{"PUT", "channels/{channel}/thread-members/@me", false, (*Server).joinThread},
	{"DELETE", "channels/{channel}/thread-members/@me", false, (*Server).leaveThread},
	{"PUT", "channels/{channel}/messages/{message}/reactions/{emoji}/@me", false, (*Server).addReaction},
	{"DELETE", "channels/{channel}/messages/{message}/reactions/{emoji}/@me", false, (*Server).removeReaction},
	{"GET", "applications/{app}/commands", false, (*Server).listCommands},
	{"PUT", "applications/{app}/commands", false, (*Server).overwriteCommands},
	{"GET", "applications/{app}/guilds/{guild}/commands", false, (*Server).listCommands},
	{"PUT", "applications/{app}/guilds/{guild}/commands", false, (*Server).overwriteCommands},
	{"POST", "interactions/{interaction}/{token}/callback", true, (*Server).interactionCallback},
	{"GET", "webhooks/{app}/{token}/messages/@original", true, (*Server).getOriginal},
	{"PATCH", "webhooks/{app}/{token}/messages/@original", true, (*Server).editOriginal},
	{"DELETE", "webhooks/{app}/{token}/messages/@original", true, (*Server).deleteOriginal},
	{"POST", "webhooks/{app}/{token}", true, (*Server).followUp},
	{"PATCH", "webhooks/{app}/{token}/messages/{message}", true, (*Server).editFollowUp},
	{"DELETE", "webhooks/{app}/{token}/messages/{message}", true, (*Server).deleteFollowUp},
}

// segments splits an escaped path into unescaped segments, dropping empty ones (arikawa sends
// /api/v9//oauth2/applications/@me).
func segments(escaped string) ([]string, bool) {
	var out []string
	for _, part := range strings.Split(escaped, "/") {
		if part == "" {
			continue
		}
		u, err := url.PathUnescape(part)
		if err != nil {
			return nil, false
		}
		out = append(out, u)
	}
	return out, true
}

// match reports whether segs fit pattern and returns the parameters.
func match(pattern string, segs []string) (map[string]string, bool) {
	pat := strings.Split(pattern, "/")
	if len(pat) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pat {
		if strings.HasPrefix(p, "{") {
			params[p[1:len(p)-1]] = segs[i]
		} else if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// findRoute returns the route for method and path, whether the path is known at all.
func findRoute(method string, segs []string) (*route, map[string]string, bool) {
	known := false
	for i := range routes {
		params, ok := match(routes[i].pattern, segs)
		if !ok {
			continue
		}
		known = true
		if routes[i].method == method {
			return &routes[i], params, true
		}
	}
	return nil, nil, known
}

// serveREST answers one REST request and records it.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	if !s.track() {
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	defer s.wg.Done()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		s.answer(w, r, body, "", fail(errTooLarge()))
		return
	}
	escaped := r.URL.EscapedPath()
	rel, isAPI := strings.CutPrefix(escaped, apiPrefix+"/")
	segs, valid := segments(rel)
	if !isAPI || !valid {
		s.answer(w, r, body, "", fail(errNotFound()))
		return
	}
	rt, params, known := findRoute(r.Method, segs)
	if rt == nil {
		e := errNotFound()
		if known {
			e = errMethodNotAllowed()
		}
		s.answer(w, r, body, "", fail(e))
		return
	}
	name := rt.method + " /" + rt.pattern
	if !rt.public && r.Header.Get("Authorization") != "Bot "+s.opts.Token {
		s.answer(w, r, body, name, fail(errUnauthorized()))
		return
	}
	if rep, hit := s.takeFault(r.Method, "/"+strings.Join(segs, "/"), escaped); hit {
		s.answer(w, r, body, name, rep)
		return
	}
	req := &request{method: r.Method, params: params, query: r.URL.Query(), header: r.Header, body: body, now: s.now()}
	var limits http.Header
	if s.opts.ChannelMessageLimit.N > 0 && limitedRoutes[name] {
		hdr, refused := s.takeChannelLimit(params["channel"], req.now)
		if refused != nil {
			s.answer(w, r, body, name, *refused)
			return
		}
		limits = hdr
	}
	rep := rt.handle(s, req)
	for k, vs := range limits {
		if rep.header == nil {
			rep.header = http.Header{}
		}
		rep.header[k] = vs
	}
	s.answer(w, r, body, name, rep)
}

// answer records the request, then writes rep (so a client that got its answer finds it in Requests).
func (s *Server) answer(w http.ResponseWriter, r *http.Request, body []byte, name string, rep reply) {
	var out []byte
	if rep.body != nil && rep.status != http.StatusNoContent {
		var err error
		if out, err = json.Marshal(rep.body); err != nil {
			rep.status, out = http.StatusInternalServerError, []byte(`{"code":0,"message":"500: Internal Server Error"}`)
		}
	}
	h := r.Header.Clone()
	if h.Get("Authorization") != "" {
		h.Set("Authorization", "[redacted]")
	}
	s.mu.Lock()
	if rep.status == http.StatusTooManyRequests {
		s.limited++
	}
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.EscapedPath(), Route: name, Query: r.URL.RawQuery, Header: h,
		Body: body, Status: rep.status, Time: s.now(),
	})
	s.notifyLocked()
	s.mu.Unlock()

	for k, vs := range rep.header {
		w.Header()[k] = vs
	}
	if out != nil {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(out)
}
