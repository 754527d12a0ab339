package room

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Store keeps a room on disk (an embedded bbolt database, pure Go): its code
// and trainer's key, the learners and the clones their names are bound to, and
// every cell of the grid. Every verdict the room accepts is written here
// before it is acknowledged, so that serve started again with the same store
// resumes the room as it was.
type Store struct {
	db   *bolt.DB
	Path string
}

var (
	bucketMeta     = []byte("meta")
	bucketLearners = []byte("learners")
	bucketCells    = []byte("cells")
	keyMeta        = []byte("room")
)

// ErrStoreBusy is a store that another serve holds open.
var ErrStoreBusy = errors.New("in use by another serve")

// Meta is the room itself.
type Meta struct {
	Code    string    `json:"code"`    // learners' code
	Key     string    `json:"key"`     // trainer's key
	Created time.Time `json:"created"` // when the room was opened first
	Size    int       `json:"size"`    // the most learners it takes
}

// binding is a learner as the store keeps them.
type binding struct {
	Clone   string    `json:"clone"` // the clone identity their name is bound to; "" once released
	Joined  time.Time `json:"joined"`
	Removed bool      `json:"removed,omitempty"` // removed by the trainer: posts refused until released
	// StateEdited: a report of theirs said the checker's record of their
	// hints and attempts was edited (Learner.StateEdited).
	StateEdited bool `json:"state_edited,omitempty"`
}

// OpenStore opens (or creates) the store at path.
func OpenStore(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType, NoFreelistSync: true})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrStoreBusy
	}
	if err != nil {
		return nil, err
	}
	// A verdict waits at most this long for others to share its write: a
	// commit (two syncs to disk) costs far more than the verdicts in it, so a
	// busy room commits about 40 times a second however many learners post.
	db.MaxBatchDelay = 25 * time.Millisecond
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketLearners, bucketCells} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, Path: path}, nil
}

// Close closes the store.
func (st *Store) Close() error { return st.db.Close() }

// Meta returns the room the store holds; ok is false for a new store.
func (st *Store) Meta() (m Meta, ok bool, err error) {
	err = st.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta).Get(keyMeta)
		if b == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(b, &m)
	})
	return m, ok, err
}

// SetMeta records the room.
func (st *Store) SetMeta(m Meta) error {
	return st.db.Update(func(tx *bolt.Tx) error { return put(tx.Bucket(bucketMeta), keyMeta, m) })
}

// Reset empties the store: a new room.
func (st *Store) Reset() error {
	return st.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketLearners, bucketCells} {
			if err := tx.DeleteBucket(b); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
				return err
			}
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		return nil
	})
}

func put(b *bolt.Bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

func cellKey(learner, dir string) []byte { return []byte(learner + "\x00" + dir) }

// load reads every learner and cell.
func (st *Store) load() (map[string]binding, []Cell, error) {
	learners := map[string]binding{}
	var cells []Cell
	err := st.db.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketLearners).ForEach(func(k, v []byte) error {
			var b binding
			if err := json.Unmarshal(v, &b); err != nil {
				return fmt.Errorf("learner %q: %w", k, err)
			}
			learners[string(k)] = b
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketCells).ForEach(func(k, v []byte) error {
			var c Cell
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("cell %q: %w", k, err)
			}
			cells = append(cells, c)
			return nil
		})
	})
	return learners, cells, err
}

// save writes a learner (when b is not nil) and cells, sharing its disk write
// with the verdicts posted at the same moment; it returns once they are on disk.
func (st *Store) save(name string, b *binding, cells []Cell) error {
	return st.db.Batch(func(tx *bolt.Tx) error {
		if b != nil {
			if err := put(tx.Bucket(bucketLearners), []byte(name), b); err != nil {
				return err
			}
		}
		bc := tx.Bucket(bucketCells)
		for _, c := range cells {
			if err := put(bc, cellKey(c.Learner, c.Dir), c); err != nil {
				return err
			}
		}
		return nil
	})
}

// remove forgets a learner's cells and records them as b.
func (st *Store) remove(name string, b binding) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		bc := tx.Bucket(bucketCells)
		prefix := []byte(name + "\x00")
		c := bc.Cursor()
		var keys [][]byte
		for k, _ := c.Seek(prefix); k != nil && len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix); k, _ = c.Next() {
			keys = append(keys, append([]byte(nil), k...))
		}
		for _, k := range keys {
			if err := bc.Delete(k); err != nil {
				return err
			}
		}
		return put(tx.Bucket(bucketLearners), []byte(name), b)
	})
}

// bind records a learner.
func (st *Store) bind(name string, b binding) error {
	return st.db.Update(func(tx *bolt.Tx) error { return put(tx.Bucket(bucketLearners), []byte(name), b) })
}
