package claude

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// Real stream-json lines of the CLI, as recorded in the team's CLI notes (long arrays cut there to three items and "…").
const (
	systemInit           = `{"type":"system","subtype":"init","cwd":"/scratch/work","session_id":"eeba4bca-845e-445e-b712-f4dc724bf5d5","tools":["Task","Bash","CronCreate","…"],"mcp_servers":[],"model":"claude-opus-5-5","permissionMode":"default","slash_commands":["deep-research","dataviz","update-config","…"],"terminal_slash_commands":["doctor","color","focus","…"],"apiKeySource":"ANTHROPIC_API_KEY","claude_code_version":"2.1.332","output_style":"default","agents":["claude","Explore","general-purpose","…"],"skills":["deep-research","dataviz","update-config","…"],"plugins":[{"name":"cc-plugin-agents-md","path":"builtin","source":"cc-plugin-agents-md@builtin"},"…"],"capabilities":["interrupt_receipt_v1","…"],"analytics_disabled":true,"product_feedback_disabled":true,"served_by_anthropic":false,"uuid":"10ebe8b4-…","sandbox_enabled":false,"memory_paths":{"auto":"/scratch/home/.claude/projects/-scratch-work/memory/"},"original_cwd":"/scratch/work","additional_directories":[],"messaging_socket_path":"$TMPDIR/cc-socks/10201.sock","fast_mode_state":"off","fast_mode_disabled_reason":"sdk_opt_in_required","per_turn_effort_active":true,"ultrathink_available":false,"ultrathink_typed_raises":false,"view_mode":"default"}`
	assistantToolUse     = `{"type":"assistant","message":{"id":"msg_fake_c349808aa2024f8794b2","type":"message","role":"assistant","model":"claude-opus-5-5","content":[{"type":"tool_use","id":"toolu_fake_7345c6425c6743d4","name":"Bash","input":{"command":"touch /scratch/work/created.txt","description":"fake tool call"}}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12527,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0},"context_management":null},"parent_tool_use_id":null,"session_id":"eeba4bca-845e-445e-b712-f4dc724bf5d5","uuid":"5bd636a6-669a-4024-acda-8fe6f078093a","timestamp":"2026-11-27T05:00:00.192Z","request_id":"req_fake_b926cb36ee8c46b8918e"}`
	permissionDenied     = `{"type":"system","subtype":"permission_denied","tool_name":"Bash","tool_use_id":"toolu_fake_7345c6425c6743d4","message":"touch in '/scratch/work/created.txt' needs approval. The path is inside the working directories for this session ('/scratch/work'), and Claude Code asks before a shell command creates, changes or removes files there.","uuid":"0090229e-…","session_id":"eeba4bca-845e-445e-b712-f4dc724bf5d5"}`
	userToolResultDenied = `{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"touch in '/scratch/work/created.txt' needs approval. …","is_error":true,"tool_use_id":"toolu_fake_7345c6425c6743d4"}]},"parent_tool_use_id":null,"session_id":"eeba4bca-…","uuid":"797d3e2b-…","timestamp":"2026-11-27T05:00:00.264Z","tool_use_result":"Error: touch in '/scratch/work/created.txt' needs approval. …","tool_result_meta":[{"id":"toolu_fake_7345c6425c6743d4","non_execution_kind":"user-rejected","permission_decision":{"decision":"reject","source":"config"}}]}`
	userToolResult       = `{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_fake_d3cbfd5ecbe042fc","type":"tool_result","content":"hi-from-tool","is_error":false}]},"parent_tool_use_id":null,"session_id":"f29c61da-…","uuid":"3cf475de-…","timestamp":"2026-11-27T04:59:53.860Z","tool_use_result":{"stdout":"hi-from-tool","stderr":"","interrupted":false,"isImage":false,"noOutputExpected":false},"tool_result_meta":[{"id":"toolu_fake_d3cbfd5ecbe042fc","permission_decision":{"decision":"accept","source":"config","reason_type":"subcommandResults"}}]}`
	assistantAPIError    = `{"type":"assistant","message":{"diagnostics":null,"id":"3e20f5cf-…","container":null,"model":"<synthetic>","role":"assistant","stop_details":null,"stop_reason":"stop_sequence","stop_sequence":"","type":"message","usage":{"input_tokens":0,"output_tokens":0,"…":"…"},"content":[{"type":"text","text":"API Error: 529 Overloaded. …"}],"context_management":null},"parent_tool_use_id":null,"session_id":"882e8480-…","uuid":"e4969999-…","timestamp":"2026-11-27T05:05:02.575Z","error":"server_error","request_id":"req_fake_0a8df37667884e3eb9ee","is_api_error_message":true,"api_error_status":529,"api_error_type":"overloaded_error"}`
	streamEvent          = `{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"echo: aaaaaaaaaa"}},"session_id":"3ef5a12d-…","parent_tool_use_id":null,"uuid":"c1ea44dd-…","api_message_id":"msg_fake_affbf1649cf34cf1908a"}`
	resultAPIError       = `{"type":"result","subtype":"success","is_error":true,"api_error_status":529,"api_error_type":"overloaded_error","result":"API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:8787).","terminal_reason":"api_error","stop_reason":"stop_sequence","num_turns":1,"session_id":"05a0d899-6366-4e0f-a6d5-b2e83f165de1","total_cost_usd":0,"duration_ms":1561,"duration_api_ms":0,"permission_denials":[]}`
	resultSuccess        = `{"type":"result","subtype":"success","is_error":false,"duration_api_ms":37,"stop_reason":"end_turn","session_id":"54889465-91e7-4f18-97fe-cb110b079523","total_cost_usd":0.050256,"usage":{"input_tokens":12514,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":10},"permission_denials":[{"tool_name":"Bash","tool_use_id":"toolu_fake_7345c6425c6743d4","tool_input":{"command":"touch x"}}],"terminal_reason":"completed","num_turns":1,"api_error_status":null,"result":"echo: hello"}`
	resultMaxTurns       = `{"type":"result","subtype":"error_max_turns","is_error":true,"terminal_reason":"max_turns","errors":["Reached maximum number of turns (1)"],"stop_reason":"tool_use","session_id":"s"}`
	resultBudget         = `{"type":"result","subtype":"error_max_budget_usd","is_error":true,"terminal_reason":"budget_exhausted","result":null,"errors":["Reached maximum budget ($0.01)"]}`
	resultInterrupted    = `{"type":"result","subtype":"error_during_execution","is_error":true,"terminal_reason":"aborted_tools","result":null,"errors":["[ede_diagnostic] …"]}`
	userInterrupted      = `{"type":"user","message":{"role":"user","content":[{"type":"text","text":"[Request interrupted by user]"}]},"session_id":"s"}`
)

