package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// getJSON decodes the JSON value of key in b; ok is false when there is none.
func getJSON[T any](b *bolt.Bucket, key string) (v T, ok bool, err error) {
	raw := b.Get([]byte(key))
	if raw == nil {
		return v, false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		var zero T
		return zero, false, err
	}
	return v, true, nil
}

// eachJSON decodes every value of b, in key order, and calls fn with its key (valid only within the transaction)
// and the record; a value that does not decode stops it with an error naming what and the key.
func eachJSON[T any](b *bolt.Bucket, what string, fn func(k []byte, v T)) error {
	return b.ForEach(func(k, raw []byte) error {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("%s %s: %w", what, k, err)
		}
		fn(k, v)
		return nil
	})
}

// deleteKey deletes key from b and reports whether it was there.
func deleteKey(b *bolt.Bucket, key string) (deleted bool, err error) {
	if b.Get([]byte(key)) == nil {
		return false, nil
	}
	return true, b.Delete([]byte(key))
}
