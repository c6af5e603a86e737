package actors

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/rs/zerolog"
)

// InboxDir is the folder, inside a project's dir, that holds one folder per run with the files attached to its
// message. A run's folder is named after its message id and removed when the run ends.
const InboxDir = ".coordinator-inbox"

// ErrAttachmentTooLarge is the error of a download longer than its byte limit.
var ErrAttachmentTooLarge = errors.New("attachment larger than the limit")

// maxNameBytes bounds a sanitized file name, well under every file system's limit.
const maxNameBytes = 120

// inbox is a run's attachment folder and the prompt note that names its files.
type inbox struct {
	dir  string // "" when there is nothing to remove
	note string // appended to the prompt
}

// fetchAttachments downloads m's attachments into the folder id (see inboxID) of projectDir's inbox and returns
// it with the note for the prompt. It runs in the run goroutine: downloads never block the channel actor's mailbox.
func (s *System) fetchAttachments(ctx context.Context, log zerolog.Logger, projectDir, id string, m *Inbound) inbox {
	if len(m.Attachments) == 0 && m.DroppedAttachments == 0 {
		return inbox{}
	}
	var box inbox
	var got, skipped []string
	switch {
	case len(m.Attachments) == 0:
	case s.opts.Fetcher == nil:
		for _, a := range m.Attachments {
			skipped = append(skipped, sanitizeName(a.Name)+" (downloads are off)")
		}
	default:
		dir, err := makeRunFolder(projectDir, InboxDir, id)
		if err != nil {
			log.Error().Err(err).Int("attachments", len(m.Attachments)).Msg("attachments: inbox not created, files not downloaded")
			for _, a := range m.Attachments {
				skipped = append(skipped, sanitizeName(a.Name)+" (download failed)")
			}
			break
		}
		box.dir = dir
		got, skipped = s.downloadAll(ctx, log, dir, m.Attachments)
		if len(got) > 0 {
			box.note = fmt.Sprintf("\n\nAttached files (in ./%s/%s/): %s", InboxDir, id, strings.Join(got, ", "))
		}
	}
	if len(skipped) > 0 {
		box.note += "\n\nAttached files not downloaded: " + strings.Join(skipped, ", ")
	}
	if m.DroppedAttachments > 0 {
		box.note += fmt.Sprintf("\n\n%d more attached file(s) were ignored: too many files in one message.", m.DroppedAttachments)
	}
	log.Info().Int("attachments", len(m.Attachments)).Int("downloaded", len(got)).Int("skipped", len(skipped)).
		Int("dropped", m.DroppedAttachments).Msg("attachments")
	return box
}

// downloadAll downloads each attachment into dir under a sanitized, unique name. It returns the names
// downloaded and the skipped ones with the reason.
func (s *System) downloadAll(ctx context.Context, log zerolog.Logger, dir string, atts []Attachment) (got, skipped []string) {
	limit := s.opts.MaxAttachmentBytes
	taken := make(map[string]bool, len(atts))
	for i, a := range atts {
		name := uniqueName(sanitizeName(a.Name), taken)
		if a.Size > limit {
			skipped = append(skipped, fmt.Sprintf("%s (larger than %d bytes)", name, limit))
			continue
		}
		err := s.download(ctx, filepath.Join(dir, name), a.URL, limit)
		switch {
		case errors.Is(err, ErrAttachmentTooLarge):
			skipped = append(skipped, fmt.Sprintf("%s (larger than %d bytes)", name, limit))
		case err != nil:
			log.Warn().Err(err).Int("attachment", i).Msg("attachment download failed")
			skipped = append(skipped, name+" (download failed)")
		default:
			got = append(got, name)
		}
	}
	return got, skipped
}

// download writes one file, enforcing the limit while it streams; a failed download leaves no file.
func (s *System) download(ctx context.Context, file, url string, limit int64) error {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create attachment file: %w", err)
	}
	w := &limitWriter{f: f, left: limit}
	err = s.opts.Fetcher.Fetch(ctx, url, w, limit)
	if w.over {
		err = ErrAttachmentTooLarge
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write attachment file: %w", cerr)
	}
	if err != nil {
		_ = os.Remove(file)
	}
	return err
}

// limitWriter fails a write that would go past its limit.
type limitWriter struct {
	f    *os.File
	left int64
	over bool
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > w.left {
		w.over = true
		return 0, ErrAttachmentTooLarge
	}
	n, err := w.f.Write(p)
	w.left -= int64(n)
	return n, err
}

// remove deletes the run's folder, and the inbox when no other run uses it.
func (b inbox) remove(log zerolog.Logger) {
	removeRunFolder(log, b.dir, "attachments: run folder not removed")
}

// makeRunFolder creates projectDir/base/id (0700), replacing a stale one a crash left behind. A base that is
// not a plain directory (a symlink, a file) is refused.
func makeRunFolder(projectDir, base, id string) (string, error) {
	parent := filepath.Join(projectDir, base)
	if fi, err := os.Lstat(parent); err == nil && !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory", parent)
	}
	dir := filepath.Join(parent, id)
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("clear stale folder %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create folder %s: %w", dir, err)
	}
	return dir, nil
}

// removeRunFolder deletes a run's folder made by makeRunFolder, logging failure as msg, and its base folder when no
// other run's folder is in it. A dir of "" (no folder was made) is left alone.
func removeRunFolder(log zerolog.Logger, dir, msg string) {
	if dir == "" {
		return
	}
	if err := os.RemoveAll(dir); err != nil {
		log.Error().Err(err).Str("dir", dir).Msg(msg)
	}
	_ = os.Remove(filepath.Dir(dir)) // fails while another run's folder is in it
}

// inboxID names a run's folder: the message id when it is a safe name (Discord's are digits), else a random id.
func inboxID(messageID string) string {
	if messageID == "" || len(messageID) > 64 {
		return uuid.NewString()
	}
	for _, r := range messageID {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return uuid.NewString()
		}
	}
	return messageID
}

// sanitizeName makes a sender's file name safe to create in the inbox: its base name only, no separators, no
// "..", no leading dot or space, no control characters or commas (the prompt lists names with commas).
func sanitizeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "/" || name == "." {
		name = ""
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == ',' || r < 0x20 || r == 0x7f || r == utf8.RuneError:
			return '_'
		}
		return r
	}, name)
	for strings.Contains(name, "..") {
		name = strings.ReplaceAll(name, "..", ".")
	}
	name = strings.TrimLeft(name, ". ")
	name = strings.TrimRight(name, " ")
	if len(name) > maxNameBytes {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		stem := name[:maxNameBytes-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		name = stem + ext
	}
	if name == "" {
		name = "file"
	}
	return name
}

// uniqueName returns name, or name-2, name-3... before its extension when it is taken, and marks it taken.
func uniqueName(name string, taken map[string]bool) string {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if stem == "" {
		stem, ext = name, ""
	}
	candidate := name
	for i := 2; taken[candidate]; i++ {
		candidate = stem + "-" + strconv.Itoa(i) + ext
	}
	taken[candidate] = true
	return candidate
}