// fuzzMaxLine turns the fuzzer's limit into a small line bound, 1 to 4096 bytes.
func fuzzMaxLine(limit uint16) int { return 1 + int(limit)%4096 }

// FuzzStreamDecode feeds arbitrary bytes as the CLI's stdout through the line reader and the stream decoder, then
// classifies what they saw as Run does. It checks that nothing panics or blocks; that the line reader gives back the
// input's lines exactly, none longer than the bound, and stops with a lineTooLongError at the first longer one; that
// the decoder hands on exactly the non-blank lines up to the first bad one, reports a bad stream once, and keeps the
// last result and session id; and that the outcome is one a result line, a broken stream or the exit status implies.
func FuzzStreamDecode(f *testing.F) {
	exited0, exited1 := exitStates(f)
	session := strings.Join([]string{systemInit, assistantToolUse, permissionDenied, userToolResultDenied,
		userToolResult, resultSuccess}, "\n") + "\n"
	seeds := []struct {
		data  string
		limit uint16
	}{
		{session, 2048},
		{session, 600},                   // the init line is too long
		{session[:len(session)-1], 4095}, // no final newline
		{systemInit + "\n" + assistantAPIError + "\n" + resultAPIError + "\n", 2048},
		{systemInit + "\n" + streamEvent + "\n" + resultMaxTurns + "\n", 2048},
		{systemInit + "\n" + resultBudget, 2048},
		{systemInit + "\n" + userToolResult + "\n" + resultInterrupted + "\n", 2048},
		{systemInit + "\n" + userInterrupted + "\n", 2048}, // SIGINT while waiting: no result
		{resultSuccess + "\n" + assistantToolUse + "\n", 2048},
		{resultSuccess + "\n" + resultMaxTurns + "\n", 2048}, // the last result wins
		{systemInit[:300], 2048},                             // truncated JSON
		{systemInit + "\n" + resultSuccess[:100] + "\n", 2048},
		{"\n\n  \r\n\t\n" + permissionDenied + "\r\n", 2048},
		{`{"type":"system"}`, 16},                                // exactly the bound
		{`{"type":"system"}` + "\n", 15},                         // one over
		{strings.Repeat("x", 5000) + "\n" + resultSuccess, 4095}, // a huge line: over any bound
		{`{"type":"assistant","message":{"content":"\xff\xfe"},"session_id":"\xc3"}` + "\n", 2048},
		{"\xff\xfe\xfd\n", 2048},
		{`{"type":""}`, 64},
		{`{"subtype":"init"}`, 64},
		{`[1,2]`, 64},
		{`null`, 64},
		{`{"type":"result","is_error":"yes"}`, 64},
		{`{"type":"result","num_turns":1e99,"duration_api_ms":1e308}`, 128},
		{`{"type":1}`, 64},
		{"", 0},
		{"\n", 0},
	}
	for i, s := range seeds {
		f.Add([]byte(s.data), s.limit, i%2 == 1)
	}
	f.Fuzz(func(t *testing.T, data []byte, limit uint16, failed bool) {
		maxLine := fuzzMaxLine(limit)
		lines, tooLong := splitLines(data, maxLine)
		checkLineReader(t, data, maxLine, lines, tooLong)
		state := exited0
		if failed {
			state = exited1
		}
		checkStream(t, data, maxLine, lines, tooLong, state)
	})
}

