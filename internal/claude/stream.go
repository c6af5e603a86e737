package claude

import (
	"bytes"
	"io"
)

// stream reads the CLI's stdout. Its fields are written only by read and may be read once read
// has returned.
type stream struct {
	result    *wireResult // the last result line
	sessionID string      // the last session_id seen
	broken    error       // why the output could not be used, if it could not
}

// read decodes r line by line until EOF or a read error, hands every event to onEvent, and
// pokes activity (non-blocking) for every line. On a line that is too long or not an event it
// sends the error to broken once and then discards the rest of r, so the child never blocks on
// a full pipe.
func (s *stream) read(r io.Reader, maxLine int, onEvent func(Event), activity chan<- struct{}, broken chan<- error) {
	lr := newLineReader(r, maxLine)
	for {
		line, err := lr.next()
		if err != nil {
			if _, ok := err.(*lineTooLongError); ok {
				s.fail(err, broken, lr.r)
			}
			return
		}
		select {
		case activity <- struct{}{}:
		default:
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		ev, res, err := parseEvent(line)
		if err != nil {
			s.fail(err, broken, lr.r)
			return
		}
		if ev.SessionID != "" {
			s.sessionID = ev.SessionID
		}
		if res != nil {
			s.result = res
		}
		if onEvent != nil {
			onEvent(ev)
		}
	}
}

// fail records err, reports it on broken and drains rest until it ends.
func (s *stream) fail(err error, broken chan<- error, rest io.Reader) {
	s.broken = err
	broken <- err // buffered for the one send
	_, _ = io.Copy(io.Discard, rest)
}
