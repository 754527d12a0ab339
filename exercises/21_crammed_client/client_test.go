package confwatch

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// Every test runs on synctest's fake clock: heartbeats and slow callbacks take
// exact, simulated time.
const interval = time.Second

// fakeStore is the configuration store. A subscription lives until its ctx is
// done, like a server-side stream, and the store counts the live ones.
type fakeStore struct {
	mu    sync.Mutex
	rev   int
	beats int
	hung  bool // heartbeats wait for their ctx instead of answering
	subs  map[*subscription]bool
}

type subscription struct {
	key string
	ch  chan Change
}

func newFakeStore() *fakeStore { return &fakeStore{subs: map[*subscription]bool{}} }

func (s *fakeStore) Heartbeat(ctx context.Context) error {
	s.mu.Lock()
	hung := s.hung
	if !hung {
		s.beats++
	}
	s.mu.Unlock()
	if hung {
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (s *fakeStore) hang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hung = true
}

func (s *fakeStore) Subscribe(ctx context.Context, key string) (<-chan Change, error) {
	sub := &subscription{key: key, ch: make(chan Change, 16)}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs[sub] = true
	context.AfterFunc(ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subs, sub)
		close(sub.ch)
	})
	return sub.ch, nil
}

// publish sends a new value of key to its subscribers.
func (s *fakeStore) publish(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rev++
	for sub := range s.subs {
		if sub.key == key {
			sub.ch <- Change{Key: key, Value: value, Revision: s.rev}
		}
	}
}

// live counts the subscriptions to key that are still open.
func (s *fakeStore) live(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for sub := range s.subs {
		if sub.key == key {
			n++
		}
	}
	return n
}

func (s *fakeStore) heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.beats
}

// open calls Open with a deadline: Open must return at once, its heartbeat
// running on its own. If it does not, the store stops answering heartbeats, so
// that the stuck call is reported instead of ticking on forever.
func open(t *testing.T, store *fakeStore) *Client {
	t.Helper()
	var c *Client
	if !leakcheck.Within(t, time.Minute, "Open", func() { c = Open(store, interval) }) {
		store.hang()
		t.FailNow()
	}
	return c
}

// recorder is a watch callback that keeps the values it was given.
type recorder struct {
	mu     sync.Mutex
	values []string
}

func (r *recorder) add(ch Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.values = append(r.values, ch.Value)
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.values...)
}

func TestStoppedWatchesLeaveNothing(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newFakeStore()
		c := open(t, store)
		defer c.Close()
		flags := &recorder{}
		stopFlags, err := c.Watch("flags", flags.add)
		require.NoError(t, err)
		synctest.Wait()
		lifelong := goleak.IgnoreCurrent() // the session and the flags watch live on

		// Admin pages come and go: each watches a tenant for a while.
		for i := range 20 {
			page := &recorder{}
			stop, err := c.Watch("tenants/acme", page.add)
			require.NoError(t, err)
			store.publish("tenants/acme", fmt.Sprint("v", i))
			synctest.Wait()
			stop()
			store.publish("tenants/acme", "after stop")
			synctest.Wait()
			assert.Equal(t, []string{fmt.Sprint("v", i)}, page.got(), "a watch gets the changes before its stop, none after")
		}

		assert.Zero(t, store.live("tenants/acme"), "the 20 stopped watches must have closed their subscriptions at the store")
		if err := goleak.Find(lifelong); err != nil {
			t.Errorf("goroutine leak: the 20 stopped watches left goroutines running for as long as the Client lives:\n%s", leakcheck.Summarize(err.Error()))
		}

		// The Client and its other watch carry on.
		before := store.heartbeats()
		time.Sleep(3*interval + interval/2)
		assert.Equal(t, before+3, store.heartbeats(), "the session keeps its heartbeat while watches come and go")
		store.publish("flags", "dark-mode=on")
		synctest.Wait()
		assert.Equal(t, []string{"dark-mode=on"}, flags.got(), "the flags watch still gets its changes")
		stopFlags()
	})
}

func TestStopWaitsForTheCallback(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newFakeStore()
		c := open(t, store)
		defer c.Close()

		started := make(chan struct{}, 1)
		var mu sync.Mutex
		calls, finished := 0, 0
		stop, err := c.Watch("flags", func(Change) {
			mu.Lock()
			calls++
			mu.Unlock()
			started <- struct{}{}
			time.Sleep(interval) // a slow reload
			mu.Lock()
			finished++
			mu.Unlock()
		})
		require.NoError(t, err)

		store.publish("flags", "1")
		<-started
		begin := time.Now()
		stop()
		assert.Equal(t, interval, time.Since(begin), "stop returns once the callback in progress has returned, not before")
		mu.Lock()
		assert.Equal(t, 1, finished, "when stop returns, the callback has finished")
		mu.Unlock()

		store.publish("flags", "2")
		synctest.Wait()
		mu.Lock()
		assert.Equal(t, 1, calls, "no callback after stop has returned")
		mu.Unlock()
	})
}

func TestCloseEndsEverything(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newFakeStore()
		c := open(t, store)
		var stops []func()
		for _, key := range []string{"flags", "tenants/acme", "tenants/globex"} {
			stop, err := c.Watch(key, func(Change) {})
			require.NoError(t, err)
			stops = append(stops, stop)
		}
		time.Sleep(2*interval + interval/2)

		require.NoError(t, c.Close())
		beats := store.heartbeats()
		assert.Equal(t, 2, beats, "one heartbeat per interval while open")
		for _, key := range []string{"flags", "tenants/acme", "tenants/globex"} {
			synctest.Wait()
			assert.Zero(t, store.live(key), "Close ends the subscription to %s", key)
		}
		_, err := c.Watch("late", func(Change) {})
		assert.ErrorIs(t, err, ErrClosed, "Watch after Close")
		for _, stop := range stops {
			stop() // after Close: nothing left to stop, and no harm done
		}
		time.Sleep(3 * interval)
		assert.Equal(t, beats, store.heartbeats(), "no heartbeat after Close")
	})
}
