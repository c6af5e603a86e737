// Package store keeps the coordinator's durable state, each channel's Claude session and a
// bounded run log, in one bbolt file.
//
// # Files and locking
//
// Open creates the parent directory (0700) and the file (0600) when they are missing. bbolt holds
// an exclusive flock on the file while a Store is open, so a second Open of the same path, from
// another process or from this one, fails after Options.Timeout with an error that wraps ErrInUse
// ("store PATH is in use by another coordinator") instead of waiting for ever. A file that is not a
// bbolt database gives an error naming the path; it is never overwritten.
//
// A Store is safe for concurrent use. Close is idempotent; every other method fails after it.
//
// # Backup and Verify
//
// Backup copies the whole file from one read transaction (bbolt's Tx.WriteTo): a consistent
// snapshot while other goroutines keep writing. A write that must grow the file's memory map
// waits until the copy ends, so copy to a local file, not over a slow link. Verify opens any file
// read-only, runs bbolt's consistency check and the schema checks of Open without changing the
// file, and counts its records; it is how a backup is checked before it is kept or restored.
//
// # Schema (version 1)
//
// The file holds these top-level buckets:
//
//	meta              "schema_version" -> uint64, 8 bytes big-endian (currently 1)
//	sessions          channel id -> JSON Session
//	runs              channel id -> nested bucket: run key -> JSON Run
//	channel_projects  channel id -> JSON ChannelProject (channels mapped at run time by /add-project)
//	journal           message id -> JSON JournalEntry (accepted mentions: accepted, started, done)
//	spend             "<project>|<YYYY-MM-DD>" and "<project>|<YYYY-MM>" -> float64 USD, 8 bytes
//	                  big-endian IEEE 754 bits (a project's spend per UTC day and per UTC month)
//
// Buckets are created when missing, so a bucket added within a schema version (channel_projects,
// journal and spend were) appears in older files on their next Open; an older coordinator ignores it.
//
// A run key is 16 bytes: the run's Start as UnixNano (uint64, big-endian) followed by the nested
// bucket's NextSequence (uint64, big-endian), so keys sort by start time and runs with equal start
// times keep their append order. Starts before the Unix epoch are refused. AppendRun keeps at most
// Options.MaxRunsPerChannel runs per channel, deleting the oldest. DeleteSession leaves the run log
// in place: it is history, not session state.
//
// AddSpend adds an amount to both spend keys of a project at a time (taken in UTC); RecordRun adds
// the run's CostUSD to the spend of its Session.Project, at the run's end (Start + Duration), in
// the same transaction that records the run, so a finished run is counted exactly once. Spend keys
// are never deleted: a day costs two small keys per project.
//
// Values are JSON objects with the snake_case field names given by the struct tags of Session and
// Run. Times are RFC 3339 with nanoseconds, Run.Duration is an integer number of nanoseconds
// ("duration_ns"). Readers ignore unknown fields, so a newer coordinator of the same schema version
// may add fields without breaking an older one; removing or changing the meaning of a field needs
// a new schema version.
//
// # Versioning
//
// Opening a file with no buckets (new or empty) creates the buckets and writes the current version.
// Opening a file with an older version runs the migrations from that version to the current one,
// each a func(*bbolt.Tx) error that moves the data from version N to N+1, all in the one write
// transaction that also records the new version: a failed migration leaves the file as it was.
// A file whose version is newer than this code understands is refused with an error that wraps
// ErrNewerSchema and is left untouched. A bbolt file without a meta bucket but with other buckets
// belongs to something else and is refused.
package store
