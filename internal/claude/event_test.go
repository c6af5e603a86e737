package claude

import (
	"fmt"
	"slices"
	"testing"
)

func TestParseEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line   string
		ok     bool
		typ    string
		text   string
		tools  []string
		result bool
	}{
		{`{"type":"system","subtype":"init","session_id":"s"}`, true, "system", "", nil, false},
		{`{"type":"assistant","message":{"content":[{"type":"text","text":"a"},{"type":"tool_use","id":"t1","name":"Read","input":{}},{"type":"text","text":"b"}]}}`,
			true, "assistant", "a\nb", []string{"Read"}, false},
		{`{"type":"assistant","message":{"content":"plain"}}`, true, "assistant", "", nil, false},
		{`{"type":"system","subtype":"permission_denied","message":"needs approval","tool_name":"Bash"}`, true, "system", "", nil, false},
		{`{"type":"result","subtype":"success","is_error":false,"result":"r","api_error_status":null}`, true, "result", "", nil, true},
		{`{"type":"assistant",`, false, "", "", nil, false},
		{`{"subtype":"init"}`, false, "", "", nil, false},
		{`[1,2]`, false, "", "", nil, false},
		{`"text"`, false, "", "", nil, false},
	}
	for _, tc := range tests {
		ev, res, err := parseEvent([]byte(tc.line))
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v, want ok %v", tc.line, err, tc.ok)
			continue
		}
		var tools []string
		for _, u := range ev.ToolUses {
			tools = append(tools, u.Name)
		}
		if ev.Type != tc.typ || ev.Text != tc.text || !slices.Equal(tools, tc.tools) || (res != nil) != tc.result {
			t.Errorf("%s: event %+v result %v", tc.line, ev, res != nil)
		}
	}
}

// TestRunEventOrder: OnEvent sees every line, in output order, before Run returns.
func TestRunEventOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	var texts []string
	res := h.run(t.Context(), Request{Prompt: "fake:stream=30,1ms", OnEvent: func(e Event) {
		if e.Type == "assistant" {
			texts = append(texts, e.Text)
		}
	}})
	if res.Outcome != OutcomeOK || len(texts) != 31 {
		t.Fatalf("outcome %s with %d assistant events, want ok and 31", res.Outcome, len(texts))
	}
	for i, txt := range texts[:30] {
		if want := fmt.Sprintf("fake stream event %d", i+1); txt != want {
			t.Fatalf("assistant event %d = %q, want %q", i, txt, want)
		}
	}
	if texts[30] != res.Text {
		t.Errorf("last assistant event %q, want the result text %q", texts[30], res.Text)
	}
}
