package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/discord-coordinator/coordinator/store"
)

// AdminSocketName is the file name of the admin socket, in the store file's directory.
const AdminSocketName = "admin.sock"

// AdminSocketPath is the unix socket on which a running daemon serves its local admin endpoint
// (GET /backup): admin.sock beside the store file. The store directory is 0700 and the socket
// 0600, so only the daemon's user reaches it.
func AdminSocketPath(storePath string) string {
	return filepath.Join(filepath.Dir(storePath), AdminSocketName)
}

// adminHandler serves GET /backup: a consistent copy of the store file.
func adminHandler(st *store.Store, log zerolog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, _ *http.Request) {
		start := time.Now()
		w.Header().Set("Content-Type", "application/octet-stream")
		n, err := st.Backup(w)
		if err != nil {
			log.Error().Err(err).Int64("bytes", n).Msg("backup failed")
			if n == 0 {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			panic(http.ErrAbortHandler) // cut the connection: the client sees a broken copy, not a short one
		}
		log.Info().Int64("bytes", n).Dur("duration", time.Since(start)).Msg("backup served")
	})
	return mux
}

// startAdmin serves the admin endpoint for st next to its file. The daemon runs without it
// when the socket cannot be made (the backup command then says so); it holds the store's
// lock, so a socket file already there is a stale one from a daemon that died, and is removed.
func (a *App) startAdmin(st *store.Store) {
	path := AdminSocketPath(st.Path())
	srv, err := listenAdmin(path, adminHandler(st, a.log))
	if err != nil {
		a.log.Warn().Err(err).Msg("admin socket not served: `coordinator backup` cannot copy the store while the daemon runs")
		return
	}
	a.set(func() { a.admin = srv })
	a.log.Info().Str("socket", path).Msg("serving the admin endpoint (GET /backup)")
}

// stopAdmin stops the admin endpoint, if it runs, and removes its socket.
func (a *App) stopAdmin(ctx context.Context) error {
	a.mu.Lock()
	srv := a.admin
	a.admin = nil
	a.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.stop(ctx)
}

// listenAdmin listens on a fresh unix socket at path, readable by the owner only, and serves h.
// Stopping it closes the listener, which removes the socket file.
func listenAdmin(path string, h http.Handler) (*server, error) {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove stale admin socket %s: %w", path, err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen on admin socket %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("admin socket %s: %w", path, err)
	}
	return serve(ln, h, "admin server on "+path), nil
}
