package fakediscord

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// channelMessagesBucket is the X-RateLimit-Bucket hash of a channel's message routes. Discord sends one
// hash for the route group and tells the buckets apart by the channel id, a major parameter.
const channelMessagesBucket = "7c3b5e1f9a2d4c6e8b0a1f3d5c7e9b2a"

// limitedRoutes are the routes that share a channel's message bucket under Options.ChannelMessageLimit.
var limitedRoutes = map[string]bool{
	"POST /channels/{channel}/messages":             true,
	"PATCH /channels/{channel}/messages/{message}":  true,
	"DELETE /channels/{channel}/messages/{message}": true,
}

// window is a channel's current rate-limit window: when it started and how many requests it counted.
type window struct {
	start time.Time
	used  int
}

// takeChannelLimit counts a request in the channel's message bucket. It returns the X-RateLimit-*
// headers for the answer, or (refused) the 429 to send instead when the window is used up; a refused
// request is not counted.
func (s *Server) takeChannelLimit(channelID string, now time.Time) (hdr http.Header, refused *reply) {
	lim := s.opts.ChannelMessageLimit
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.windows[channelID]
	if w == nil || !now.Before(w.start.Add(lim.Per)) {
		w = &window{start: now}
		s.windows[channelID] = w
	}
	resetAfter := w.start.Add(lim.Per).Sub(now)
	if w.used >= lim.N {
		rep := tooManyRequests(limitHeaders(lim.N, 0, now, resetAfter, channelMessagesBucket), resetAfter)
		return nil, &rep
	}
	w.used++
	return limitHeaders(lim.N, lim.N-w.used, now, resetAfter, channelMessagesBucket), nil
}

// limitHeaders are Discord's X-RateLimit-* headers; arikawa reads Remaining and Reset (Unix seconds).
func limitHeaders(limit, remaining int, now time.Time, resetAfter time.Duration, bucket string) http.Header {
	reset := float64(now.Add(resetAfter).UnixMilli()) / 1000
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(reset, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(resetAfter.Seconds(), 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", bucket)
	return h
}

// tooManyRequests is Discord's 429 for a per-route bucket: the limit headers plus Retry-After in whole
// seconds, rounded up (arikawa parses integers only), and retry_after in the body as a float.
func tooManyRequests(h http.Header, retryAfter time.Duration) reply {
	secs := retryAfter.Seconds()
	h.Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(secs)))))
	h.Set("X-RateLimit-Scope", "user")
	return reply{status: http.StatusTooManyRequests, header: h, body: map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": false, "code": 0,
	}}
}
