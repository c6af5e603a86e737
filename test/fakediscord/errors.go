package fakediscord

import "net/http"

// apiError is a Discord JSON error: {"code", "message", "errors"}.
type apiError struct {
	status  int
	code    int
	message string
	errors  map[string]any
}

// body is the JSON Discord answers with.
func (e *apiError) body() map[string]any {
	b := map[string]any{"code": e.code, "message": e.message}
	if e.errors != nil {
		b["errors"] = e.errors
	}
	return b
}

// Discord error codes the server answers with.
const (
	codeUnknownChannel      = 10003
	codeUnknownMessage      = 10008
	codeUnknownEmoji        = 10014
	codeUnknownWebhook      = 10015
	codeUnknownInteraction  = 10062
	codeCannotEditOther     = 50005
	codeEmptyMessage        = 50006
	codeInvalidFormBody     = 50035
	codeAlreadyAcknowledged = 40060
	codeEntityTooLarge      = 40005
)

func errUnknownChannel() *apiError {
	return &apiError{status: http.StatusNotFound, code: codeUnknownChannel, message: "Unknown Channel"}
}

func errUnknownMessage() *apiError {
	return &apiError{status: http.StatusNotFound, code: codeUnknownMessage, message: "Unknown Message"}
}

func errUnknownWebhook() *apiError {
	return &apiError{status: http.StatusNotFound, code: codeUnknownWebhook, message: "Unknown Webhook"}
}

func errUnknownInteraction() *apiError {
	return &apiError{status: http.StatusNotFound, code: codeUnknownInteraction, message: "Unknown interaction"}
}

func errAlreadyAcknowledged() *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeAlreadyAcknowledged,
		message: "Interaction has already been acknowledged."}
}

func errEmptyMessage() *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeEmptyMessage, message: "Cannot send an empty message"}
}

func errCannotEditOther() *apiError {
	return &apiError{status: http.StatusForbidden, code: codeCannotEditOther,
		message: "Cannot edit a message authored by another user"}
}

func errNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, code: 0, message: "404: Not Found"}
}

func errMethodNotAllowed() *apiError {
	return &apiError{status: http.StatusMethodNotAllowed, code: 0, message: "405: Method Not Allowed"}
}

func errUnauthorized() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: 0, message: "401: Unauthorized"}
}

func errTooLarge() *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, code: codeEntityTooLarge, message: "Request entity too large"}
}

// errForm is a 400 50035 "Invalid Form Body" whose errors object nests the field path, as Discord's does:
// errForm([]string{"components", "0", "custom_id"}, "BASE_TYPE_REQUIRED", "This field is required").
func errForm(path []string, code, message string) *apiError {
	var inner any = map[string]any{"_errors": []any{map[string]any{"code": code, "message": message}}}
	for i := len(path) - 1; i >= 0; i-- {
		inner = map[string]any{path[i]: inner}
	}
	errs, _ := inner.(map[string]any)
	return &apiError{status: http.StatusBadRequest, code: codeInvalidFormBody, message: "Invalid Form Body", errors: errs}
}
