// Command printversion prints version.String(); TestReleaseStamp builds it with the release -ldflags.
package main

import (
	"fmt"

	"github.com/discord-coordinator/coordinator/internal/version"
)

func main() { fmt.Println(version.String()) }
