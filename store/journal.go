package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Journal states of an inbound message.
const (
	JournalAccepted = "accepted" // taken in, not started
	JournalStarted  = "started"  // its Claude run started
	JournalDone     = "done"     // its final answer (or failure) was delivered
)

// JournalEntry is one accepted mention, kept from before it is acknowledged until after its
// answer is delivered, so that a restart can finish what a crash interrupted.
type JournalEntry struct {
	MessageID string    `json:"message_id"`
	ChannelID string    `json:"channel_id"`
	UserID    string    `json:"user_id"`
	UserName  string    `json:"user_name"`
	Roles     []string  `json:"roles,omitempty"` // the asker's role ids: they pick the project's tool tier
	Text      string    `json:"text"`
	Received  time.Time `json:"received"`
	State     string    `json:"state"`
	Updated   time.Time `json:"updated"`
	// Attachments are the files attached to the mention, so that a recovered run downloads them again.
	Attachments []JournalAttachment `json:"attachments,omitempty"`
	// DroppedAttachments counts the attached files beyond the per-message limit that were not kept.
	DroppedAttachments int `json:"dropped_attachments,omitempty"`
	// StatusID is the run's status message, once posted, so that a restart can finalise it.
	StatusID string `json:"status_id,omitempty"`
}

// JournalAttachment is a file attached to a journaled mention.
type JournalAttachment struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Size int64  `json:"size"`
}

// JournalAdd records an accepted mention. It reports false, and changes nothing, when the
// message id is already in the journal (a gateway replay or a double delivery).
func (s *Store) JournalAdd(e JournalEntry) (added bool, err error) {
	if e.MessageID == "" || e.ChannelID == "" {
		return false, errors.New("journal add: empty message or channel id")
	}
	e.State, e.Updated = JournalAccepted, s.opts.Now()
	raw, err := json.Marshal(e)
	if err != nil {
		return false, fmt.Errorf("journal add %s: encode: %w", e.MessageID, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketJournal)
		if b.Get([]byte(e.MessageID)) != nil {
			return nil
		}
		added = true
		return b.Put([]byte(e.MessageID), raw)
	})
	if err != nil {
		return false, fmt.Errorf("journal add %s in store %s: %w", e.MessageID, s.path, err)
	}
	return added, nil
}

// JournalSet changes the state of a journaled message; an unknown id is not an error.
func (s *Store) JournalSet(messageID, state string) error {
	err := s.journalUpdate(messageID, func(e *JournalEntry) { e.State, e.Updated = state, s.opts.Now() })
	if err != nil {
		return fmt.Errorf("journal set %s to %s in store %s: %w", messageID, state, s.path, err)
	}
	return nil
}

// JournalSetStatus records the status message of a journaled message's run; an unknown id is not an error.
func (s *Store) JournalSetStatus(messageID, statusID string) error {
	if err := s.journalUpdate(messageID, func(e *JournalEntry) { e.StatusID = statusID }); err != nil {
		return fmt.Errorf("journal status of %s in store %s: %w", messageID, s.path, err)
	}
	return nil
}

// journalUpdate changes a journaled message with change, in one transaction; an unknown id changes nothing.
func (s *Store) journalUpdate(messageID string, change func(*JournalEntry)) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketJournal)
		raw := b.Get([]byte(messageID))
		if raw == nil {
			return nil
		}
		var e JournalEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return err
		}
		change(&e)
		out, err := json.Marshal(e)
		if err != nil {
			return err
		}
		return b.Put([]byte(messageID), out)
	})
}

// JournalGet returns a journaled message.
func (s *Store) JournalGet(messageID string) (e JournalEntry, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) (err error) {
		e, ok, err = getJSON[JournalEntry](tx.Bucket(bucketJournal), messageID)
		return err
	})
	if err != nil {
		return JournalEntry{}, false, fmt.Errorf("journal get %s from store %s: %w", messageID, s.path, err)
	}
	return e, ok, nil
}

// JournalSnapshot reads the journal once and returns the messages not done yet, oldest first (by Received, then id),
// and, per channel, the newest journaled message id, done or not (where the downtime catch-up starts).
func (s *Store) JournalSnapshot() (open []JournalEntry, latest map[string]string, err error) {
	latest = map[string]string{}
	err = s.db.View(func(tx *bolt.Tx) error {
		return eachJSON(tx.Bucket(bucketJournal), "journal entry", func(_ []byte, e JournalEntry) {
			noteLatest(latest, e)
			if e.State != JournalDone {
				open = append(open, e)
			}
		})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read journal of store %s: %w", s.path, err)
	}
	sort.SliceStable(open, func(i, j int) bool {
		if !open[i].Received.Equal(open[j].Received) {
			return open[i].Received.Before(open[j].Received)
		}
		return snowflakeLess(open[i].MessageID, open[j].MessageID)
	})
	return open, latest, nil
}

// noteLatest records e's message id in latest (channel id -> newest message id) when it is its channel's newest yet.
func noteLatest(latest map[string]string, e JournalEntry) {
	if cur, ok := latest[e.ChannelID]; !ok || snowflakeLess(cur, e.MessageID) {
		latest[e.ChannelID] = e.MessageID
	}
}

// JournalPrune deletes done entries last updated before cutoff, keeping the newest entry of each
// channel (the catch-up needs it). It returns how many it deleted. It reads the journal once, in
// the transaction that deletes.
func (s *Store) JournalPrune(cutoff time.Time) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketJournal)
		latest := map[string]string{}
		var old [][]byte
		err := eachJSON(b, "journal entry", func(k []byte, e JournalEntry) {
			noteLatest(latest, e)
			if e.State == JournalDone && e.Updated.Before(cutoff) {
				old = append(old, bytes.Clone(k))
			}
		})
		if err != nil {
			return err
		}
		keep := make(map[string]bool, len(latest))
		for _, id := range latest {
			keep[id] = true
		}
		for _, k := range old {
			if keep[string(k)] {
				continue
			}
			if err := b.Delete(k); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("prune journal of store %s: %w", s.path, err)
	}
	return n, nil
}

// snowflakeLess orders numeric ids: shorter is smaller, then lexically.
func snowflakeLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
