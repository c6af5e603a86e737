package claude

import "github.com/google/uuid"

// ValidSessionID reports whether id is a UUID in canonical form: 36 characters, lower-case hex,
// hyphens at 8-4-4-4-12. Only such ids reach --resume or --session-id (any other string could
// match a session title).
func ValidSessionID(id string) bool {
	if len(id) != 36 {
		return false
	}
	u, err := uuid.Parse(id)
	return err == nil && u.String() == id
}
