package fakediscord

import (
	"strconv"
	"time"
)

// discordEpoch is 2015-01-01T00:00:00Z in Unix milliseconds.
const discordEpoch = 1420070400000

// snowflakes hands out strictly increasing snowflakes derived from the clock, like Discord's.
type snowflakes struct{ last uint64 }

// next returns a snowflake for now, greater than every one returned before.
func (g *snowflakes) next(now time.Time) string {
	id := uint64(now.UnixMilli()-discordEpoch) << 22
	if id <= g.last {
		id = g.last + 1
	}
	g.last = id
	return strconv.FormatUint(id, 10)
}

// snowflakeLess orders two decimal snowflakes numerically.
func snowflakeLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