// exitStates runs two real processes, one exiting 0 and one exiting 1, for classify.
func exitStates(tb testing.TB) (exited0, exited1 *os.ProcessState) {
	tb.Helper()
	ok := exec.Command("sh", "-c", "exit 0")
	if err := ok.Run(); err != nil {
		tb.Fatal(err)
	}
	bad := exec.Command("sh", "-c", "exit 1")
	if err := bad.Run(); err == nil {
		tb.Fatal("sh -c 'exit 1' succeeded")
	}
	return ok.ProcessState, bad.ProcessState
}

// splitLines is the reference the line reader is checked against: the lines of data, split at "\n", up to the first
// longer than maxLine (tooLong then tells that there was one). A last line without "\n" counts; nothing after a
// final "\n" does.
func splitLines(data []byte, maxLine int) (lines [][]byte, tooLong bool) {
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		if len(line) > maxLine {
			return lines, true
		}
		lines, data = append(lines, line), rest
	}
	return lines, false
}

// checkLineReader fails t unless lineReader yields exactly lines, then a lineTooLongError when tooLong, else io.EOF.
func checkLineReader(t *testing.T, data []byte, maxLine int, lines [][]byte, tooLong bool) {
	t.Helper()
	lr := newLineReader(bytes.NewReader(data), maxLine)
	var got [][]byte
	var err error
	for {
		var line []byte
		if line, err = lr.next(); err != nil {
			break
		}
		if len(line) > maxLine {
			t.Fatalf("line of %d bytes, bound %d", len(line), maxLine)
		}
		if bytes.IndexByte(line, '\n') >= 0 {
			t.Fatalf("line %q holds a newline", line)
		}
		got = append(got, line)
	}
	var tl *lineTooLongError
	switch {
	case tooLong && !errors.As(err, &tl):
		t.Fatalf("end of stream %v, want a lineTooLongError", err)
	case !tooLong && err != io.EOF:
		t.Fatalf("end of stream %v, want io.EOF", err)
	case tooLong && tl.max != maxLine:
		t.Fatalf("lineTooLongError max %d, want %d", tl.max, maxLine)
	}
	if !reflect.DeepEqual(got, lines) && (len(got) != 0 || len(lines) != 0) {
		t.Fatalf("lines %q, want %q", got, lines)
	}
}

