package store

import "errors"

var (
	// ErrInUse means another Store (in this or another process) holds the file's lock.
	ErrInUse = errors.New("store is in use by another coordinator")
	// ErrNewerSchema means the file was written by a coordinator with a newer schema version.
	ErrNewerSchema = errors.New("store schema is newer than this coordinator")
)

// pathError is an error with a message of its own that still matches a sentinel (kind) and the
// underlying cause with errors.Is.
type pathError struct {
	msg   string
	kind  error
	cause error
}

func (e *pathError) Error() string { return e.msg }

func (e *pathError) Unwrap() []error {
	errs := []error{e.kind}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	return errs
}
