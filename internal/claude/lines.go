package claude

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// lineReader splits a stream into lines of at most max bytes (without the newline), holding
// at most max bytes of one line plus one read buffer.
type lineReader struct {
	r   *bufio.Reader
	max int
}

// lineTooLongError is returned by lineReader.next for a line longer than max bytes.
type lineTooLongError struct{ max int }

// Error says which limit the line exceeded.
func (e *lineTooLongError) Error() string {
	return fmt.Sprintf("output line exceeds %d bytes", e.max)
}

// newLineReader returns a lineReader on r.
func newLineReader(r io.Reader, limit int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, min(limit+1, 64<<10)), max: limit}
}

// next returns the next line without its "\n" in a fresh slice. A last line without a newline
// is returned too; after it, next returns io.EOF. A line over max bytes gives a
// *lineTooLongError (the rest of the stream is then unusable).
func (l *lineReader) next() ([]byte, error) {
	var line []byte
	for {
		chunk, err := l.r.ReadSlice('\n')
		line = append(line, chunk...)
		size := len(line)
		if err == nil {
			size-- // the newline
		}
		if size > l.max {
			return nil, &lineTooLongError{max: l.max}
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return line, nil
		default:
			return nil, err
		}
	}
}
