package fakediscord_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"

	"github.com/discord-coordinator/coordinator/test/fakeclock"
	"github.com/discord-coordinator/coordinator/test/fakediscord"
)

// limit is the per-channel message limit of these tests: 2 requests per 300 ms.
var limit = fakediscord.MessageLimit{N: 2, Per: 300 * time.Millisecond}

// messageStatuses lists the statuses answered on the channel's message create/edit routes, in order.
func messageStatuses(srv *fakediscord.Server, channelID string) []int {
	var out []int
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/api/v9/channels/"+channelID+"/messages") && r.Method != "GET" {
			out = append(out, r.Status)
		}
	}
	return out
}

func TestChannelMessageLimitPacesArikawa(t *testing.T) {
	t.Parallel()
	srv := newServer(t, fakediscord.Options{ChannelMessageLimit: limit})
	c := newClient(t, srv, "")
	for i := range 3 {
		if _, err := c.SendMessage(cid(t, chanA), "line "+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	// The X-RateLimit-* headers of the first two sends told arikawa to hold the third until the window ended.
	if got := messageStatuses(srv, chanA); !slices.Equal(got, []int{200, 200, 200}) || srv.RateLimited() != 0 {
		t.Errorf("statuses %v, %d rate-limited: arikawa did not pace itself", got, srv.RateLimited())
	}
}

// TestChannelMessageLimit429Retried shows the third request in a channel's window refused with a 429
// that arikawa waits out and retries. The clock is the server's, advanced past the window once the 429
// has been answered, so the outcome does not depend on how fast the machine is.
func TestChannelMessageLimit429Retried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		third func(first, fresh *api.Client, sent *discord.Message) error
	}{
		{"a send by a client that has not seen the headers (a restarted bot)",
			func(_, fresh *api.Client, _ *discord.Message) error {
				_, err := fresh.SendMessage(cid(t, chanA), "third")
				return err
			}},
		{"an edit, which arikawa keys apart from sends but the channel's bucket counts",
			func(first, _ *api.Client, sent *discord.Message) error {
				_, err := first.EditText(sent.ChannelID, sent.ID, "edited")
				return err
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := fakeclock.New(time.Now())
			srv := newServer(t, fakediscord.Options{ChannelMessageLimit: limit, Now: clk.Now})
			first, fresh := newClient(t, srv, ""), newClient(t, srv, "")
			sent, err := first.SendMessage(cid(t, chanA), "first")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := first.SendMessage(cid(t, chanA), "second"); err != nil {
				t.Fatal(err)
			}
			ended := make(chan error, 1)
			ctx, cancel := context.WithTimeout(context.Background(), waitFor)
			defer cancel()
			go func() {
				err := srv.Wait(ctx, func() bool { return srv.RateLimited() == 1 })
				clk.Advance(limit.Per)
				ended <- err
			}()

			start := time.Now()
			if err := tt.third(first, fresh, sent); err != nil {
				t.Fatalf("third request failed instead of being retried: %v", err)
			}
			if err := <-ended; err != nil {
				t.Fatal(err)
			}
			if waited := time.Since(start); waited < 900*time.Millisecond {
				t.Errorf("retried after %v, before Retry-After (1 s)", waited)
			}
			if got := messageStatuses(srv, chanA); !slices.Equal(got, []int{200, 200, 429, 200}) {
				t.Errorf("statuses %v, want the third refused once, then accepted", got)
			}
			if srv.RateLimited() != 1 {
				t.Errorf("RateLimited %d", srv.RateLimited())
			}
		})
	}
}

// call makes one raw REST request and returns the status, headers and decoded JSON body.
func call(t *testing.T, srv *fakediscord.Server, method, path, body string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+"/api/v9"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+token)
	req.Header.Set("Content-Type", "application/json")
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	_ = json.Unmarshal(raw, &obj) // lists and empty bodies stay nil
	return resp.StatusCode, resp.Header, obj
}

func TestChannelMessageLimitWire(t *testing.T) {
	clk := fakeclock.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := newServer(t, fakediscord.Options{Now: clk.Now,
		ChannelMessageLimit: fakediscord.MessageLimit{N: 2, Per: 5 * time.Second}})
	send := func(ch string) (int, http.Header, map[string]any) {
		return call(t, srv, "POST", "/channels/"+ch+"/messages", `{"content":"hi"}`)
	}
	reset := strconv.FormatFloat(float64(clk.Now().Add(5*time.Second).UnixMilli())/1000, 'f', 3, 64)

	status, h, _ := send(chanA)
	if status != 200 || h.Get("X-RateLimit-Limit") != "2" || h.Get("X-RateLimit-Remaining") != "1" ||
		h.Get("X-RateLimit-Reset") != reset || h.Get("X-RateLimit-Reset-After") != "5.000" || h.Get("X-RateLimit-Bucket") == "" {
		t.Errorf("first send: %d %v", status, h)
	}
	clk.Advance(time.Second)
	status, h, msg := send(chanA)
	if status != 200 || h.Get("X-RateLimit-Remaining") != "0" || h.Get("X-RateLimit-Reset-After") != "4.000" {
		t.Errorf("second send: %d %v", status, h)
	}
	status, h, body := send(chanA)
	if status != 429 || h.Get("Retry-After") != "4" || h.Get("X-RateLimit-Remaining") != "0" || h.Get("X-RateLimit-Scope") != "user" ||
		body["message"] != "You are being rate limited." || body["retry_after"] != 4.0 || body["global"] != false {
		t.Errorf("third send: %d %v %v", status, h, body)
	}
	// Edits and deletes share the bucket; other channels, reads and other routes do not.
	if status, _, _ := call(t, srv, "PATCH", "/channels/"+chanA+"/messages/"+msg["id"].(string), `{"content":"x"}`); status != 429 {
		t.Errorf("edit in the used-up window: %d", status)
	}
	if status, h, _ := send(chanB); status != 200 || h.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("other channel: %d %v", status, h)
	}
	if status, h, _ := call(t, srv, "GET", "/channels/"+chanA+"/messages", ""); status != 200 || h.Get("X-RateLimit-Limit") != "" {
		t.Errorf("listing: %d %v", status, h)
	}
	if status, _, _ := call(t, srv, "POST", "/channels/"+chanA+"/typing", ""); status != 204 {
		t.Errorf("typing: %d", status)
	}
	if srv.RateLimited() != 2 {
		t.Errorf("RateLimited %d, want 2", srv.RateLimited())
	}

	clk.Advance(4 * time.Second) // the window ends: a fresh one starts with the next request
	status, h, _ = send(chanA)
	if status != 200 || h.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("after the window: %d %v", status, h)
	}
	if got := len(srv.BotMessages(chanA)); got != 3 {
		t.Errorf("%d messages stored, want the 3 accepted", got)
	}
}

func TestNoChannelMessageLimitByDefault(t *testing.T) {
	srv := newServer(t, fakediscord.Options{})
	for range 10 {
		status, h, _ := call(t, srv, "POST", "/channels/"+chanA+"/messages", `{"content":"hi"}`)
		if status != 200 || h.Get("X-RateLimit-Limit") != "" {
			t.Fatalf("send: %d %v", status, h)
		}
	}
	if srv.RateLimited() != 0 {
		t.Errorf("RateLimited %d", srv.RateLimited())
	}
}
