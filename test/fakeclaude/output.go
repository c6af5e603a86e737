package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
)

// output serialises writes to stdout: one Write per line, never interleaved.
type output struct {
	mu sync.Mutex
	w  io.Writer
}

// encodeLine renders v as one JSON line without HTML escaping, like JSON.stringify.
func encodeLine(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("fakeclaude: encode output: %v", err)) // only plain maps and slices are encoded
	}
	return buf.Bytes()
}

// line writes v as one JSON line.
func (o *output) line(v any) { o.write(encodeLine(v)) }

// text writes s as is.
func (o *output) text(s string) { o.write([]byte(s)) }

func (o *output) write(b []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.w.Write(b) // a closed stdout is the reader's business; the run carries on like the real CLI
}

// lineThen writes v and runs then while still holding stdout, so that a last word
// written by lastWord sees either both or neither.
func (o *output) lineThen(v any, then func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.w.Write(encodeLine(v))
	then()
}

// lastWord takes stdout for good and lets f write a final line; the caller exits next.
// It gives up after wait, so that a reader that stopped reading cannot hold the exit.
func (o *output) lastWord(wait time.Duration, f func(w io.Writer)) {
	done := make(chan struct{})
	go func() { // never unlocks: nothing may be written after the last word
		o.mu.Lock()
		f(o.w)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(wait):
	}
}

// emitter routes events by output format: stream-json prints each line, json --verbose
// collects them into one array printed with the result, json and text print only the result.
type emitter struct {
	out      *output
	format   string
	verbose  bool
	buffered []any
}

// eventThen emits ev, then runs then; with stream-json both happen under the stdout lock.
func (e *emitter) eventThen(ev obj, then func()) {
	if e.format == "stream-json" {
		e.out.lineThen(ev, then)
		return
	}
	e.event(ev)
	then()
}

// event emits one non-result event.
func (e *emitter) event(ev obj) {
	switch {
	case e.format == "stream-json":
		e.out.line(ev)
	case e.format == "json" && e.verbose:
		e.buffered = append(e.buffered, ev)
	}
}

// result emits the result object; text is what --output-format text prints instead.
func (e *emitter) result(res obj, text string) {
	switch e.format {
	case "stream-json":
		res["model_usage_since_last_result"] = res["modelUsage"]
		e.out.line(res)
	case "json":
		if e.verbose {
			e.out.line(append(e.buffered, res))
			return
		}
		e.out.line(res)
	default:
		e.out.text(text + "\n")
	}
}
