package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// spendKeys returns the day and month spend keys of project at t, taken in UTC.
func spendKeys(project string, t time.Time) (day, month []byte) {
	t = t.UTC()
	return []byte(project + "|" + t.Format("2006-01-02")), []byte(project + "|" + t.Format("2006-01"))
}

// checkSpend refuses an empty project name and an amount that is not a finite number >= 0. A name may hold '|':
// keys are told apart by their fixed-length date suffix.
func checkSpend(project string, usd float64) error {
	if project == "" {
		return errors.New("empty project name")
	}
	if !(usd >= 0) || math.IsInf(usd, 0) {
		return fmt.Errorf("bad amount %v: want a finite amount >= 0", usd)
	}
	return nil
}

// AddSpend adds usd (a finite amount >= 0) to the spend of project on the UTC day and in the UTC month of at.
func (s *Store) AddSpend(project string, at time.Time, usd float64) error {
	if err := checkSpend(project, usd); err != nil {
		return fmt.Errorf("add spend of project %s: %w", project, err)
	}
	err := s.db.Update(func(tx *bolt.Tx) error { return addSpend(tx, project, at, usd) })
	if err != nil {
		return fmt.Errorf("add spend of project %s to store %s: %w", project, s.path, err)
	}
	return nil
}

// addSpend adds usd to both spend keys of project at at.
func addSpend(tx *bolt.Tx, project string, at time.Time, usd float64) error {
	if err := checkSpend(project, usd); err != nil {
		return err
	}
	b := tx.Bucket(bucketSpend)
	day, month := spendKeys(project, at)
	for _, k := range [][]byte{day, month} {
		old, err := decodeSpend(b.Get(k))
		if err != nil {
			return fmt.Errorf("spend %s: %w", k, err)
		}
		if err := b.Put(k, binary.BigEndian.AppendUint64(nil, math.Float64bits(old+usd))); err != nil {
			return err
		}
	}
	return nil
}

// Spend returns what project has spent, in US dollars, on the UTC day and in the UTC month of at; 0 when nothing.
func (s *Store) Spend(project string, at time.Time) (day, month float64, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSpend)
		dk, mk := spendKeys(project, at)
		if day, err = decodeSpend(b.Get(dk)); err != nil {
			return fmt.Errorf("spend %s: %w", dk, err)
		}
		if month, err = decodeSpend(b.Get(mk)); err != nil {
			return fmt.Errorf("spend %s: %w", mk, err)
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("get spend of project %s from store %s: %w", project, s.path, err)
	}
	return day, month, nil
}

// decodeSpend decodes a spend value; nil (no key) is 0.
func decodeSpend(raw []byte) (float64, error) {
	if raw == nil {
		return 0, nil
	}
	if len(raw) != 8 {
		return 0, errors.New("bad value: want 8 bytes")
	}
	return math.Float64frombits(binary.BigEndian.Uint64(raw)), nil
}
