package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Run is one entry of a channel's run log: one Claude turn and how it ended.
type Run struct {
	ChannelID string        `json:"channel_id"`
	MessageID string        `json:"message_id"`
	UserID    string        `json:"user_id"`
	SessionID string        `json:"session_id"`
	Start     time.Time     `json:"start"`
	Duration  time.Duration `json:"duration_ns"`
	Outcome   string        `json:"outcome"`
	CostUSD   float64       `json:"cost_usd"`
	Turns     int           `json:"turns"`
	ErrorID   string        `json:"error_id"`
}

// runKeyLen is the length of a run key: start UnixNano and sequence, 8 bytes each.
const runKeyLen = 16

// runKey is the time-ordered key of a run started at start, seq its bucket's NextSequence.
func runKey(start time.Time, seq uint64) []byte {
	k := make([]byte, 0, runKeyLen)
	k = binary.BigEndian.AppendUint64(k, uint64(start.UnixNano()))
	return binary.BigEndian.AppendUint64(k, seq)
}

// AppendRun adds r to the log of r.ChannelID, which must not be empty, and deletes the oldest
// runs beyond Options.MaxRunsPerChannel. A zero Start is set to the store's clock.
func (s *Store) AppendRun(r Run) error {
	raw, err := s.encodeRun(&r)
	if err != nil {
		return err
	}
	err = s.db.Update(func(tx *bolt.Tx) error { return s.appendRun(tx, r, raw) })
	if err != nil {
		return fmt.Errorf("append run of channel %s to store %s: %w", r.ChannelID, s.path, err)
	}
	return nil
}

// RecordRun saves a channel's session, appends a run to its log and adds the run's CostUSD to the
// spend of sess.Project at the run's end (see AddSpend) in one transaction, so a finished run costs
// one disk sync. The rules of PutSession and AppendRun apply; an empty Project or a cost that is
// not positive adds no spend.
func (s *Store) RecordRun(sess Session, r Run) error {
	rawSession, err := s.encodeSession(&sess)
	if err != nil {
		return err
	}
	rawRun, err := s.encodeRun(&r)
	if err != nil {
		return err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := putSession(tx, sess.ChannelID, rawSession); err != nil {
			return err
		}
		if sess.Project != "" && r.CostUSD > 0 && !math.IsInf(r.CostUSD, 0) {
			if err := addSpend(tx, sess.Project, r.Start.Add(r.Duration), r.CostUSD); err != nil {
				return err
			}
		}
		return s.appendRun(tx, r, rawRun)
	})
	if err != nil {
		return fmt.Errorf("record run of channel %s in store %s: %w", r.ChannelID, s.path, err)
	}
	return nil
}

// encodeRun checks r, fills a zero Start and encodes it.
func (s *Store) encodeRun(r *Run) ([]byte, error) {
	if r.ChannelID == "" {
		return nil, errors.New("append run: empty channel id")
	}
	if r.Start.IsZero() {
		r.Start = s.opts.Now()
	}
	if r.Start.Before(time.Unix(0, 0)) {
		return nil, fmt.Errorf("append run of channel %s: start %s is before the Unix epoch", r.ChannelID, r.Start)
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("append run of channel %s: encode: %w", r.ChannelID, err)
	}
	return raw, nil
}

// appendRun puts an encoded run in its channel's log and trims the log.
func (s *Store) appendRun(tx *bolt.Tx, r Run, raw []byte) error {
	b, err := tx.Bucket(bucketRuns).CreateBucketIfNotExists([]byte(r.ChannelID))
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	if err := b.Put(runKey(r.Start, seq), raw); err != nil {
		return err
	}
	return trimRuns(b, s.opts.MaxRunsPerChannel)
}

// trimRuns deletes the oldest runs of b until at most keep remain.
func trimRuns(b *bolt.Bucket, keep int) error {
	n := 0
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		n++
	}
	for ; n > keep; n-- {
		k, _ := c.First()
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// ListRuns returns the last limit runs of a channel (all of them when limit <= 0), oldest first.
func (s *Store) ListRuns(channelID string, limit int) ([]Run, error) {
	var runs []Run
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRuns).Bucket([]byte(channelID))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(runs) < limit); k, v = c.Prev() {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("run %x: %w", k, err)
			}
			runs = append(runs, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list runs of channel %s in store %s: %w", channelID, s.path, err)
	}
	slices.Reverse(runs)
	return runs, nil
}
