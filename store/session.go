package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Session is one channel's conversation state, stored under its channel id.
type Session struct {
	ChannelID       string    `json:"channel_id"`
	Project         string    `json:"project"`
	ClaudeSessionID string    `json:"claude_session_id"`
	Model           string    `json:"model"` // per-channel override; "" means the project's default
	CreatedAt       time.Time `json:"created_at"`
	LastActive      time.Time `json:"last_active"`
	Turns           int       `json:"turns"`
	TotalCostUSD    float64   `json:"total_cost_usd"`
	LastUserID      string    `json:"last_user_id"`
	LastUserName    string    `json:"last_user_name"`
	LastErrorID     string    `json:"last_error_id"`
}

// GetSession returns the session of a channel; ok is false when the channel has none.
func (s *Store) GetSession(channelID string) (sess Session, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) (err error) {
		sess, ok, err = getJSON[Session](tx.Bucket(bucketSessions), channelID)
		return err
	})
	if err != nil {
		return Session{}, false, fmt.Errorf("get session of channel %s from store %s: %w", channelID, s.path, err)
	}
	return sess, ok, nil
}

// PutSession creates or replaces the session of sess.ChannelID, which must not be empty. A zero
// CreatedAt or LastActive is set to the store's clock.
func (s *Store) PutSession(sess Session) error {
	raw, err := s.encodeSession(&sess)
	if err != nil {
		return err
	}
	err = s.db.Update(func(tx *bolt.Tx) error { return putSession(tx, sess.ChannelID, raw) })
	if err != nil {
		return fmt.Errorf("put session of channel %s in store %s: %w", sess.ChannelID, s.path, err)
	}
	return nil
}

// encodeSession checks sess, fills its zero times and encodes it.
func (s *Store) encodeSession(sess *Session) ([]byte, error) {
	if sess.ChannelID == "" {
		return nil, errors.New("put session: empty channel id")
	}
	now := s.opts.Now()
	if sess.CreatedAt.IsZero() {
		sess.CreatedAt = now
	}
	if sess.LastActive.IsZero() {
		sess.LastActive = now
	}
	raw, err := json.Marshal(sess)
	if err != nil {
		return nil, fmt.Errorf("put session of channel %s: encode: %w", sess.ChannelID, err)
	}
	return raw, nil
}

func putSession(tx *bolt.Tx, channelID string, raw []byte) error {
	return tx.Bucket(bucketSessions).Put([]byte(channelID), raw)
}

// DeleteSession removes the session of a channel and reports whether there was one. The channel's
// run log stays.
func (s *Store) DeleteSession(channelID string) (deleted bool, err error) {
	err = s.db.Update(func(tx *bolt.Tx) (err error) {
		deleted, err = deleteKey(tx.Bucket(bucketSessions), channelID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("delete session of channel %s from store %s: %w", channelID, s.path, err)
	}
	return deleted, nil
}

// ListSessions returns every session, ordered by channel id (byte order).
func (s *Store) ListSessions() ([]Session, error) {
	var all []Session
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachJSON(tx.Bucket(bucketSessions), "channel", func(_ []byte, sess Session) { all = append(all, sess) })
	})
	if err != nil {
		return nil, fmt.Errorf("list sessions in store %s: %w", s.path, err)
	}
	return all, nil
}
