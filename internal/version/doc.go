// Package version identifies a coordinator build: its release version, the commit it was built from,
// the Go toolchain, and the Claude Code CLI version it was tested with.
//
// # Stamping
//
// A release build sets Version and Commit with the linker:
//
//	go build -trimpath -ldflags "-X github.com/discord-coordinator/coordinator/internal/version.Version=v1.2.0 \
//	    -X github.com/discord-coordinator/coordinator/internal/version.Commit=$(git rev-parse HEAD)" ./cmd/coordinator
//
// (`task release` does this.) A build that is not stamped still identifies itself: Get falls back to the
// module version that `go install …@v1.2.0` records, and to the VCS revision, time and modified flag that
// `go build` records in a git checkout (runtime/debug.ReadBuildInfo).
package version
