// Package deps pins the module's chosen libraries until the packages that use them land.
// Delete it once every import below is made by real code.
package deps

import (
	_ "github.com/asynkron/protoactor-go/actor"
	_ "github.com/diamondburned/arikawa/v3/discord"
	_ "github.com/google/uuid"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/rs/zerolog"
	_ "go.etcd.io/bbolt"
	_ "go.uber.org/goleak"
	_ "go.yaml.in/yaml/v3"
)
