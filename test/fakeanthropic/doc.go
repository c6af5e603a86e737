// Package fakeanthropic is a fake of the Anthropic Messages API on loopback, small enough to trust
// and close enough for the real Claude Code CLI (2.1.332) to run a turn against it offline.
//
// # Serving
//
// [New] listens on 127.0.0.1:0; point the CLI at [Server.URL] with ANTHROPIC_BASE_URL. The only
// route is POST /v1/messages (any query, such as the CLI's ?beta=true). A request needs an
// x-api-key header or an "authorization: Bearer" one (401 otherwise), and a JSON body with model,
// max_tokens > 0 and a non-empty messages array whose roles are user, assistant or system (400
// otherwise). A role "system" message after the user message, as the CLI sends it, is accepted
// and otherwise ignored.
//
// Every accepted request is answered with one text block, "echo: " followed by the last user
// text: the last text block of the last user message that has one, skipping blocks that start
// with "<system-reminder>" (a string content counts as one block). With "stream": true the answer
// is server-sent events in the API's order (message_start, content_block_start, one or more
// content_block_delta text_delta, content_block_stop, message_delta with stop_reason "end_turn"
// and usage, message_stop); otherwise one JSON message. Token counts are rough (bytes / 4).
//
// # Control
//
// [Server.FailNext] makes the next n requests fail with a status and Anthropic's error JSON
// ({"type":"error","error":{"type","message"},"request_id"}); [Server.StallNext] makes the next
// n requests never answer (not even headers) until the client goes away or the server closes,
// which drops the connection;
// [Server.SetDelay] holds every later answer back for a while. Queued failures and stalls are
// used in the order they were queued, one per request.
//
// # Records
//
// Every request that passes the checks above is recorded, in arrival order, whatever the
// answer (failed and stalled ones included; a refused one is not):
// [Server.Requests] returns copies and [Server.WaitRequests] waits for a count with a context.
//
// # Lifetime
//
// [Server.Close] is idempotent: it releases stalled and delayed handlers, closes every
// connection and returns once the serving goroutine and all handlers have finished.
package fakeanthropic