// checkStream reads data with stream.read, checks what it saw against lines (the input's lines within the bound), then
// classifies the run as exiting with state.
func checkStream(t *testing.T, data []byte, maxLine int, lines [][]byte, tooLong bool, state *os.ProcessState) {
	t.Helper()
	var (
		s        stream
		events   []Event
		activity = make(chan struct{}, 1)
		broken   = make(chan error, 2) // room for a second report, which would be a bug, so that it cannot block
	)
	s.read(bytes.NewReader(data), maxLine, func(e Event) { events = append(events, e) }, activity, broken)

	// What read should have seen: the non-blank lines up to the first that is not an event, the last session id and
	// result among them, and why it stopped early, if it did.
	var (
		wantRaw     [][]byte
		wantSession string
		wantResult  *wireResult
		wantBroken  = tooLong
		badLine     bool
	)
	for _, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		ev, res, err := parseEvent(line)
		if err != nil {
			wantBroken, badLine = true, true
			break
		}
		wantRaw = append(wantRaw, line)
		if ev.SessionID != "" {
			wantSession = ev.SessionID
		}
		if res != nil {
			wantResult = res
		}
	}

	if len(events) != len(wantRaw) {
		t.Fatalf("%d events, want %d", len(events), len(wantRaw))
	}
	for i, ev := range events {
		if !bytes.Equal(ev.Raw, wantRaw[i]) {
			t.Fatalf("event %d raw %q, want line %q", i, ev.Raw, wantRaw[i])
		}
		if len(ev.Raw) > maxLine || !json.Valid(ev.Raw) || ev.Type == "" {
			t.Fatalf("event %d: type %q, %d-byte raw (bound %d), valid JSON %v", i, ev.Type, len(ev.Raw), maxLine,
				json.Valid(ev.Raw))
		}
	}
	if (len(activity) == 1) != (len(lines) > 0) {
		t.Errorf("activity poked %v, want %v (%d lines read)", len(activity) == 1, len(lines) > 0, len(lines))
	}
	if s.sessionID != wantSession {
		t.Errorf("session id %q, want %q", s.sessionID, wantSession)
	}
	if !reflect.DeepEqual(s.result, wantResult) {
		t.Errorf("result %+v, want %+v", s.result, wantResult)
	}
	if (s.broken != nil) != wantBroken {
		t.Fatalf("broken %v, want broken %v", s.broken, wantBroken)
	}
	var tl *lineTooLongError
	if s.broken != nil && errors.As(s.broken, &tl) == badLine {
		t.Errorf("broken by %v, want too long %v", s.broken, !badLine)
	}
	wantReports := 0
	if s.broken != nil {
		wantReports = 1
	}
	if len(broken) != wantReports {
		t.Errorf("%d reports on the broken channel, want %d", len(broken), wantReports)
	}

	checkClassify(t, &s, state)
}

// resultOutcomes are the outcomes a result line can give.
var resultOutcomes = []Outcome{OutcomeOK, OutcomeAPIError, OutcomeMaxTurns, OutcomeBudget, OutcomeCancelled, OutcomeFailed}

// checkClassify fails t unless classify gives s, from a process that exited with state, a known outcome that fits.
func checkClassify(t *testing.T, s *stream, state *os.ProcessState) {
	t.Helper()
	res := classify(facts{result: s.result, sessionID: s.sessionID, broken: s.broken, state: state})
	if res.Outcome.String() == "unknown" {
		t.Fatalf("outcome %d is not a known outcome", res.Outcome)
	}
	if res.ExitCode != state.ExitCode() {
		t.Errorf("exit code %d, want %d", res.ExitCode, state.ExitCode())
	}
	if (res.Err == nil) != (res.Outcome == OutcomeOK) {
		t.Errorf("outcome %s with error %v: want an error exactly when not ok", res.Outcome, res.Err)
	}
	switch {
	case s.result != nil:
		found := false
		for _, o := range resultOutcomes {
			found = found || o == res.Outcome
		}
		if !found {
			t.Errorf("a result line gave outcome %s, want one of %v", res.Outcome, resultOutcomes)
		}
		wantID := s.result.SessionID
		if wantID == "" {
			wantID = s.sessionID
		}
		if res.SessionID != wantID {
			t.Errorf("session id %q, want %q", res.SessionID, wantID)
		}
	case s.broken != nil:
		if res.Outcome != OutcomeCrash || !errors.Is(res.Err, s.broken) {
			t.Errorf("broken stream gave %s (%v), want crash wrapping %v", res.Outcome, res.Err, s.broken)
		}
	case state.ExitCode() == 0:
		if res.Outcome != OutcomeCancelled {
			t.Errorf("exit 0 without a result gave %s, want cancelled", res.Outcome)
		}
	default:
		if res.Outcome != OutcomeCrash {
			t.Errorf("exit %d without a result gave %s, want crash", state.ExitCode(), res.Outcome)
		}
	}
}
