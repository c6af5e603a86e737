package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ChannelProject maps a channel to a project directory at run time (the /add-project command).
type ChannelProject struct {
	ChannelID string    `json:"channel_id"`
	Name      string    `json:"name"`
	Dir       string    `json:"dir"`
	AddedBy   string    `json:"added_by"`
	AddedAt   time.Time `json:"added_at"`
}

// PutChannelProject records a run-time mapping of p.ChannelID, which must not be empty. A zero
// AddedAt is set to the store's clock.
func (s *Store) PutChannelProject(p ChannelProject) error {
	if p.ChannelID == "" || p.Dir == "" {
		return errors.New("put channel project: empty channel id or dir")
	}
	if p.AddedAt.IsZero() {
		p.AddedAt = s.opts.Now()
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("put channel project %s: encode: %w", p.ChannelID, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketProjects).Put([]byte(p.ChannelID), raw)
	})
	if err != nil {
		return fmt.Errorf("put channel project %s in store %s: %w", p.ChannelID, s.path, err)
	}
	return nil
}

// ListChannelProjects returns every run-time mapping, ordered by channel id.
func (s *Store) ListChannelProjects() ([]ChannelProject, error) {
	var out []ChannelProject
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachJSON(tx.Bucket(bucketProjects), "channel project", func(_ []byte, p ChannelProject) { out = append(out, p) })
	})
	if err != nil {
		return nil, fmt.Errorf("list channel projects in store %s: %w", s.path, err)
	}
	return out, nil
}

// DeleteChannelProject removes a run-time mapping and reports whether there was one.
func (s *Store) DeleteChannelProject(channelID string) (deleted bool, err error) {
	err = s.db.Update(func(tx *bolt.Tx) (err error) {
		deleted, err = deleteKey(tx.Bucket(bucketProjects), channelID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("delete channel project %s in store %s: %w", channelID, s.path, err)
	}
	return deleted, nil
}
