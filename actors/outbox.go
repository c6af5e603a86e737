package actors

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/rs/zerolog"
)

// OutboxDir is the folder, inside a project's dir, that holds one folder per run where Claude writes the files
// to attach to its answer. A run's folder has the same name as its inbox folder and is removed when the run ends.
const OutboxDir = ".coordinator-outbox"

// Discord's limits on the files of one answer (the gateway attaches them to one message).
const (
	MaxOutFiles      = 10       // files per message
	MaxOutFileBytes  = 8 << 20  // bytes per file
	MaxOutTotalBytes = 24 << 20 // bytes of all files together
)

// outbox is a run's outbox folder; dir is "" when it could not be created.
type outbox struct{ dir string }

// outFiles is what a run left in its outbox: the files read to send and the names left out with the reason.
type outFiles struct {
	sent    []File
	notSent []string
}

// openOutbox creates the run's outbox folder, named id, in projectDir. On failure it logs and the run goes on
// without one.
func openOutbox(log zerolog.Logger, projectDir, id string) outbox {
	abs, err := filepath.Abs(projectDir)
	if err == nil {
		abs, err = makeRunFolder(abs, OutboxDir, id)
	}
	if err != nil {
		log.Error().Err(err).Msg("attachments: outbox not created, Claude cannot send files")
		return outbox{}
	}
	return outbox{dir: abs}
}

// appendTo returns the project's appended system prompt with the sentence that names the outbox after it.
func (o outbox) appendTo(prompt string) string {
	if o.dir == "" {
		return prompt
	}
	note := "To send files back to the user, write them into the directory " + o.dir + "; they are attached to your reply."
	if prompt == "" {
		return note
	}
	return prompt + "\n\n" + note
}

// collect reads the outbox's regular files, in name order, within the limits; the rest are listed with the
// reason. Symlinks and folders are never followed.
func (o outbox) collect(log zerolog.Logger) outFiles {
	var out outFiles
	if o.dir == "" {
		return out
	}
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		log.Error().Err(err).Msg("attachments: outbox not read")
		return out
	}
	var total int64
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.Type()&os.ModeSymlink != 0:
			out.notSent = append(out.notSent, name+" (a symbolic link)")
			continue
		case e.IsDir():
			out.notSent = append(out.notSent, name+"/ (a folder)")
			continue
		case !e.Type().IsRegular():
			out.notSent = append(out.notSent, name+" (not a regular file)")
			continue
		case len(out.sent) == MaxOutFiles:
			out.notSent = append(out.notSent, fmt.Sprintf("%s (over %d files)", name, MaxOutFiles))
			continue
		}
		data, err := readOutFile(filepath.Join(o.dir, name))
		var big *tooBig
		switch {
		case errors.As(err, &big):
			out.notSent = append(out.notSent, fmt.Sprintf("%s (%s, over %s)", name, sizeText(big.size), sizeText(MaxOutFileBytes)))
		case err != nil:
			log.Warn().Err(err).Msg("attachments: outbox file not read")
			out.notSent = append(out.notSent, name+" (not readable)")
		case total+int64(len(data)) > MaxOutTotalBytes:
			out.notSent = append(out.notSent, fmt.Sprintf("%s (%s, over the %s total)", name, sizeText(int64(len(data))), sizeText(MaxOutTotalBytes)))
		default:
			total += int64(len(data))
			out.sent = append(out.sent, File{Name: name, Data: data})
		}
	}
	log.Info().Int("files", len(out.sent)).Int("not_sent", len(out.notSent)).Int64("bytes", total).Msg("attachments out")
	return out
}

// tooBig is the error of an outbox file over MaxOutFileBytes.
type tooBig struct{ size int64 }

func (e *tooBig) Error() string { return "file of " + sizeText(e.size) + " over the limit" }

// readOutFile reads one regular file of at most MaxOutFileBytes, refusing a symlink swapped in after the listing.
func readOutFile(file string) ([]byte, error) {
	f, err := os.OpenFile(file, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("open outbox file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, fmt.Errorf("stat outbox file: %w", err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("outbox file %s is not a regular file", fi.Name())
	case fi.Size() > MaxOutFileBytes:
		return nil, &tooBig{size: fi.Size()}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxOutFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read outbox file: %w", err)
	}
	if len(data) > MaxOutFileBytes {
		return nil, &tooBig{size: int64(len(data))}
	}
	return data, nil
}

// remove deletes the run's outbox folder, and the outbox when no other run uses it.
func (o outbox) remove(log zerolog.Logger) {
	removeRunFolder(log, o.dir, "attachments: outbox folder not removed")
}

// sizeText is a byte count for people: "512 bytes", "12 KiB", "9 MiB", "8.5 MiB".
func sizeText(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1<<20:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0") + " MiB"
}
