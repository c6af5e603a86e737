// Package fakediscord is an in-process fake of Discord for tests: gateway v9 (JSON text frames) and the
// REST subset a bot uses, on one 127.0.0.1 listener, with Discord's validation and a control surface.
// Stock arikawa v3.6.0 (api.Client, gateway.Gateway, session, state) works against it unmodified.
//
// # Connecting a bot
//
// REST: point the client at URL() by rewriting scheme and host only (arikawa's rate limiter keys on the
// /api/v9/... path). Gateway: dial GatewayURL() (also returned by GET /api/v9/gateway/bot):
//
//	gw := gateway.NewCustomWithIdentifier(gateway.AddGatewayParams(srv.GatewayURL()), id, nil)
//
// Authorization must be "Bot <Options.Token>" (401 otherwise; the interaction callback and the
// /webhooks/{app}/{token} routes need none). IDENTIFY must carry the token (close 4004), intents
// (null: close 4013) and, with Options.DenyMessageContent, not MESSAGE_CONTENT (close 4014).
//
// # Example
//
//	srv, err := fakediscord.New(fakediscord.Options{Token: "t", Channels: []string{ch}, Roles: []string{role}})
//	if err != nil { t.Fatal(err) }
//	defer srv.Close()
//	// ... start the bot against srv.URL() / srv.GatewayURL(), wait for it to be ready:
//	srv.Wait(ctx, func() bool { return srv.Identifies() == 1 })
//	alice := fakediscord.Author{ID: "1300000000000000200", Name: "alice", Roles: []string{role}}
//	q := srv.PostMessage(ch, alice, "<@"+fakediscord.DefaultBotID+"> hello", fakediscord.DefaultBotID)
//	err = srv.Wait(ctx, func() bool { return len(srv.BotMessages(ch)) == 1 })
//	reply := srv.BotMessages(ch)[0] // reply.ReplyTo == q.ID, reply.Pinged == nil, reply.Attachments...
//	in := srv.Command(ch, alice, "ask", map[string]any{"prompt": "hi"})
//	err = srv.Wait(ctx, func() bool { return len(srv.InteractionResponses(in.ID)) > 0 })
//	srv.RateLimit("POST", "/channels/"+ch+"/messages", 1, time.Second) // next send gets a 429
//	srv.DropConnections()                                             // the bot must RESUME
//	th := srv.CreateThread(ch, alice, "deploy", fakediscord.ThreadOptions{DeferCreateEvent: true})
//	srv.PostMessage(th.ID, alice, "<@"+fakediscord.DefaultBotID+"> go", fakediscord.DefaultBotID)
//	srv.ReleaseThreadCreate(th.ID)                                    // THREAD_CREATE after the message
//
// # Gateway
//
// HELLO on connect; op 1 is ACKed with op 11. IDENTIFY starts a session: READY (user, session_id,
// guilds [{id, unavailable}], application) then GUILD_CREATE (with the GUILDS intent) listing channels,
// roles (@everyone has the guild's id) and the bot's member. Each session numbers its dispatches and
// keeps them all; RESUME replays those after the client's seq, then RESUMED; an unknown session gets
// op 9 (false). A session lives until the client closes with 1000/1001, InvalidateSessions, or a
// non-resumable CloseGateway code. While its client is away, dispatches are only logged and arrive on
// RESUME; with no session at all an event is dropped.
//
// Dispatches follow intents: MESSAGE_CREATE/UPDATE/DELETE need GUILD_MESSAGES (DIRECT_MESSAGES in DMs),
// reactions need GUILD_MESSAGE_REACTIONS; without MESSAGE_CONTENT, guild messages arrive with empty
// content unless they mention the bot or are its own. INTERACTION_CREATE always goes out. The bot's
// own messages (REST sends, interaction responses and public follow-ups) are dispatched back to it.
//
// # REST
//
// Routes (under /api/v9): gateway, gateway/bot, users/@me, users/{id}, users/@me/channels,
// [oauth2/]applications/@me, guilds/{g}[/channels|/roles|/members/{u}], channels/{c},
// channels/{c}/messages (GET newest first with limit/before/after; POST JSON or multipart with
// payload_json and files), channels/{c}/messages/{m} (GET/PATCH/DELETE), channels/{c}/typing,
// channels/{thread}/thread-members/@me (PUT join, DELETE leave),
// channels/{c}/messages/{m}/reactions/{emoji}/@me (PUT/DELETE), applications/{app}[/guilds/{g}]/commands
// (GET/PUT bulk overwrite), interactions/{id}/{token}/callback, webhooks/{app}/{token} (follow-up) and
// webhooks/{app}/{token}/messages/{@original|id} (GET/PATCH/DELETE). Unknown routes: 404
// {"code":0,"message":"404: Not Found"}, recorded with an empty Request.Route.
//
// Validation as Discord: content over 2000 code points, more than 10 embeds, bad components (rows of at
// most 5 buttons, custom_id required, unique, at most 100 chars), a reply to an unknown message,
// parse+list conflicts in allowed_mentions, and bad command definitions answer 400 50035 with a nested
// "errors" object; an empty message 400 50006; unknown channel 404 10003, message 404 10008, emoji 400
// 10014 ("eyes" instead of "👀"); editing another user's message 403 50005; a first interaction callback
// after Options.InteractionDeadline 404 10062, a second one 400 40060; webhook calls before the
// callback (or 15 minutes after the interaction) 404 10015.
//
// # Mentions
//
// Message.Pinged lists who Discord would notify ("everyone", "here", "user:ID", "role:ID"). Without
// allowed_mentions every @everyone/@here, <@id>/<@!id> and <@&role> of an existing role pings, and a
// reply pings the replied-to author. With allowed_mentions only the parse types ("parse" absent or
// null means none) and listed users/roles that also appear in the content ping, and a reply pings only
// with replied_user true (Discord's default is false). Edits never ping, except the first edit of a
// deferred ("thinking") interaction response, which is its real send.
//
// # Threads
//
// CreateThread makes a public (11) or private (12) thread under a text channel; its id works wherever a
// channel id does (Post, Command, Click, REST, queries), and GET /channels/{thread} returns the thread
// object (parent_id, owner_id, thread_metadata, message_count, member_count). THREAD_CREATE
// (newly_created), THREAD_UPDATE and THREAD_MEMBERS_UPDATE go to sessions with the GUILDS intent;
// ThreadOptions.DeferCreateEvent holds THREAD_CREATE until ReleaseThreadCreate, so a thread's first
// message can reach the bot before the thread does. GUILD_CREATE lists active threads in "threads";
// GET /guilds/{g}/channels does not. The bot joins and leaves with thread-members/@me (THREAD_MEMBERS_UPDATE;
// 400 50024 on a non-thread, 400 50083 while archived); ThreadMembers lists members (the owner first).
// ArchiveThread archives; the next message posted in the thread unarchives it (THREAD_UPDATE each time).
// Membership changes only through CreateThread and the bot's join/leave: posting does not join.
//
// # Edit history
//
// Edits(messageID) lists every accepted edit (REST PATCH, callback 7, @original and follow-up
// edits), each with the content, components and embeds it left; Message.Edits counts visible edits only.
//
// # Interactions
//
// Callback 4 posts a message (type 20 for commands), 5 posts a "thinking" placeholder (flag 128) that
// the first @original edit fills in, 6 and 7 (components only) defer or edit the clicked message, 9
// (modal) is recorded. Ephemeral (flag 64) responses and follow-ups are never in the channel (nor
// dispatched), but FindMessage finds them and their buttons can be clicked. Every call, refused ones
// included, is in InteractionResponses.
//
// # Faults
//
// RateLimit and Fail answer the next n matching requests with a 429 (integer Retry-After, X-RateLimit-*
// headers) or any Discord error; DropConnections cuts every websocket without a close frame;
// InvalidateSessions sends op 9 and forgets sessions; CloseGateway sends a close code.
//
// Options.ChannelMessageLimit (off by default) is Discord's per-channel message bucket: create, edit and
// delete in one channel or thread share N requests per window of Per. Counted requests carry
// X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket, from which arikawa paces itself; a request over
// the limit gets 429 {"message","retry_after","global":false} with Retry-After. arikawa keys its own
// buckets by path, so an edit right after sends (or a send by a freshly started client) is what gets the
// 429 in practice. RateLimited counts every 429 answered; Request.Status has each status.
//
// # arikawa caveats the tests here work around
//
// arikawa 3.6.0 leaks a goroutine if its gateway is closed while a received event is still unread
// (utils/ws/conn.go:249): before closing a bot, consume the last event the server sent it. It also
// leaves the body of a retried (429/5xx) response open: give the api.Client a context (WithContext)
// that is cancelled when the test ends, or the transport's reader goroutine outlives the test.
package fakediscord
