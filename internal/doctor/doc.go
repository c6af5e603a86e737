// Package doctor checks that a coordinator installation can work: its configuration, its store, the Claude CLI, the
// project directories and the Discord token, and optionally runs one tiny Claude turn (the canary).
//
// # Report
//
// Run returns a Report: one Check per line, each with a Status (ok, warn or FAIL), the thing checked and a detail
// meant for a person. A warn is something to look at that does not stop the daemon (a store locked by the running
// daemon, an untested CLI version, no DISCORD_TOKEN in the doctor's own environment); a FAIL is something that will.
// Report.Failed reports whether any check failed.
//
// # Side effects
//
// The checks change nothing they find in place, with two exceptions that the daemon itself would make on start:
// an existing store file of an older schema is migrated when it is opened, and the canary runs a real turn (it costs
// a few cents with the real CLI) in a throwaway working directory that is removed afterwards. A missing store file is
// not created: its nearest existing parent directory is checked instead. The Discord check sends one GET users/@me
// to the configured REST base URL. The token goes only to that request, never to a child process or a detail.
package doctor
