// Package app is coordinator's composition root: the only package that knows every other one.
// It opens the store, builds the Claude runner and the actor system from the configuration,
// bridges protoactor's OpenTelemetry metrics into the Prometheus registry, and serves /metrics,
// /healthz and /readyz, and GET /backup on the owner-only unix socket AdminSocketPath beside the store. Tests start it in-process with a temporary store and a ":0" address.
package app
