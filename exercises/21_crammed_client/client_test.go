package confwatch

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

// Most tests run on synctest's fake clock: heartbeats and slow callbacks take
// exact, simulated time.
const interval = time.Second

// fakeStore is the configuration store. Heartbeat and Subscribe answer at
// the store's speeds, inside the blocking points "Heartbeat" and
// "Subscribe". A subscription lives until its ctx is done, like a
// server-side stream, and the store counts the live ones.
type fakeStore struct {
	points fake.Points

	mu        sync.Mutex
	heartbeat fake.Speed
	subscribe fake.Speed
	rev       int
	beats     int
	subs      map[*subscription]bool
	lost      int // changes a full subscription could not take
}

type subscription struct {
	key string
	ch  chan Change
}

func newFakeStore() *fakeStore { return &fakeStore{subs: map[*subscription]bool{}} }

func (s *fakeStore) speeds(heartbeat, subscribe fake.Speed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heartbeat, s.subscribe = heartbeat, subscribe
}

func (s *fakeStore) Heartbeat(ctx context.Context) error {
	s.mu.Lock()
	speed := s.heartbeat
	s.mu.Unlock()
	if err := s.points.Call(ctx, "Heartbeat", speed, interval/10); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beats++
	return nil
}

func (s *fakeStore) Subscribe(ctx context.Context, key string) (<-chan Change, error) {
	s.mu.Lock()
	speed := s.subscribe
	s.mu.Unlock()
	if err := s.points.Call(ctx, "Subscribe", speed, interval/10); err != nil {
		return nil, err
	}
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

// publish sends a new value of key to its subscribers. A subscription whose
// buffer is full loses the change, as a server drops a client that does not
// read.
func (s *fakeStore) publish(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rev++
	for sub := range s.subs {
		if sub.key == key {
			select {
			case sub.ch <- Change{Key: key, Value: value, Revision: s.rev}:
			default:
				s.lost++
			}
		}
	}
}

// live counts the subscriptions to key that are still open ("" for all).
func (s *fakeStore) live(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for sub := range s.subs {
		if key == "" || sub.key == key {
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
// running on its own. If it does not, the store's heartbeats hang, so that
// the stuck call is reported instead of ticking on forever.
func open(t *testing.T, store *fakeStore) *Client {
	t.Helper()
	var c *Client
	if !within(time.Minute, func() { c = Open(store, interval) }) {
		store.speeds(fake.Hung, fake.Instant)
		clause2.Fatalf(t, "Open had not returned %v later", time.Minute)
	}
	return c
}

// within calls f and reports whether it returned within d (fake time in a
// bubble); one that does not is left blocked, for the leak check to report.
func within(d time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// safely calls f and returns what it panicked with, if anything.
func safely(f func()) (panicked any) {
	defer func() { panicked = recover() }()
	f()
	return nil
}

// recorder is a watch callback that keeps the values it was given, and
// counts the calls in progress at once.
type recorder struct {
	mu      sync.Mutex
	values  []string
	running int
	most    int           // the most calls in progress at once
	slow    time.Duration // each call takes this long
	points  *fake.Points  // if not nil, each call is inside the point "callback"
}

func (r *recorder) add(ch Change) {
	r.mu.Lock()
	r.running++
	r.most = max(r.most, r.running)
	points, slow := r.points, r.slow
	r.mu.Unlock()
	if points != nil {
		defer points.Enter("callback")()
	}
	time.Sleep(slow)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.values = append(r.values, ch.Value)
	r.running--
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.values)
}

func (r *recorder) inProgress() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running
}

func (r *recorder) mostAtOnce() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.most
}

// follow calls c.Watch with a deadline.
func follow(t *testing.T, c *Client, key string, fn func(Change)) (stop func(), err error) {
	t.Helper()
	if !within(time.Minute, func() { stop, err = c.Watch(key, fn) }) {
		clause2.Fatalf(t, "Watch(%q) had not returned %v later", key, time.Minute)
	}
	return stop, err
}

func TestStoppedWatchesLeaveNothing(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newFakeStore()
		c := open(t, store)
		defer c.Close()
		flags := &recorder{}
		stopFlags, err := follow(t, c, "flags", flags.add)
		if !clause2.NoError(t, err, "Watch(%q)", "flags") {
			return
		}

		// Admin pages come and go: each watches a tenant for a while.
		for i := range 20 {
			m := leakcheck.Now()
			page := &recorder{}
			stop, err := follow(t, c, "tenants/acme", page.add)
			if !clause2.NoError(t, err, "Watch(%q)", "tenants/acme") {
				return
			}
			store.publish("tenants/acme", fmt.Sprint("v", i))
			time.Sleep(interval / 10)
			if !within(time.Minute, stop) {
				clause1.Fatalf(t, "stop had not returned %v later", time.Minute)
			}
			if !m.Stopped(t, clause1, "stop") {
				return
			}
			// The store learns of a cancelled subscription a moment later, as
			// a server does: Stopped has let every goroutine run until it blocks.
			clause1.Equal(t, 0, store.live("tenants/acme"), "subscriptions to %q open at the store when stop returned", "tenants/acme")
			store.publish("tenants/acme", "after stop")
			time.Sleep(interval / 10)
			clause1.Equal(t, []string{fmt.Sprint("v", i)}, page.got(), "values a watch got, with one change before its stop and one after")
			var panicked any
			if !within(time.Minute, func() { panicked = safely(stop) }) {
				clause1.Fatalf(t, "a second call of stop had not returned %v later", time.Minute)
			}
			clause1.Check(t, panicked == nil, "a second call of stop panicked: %v", panicked)
		}

		// The Client and its other watch carry on.
		time.Sleep(interval / 2) // off the heartbeats' beat
		before := store.heartbeats()
		time.Sleep(3*interval + interval/4)
		clause2.Equal(t, before+3, store.heartbeats(), "heartbeats in %v, after 20 watches came and went", 3*interval+interval/4)
		store.publish("flags", "dark-mode=on")
		store.publish("flags", "beta=off")
		time.Sleep(interval / 10)
		clause2.Equal(t, []string{"dark-mode=on", "beta=off"}, flags.got(), "values the flags watch got while 20 other watches came and went")
		stopFlags()
	})
}

// TestStopWaitsForTheCallback stops a watch while its callback runs, with
// changes waiting behind it: stop returns the instant the callback does, and
// no callback follows, however long the callback takes. Ten rounds, since a
// select picks at random among the cases that are ready.
func TestStopWaitsForTheCallback(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newFakeStore()
		c := open(t, store)
		defer c.Close()

		for round := range 10 {
			slow := interval // a slow reload
			if round%2 == 1 {
				slow = fake.Long // one that takes far longer than any grace period
			}
			r := &recorder{slow: slow, points: &fake.Points{}}
			stop, err := follow(t, c, "flags", r.add)
			if !clause2.NoError(t, err, "Watch(%q)", "flags") {
				return
			}
			// A burst: the first change is being handled, the others wait in
			// the subscription.
			for i := range 5 {
				store.publish("flags", fmt.Sprint(i))
			}
			if !r.points.Await(t, "callback", 1, time.Minute) {
				return
			}
			m := leakcheck.Now()
			begin := time.Now()
			var running int
			if !within(2*fake.Long, func() { stop(); running = r.inProgress() }) {
				clause1.Fatalf(t, "stop, called while a callback ran, had not returned %v later", 2*fake.Long)
			}
			ok := clause1.Equal(t, slow, time.Since(begin), "fake time stop took, called while a callback of %v ran", slow)
			ok = clause1.Equal(t, 0, running, "callbacks in progress when stop returned") && ok
			ok = m.Stopped(t, clause1, "stop") && ok

			store.publish("flags", "after stop")
			time.Sleep(10 * interval)
			ok = clause1.Equal(t, []string{"0"}, r.got(), "values handed to the callback, with a burst of 5 changes and stop called during the first") && ok
			if !ok {
				return
			}
		}
	})
}

// TestWatchesCarryOn checks what an open Client keeps doing: heartbeats,
// their errors, and every change to every live watch, in order, one callback
// at a time.
func TestWatchesCarryOn(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newFakeStore()
		c := open(t, store)
		defer c.Close()

		keys := []string{"flags", "tenants/acme", "tenants/globex"}
		recs := map[string]*recorder{}
		for _, key := range keys {
			recs[key] = &recorder{slow: interval / 100}
			if _, err := follow(t, c, key, recs[key].add); !clause2.NoError(t, err, "Watch(%q)", key) {
				return
			}
		}
		var want []string
		for i := range 10 {
			want = append(want, fmt.Sprint(i))
			for _, key := range keys {
				store.publish(key, fmt.Sprint(i))
			}
		}
		time.Sleep(interval / 2)
		for _, key := range keys {
			clause2.Equal(t, want, recs[key].got(), "values the %q watch got, in the order published", key)
			clause2.Equal(t, 1, recs[key].mostAtOnce(), "callbacks of the %q watch in progress at once", key)
		}

		clause2.Check(t, c.Err() == nil, "Err with every heartbeat going through: %v", c.Err())
		store.speeds(fake.Failing, fake.Instant)
		time.Sleep(interval)
		clause2.ErrorIs(t, c.Err(), fake.ErrInjected, "Err after a heartbeat failed")
		store.speeds(fake.Instant, fake.Instant)
		time.Sleep(interval)
		clause2.Check(t, c.Err() == nil, "Err once a heartbeat went through again: %v", c.Err())
	})
}

// TestCloseEndsEverything closes the Client while the store is in each of
// the places a call can wait, and judges what is left at the instant Close
// returns.
func TestCloseEndsEverything(t *testing.T) {
	for _, tc := range []struct {
		name      string
		heartbeat fake.Speed
		subscribe fake.Speed
		point     string        // where Close strikes: a call inside this point
		took      time.Duration // from Close to its return
	}{
		{"between heartbeats", fake.Instant, fake.Instant, "", 0},
		{"while a heartbeat hangs", fake.Hung, fake.Instant, "Heartbeat", 0},
		{"while a heartbeat deaf to the cancel is on the wire", fake.Deaf, fake.Instant, "Heartbeat", fake.Long},
		{"while a Watch's Subscribe hangs", fake.Instant, fake.Hung, "Subscribe", 0},
		{"while a callback runs", fake.Instant, fake.Instant, "callback", interval},
		{"while an hour-long callback runs", fake.Instant, fake.Instant, "callback", fake.Long},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				store := newFakeStore()
				m := leakcheck.Now()
				c := open(t, store)
				keys := []string{"flags", "tenants/acme", "tenants/globex"}
				var stops []func()
				slow := interval
				if tc.point == "callback" {
					slow = tc.took
				}
				cb := &recorder{slow: slow, points: &fake.Points{}}
				for _, key := range keys {
					stop, err := follow(t, c, key, cb.add)
					if !clause2.NoError(t, err, "Watch(%q)", key) {
						return
					}
					stops = append(stops, stop)
				}
				time.Sleep(2*interval + interval/2)
				beats := store.heartbeats()
				store.speeds(tc.heartbeat, tc.subscribe)

				late := make(chan error, 1)
				switch tc.point {
				case "Heartbeat":
					store.points.Await(t, "Heartbeat", 1, 2*interval)
				case "Subscribe":
					go func() {
						_, err := c.Watch("late", func(Change) {})
						late <- err
					}()
					store.points.Await(t, "Subscribe", 1, time.Minute)
				case "callback":
					store.publish("flags", "1")
					cb.points.Await(t, "callback", 1, time.Minute)
				}

				begin := time.Now()
				var running int
				if !within(2*fake.Long, func() { c.Close(); running = cb.inProgress() }) {
					clause3.Fatalf(t, "Close had not returned %v later", 2*fake.Long)
				}
				clause3.Equal(t, tc.took, time.Since(begin), "fake time Close took")
				clause3.Equal(t, 0, running, "callbacks in progress when Close returned")
				m.Stopped(t, clause3, "Close")
				clause3.Equal(t, 0, store.live(""), "subscriptions open at the store when Close returned")

				if tc.point == "Subscribe" {
					select {
					case err := <-late:
						clause3.ErrorIs(t, err, ErrClosed, "a Watch whose Subscribe was on the wire when Close ran")
					case <-time.After(time.Minute):
						clause3.Errorf(t, "a Watch whose Subscribe was on the wire when Close ran had not returned %v after Close returned", time.Minute)
					}
				}
				var err error
				if !within(time.Minute, func() { _, err = c.Watch("later", func(Change) {}) }) {
					clause3.Fatalf(t, "Watch after Close had not returned %v later", time.Minute)
				}
				clause3.ErrorIs(t, err, ErrClosed, "Watch after Close")
				var panicked any
				if !within(time.Minute, func() {
					panicked = safely(func() {
						for _, stop := range stops {
							stop() // after Close: nothing left to stop, and no harm done
						}
						c.Close()
					})
				}) {
					clause1.Fatalf(t, "stop and a second Close, after Close, had not returned %v later", time.Minute)
				}
				clause1.Check(t, panicked == nil, "stop or a second Close, after Close, panicked: %v", panicked)
				after := store.heartbeats()
				time.Sleep(3 * interval)
				clause3.Equal(t, after, store.heartbeats(), "heartbeats in %v after Close", 3*interval)
				if tc.point == "" {
					clause2.Equal(t, 2, beats, "heartbeats in %v", 2*interval+interval/2)
				}
			})
		})
	}
}

// TestCloseFromManyGoroutines closes the Client from three goroutines at once
// while a callback runs, on the real clock (a Close that waits on a lock for
// the first would stop a bubble's clock): each returns only once everything
// has ended.
func TestCloseFromManyGoroutines(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	store := newFakeStore()
	var c *Client
	if !within(5*time.Second, func() { c = Open(store, interval) }) {
		clause2.Fatalf(t, "Open had not returned %v later", 5*time.Second)
	}
	cb := &recorder{slow: 50 * time.Millisecond, points: &fake.Points{}}
	if _, err := follow(t, c, "flags", cb.add); !clause2.NoError(t, err, "Watch(%q)", "flags") {
		return
	}
	store.publish("flags", "1")
	if !cb.points.Await(t, "callback", 1, 5*time.Second) {
		return
	}
	var running [3]int
	var panicked [3]any
	if !leakcheck.Concurrently(t, clause3, 5*time.Second, map[string]func(){
		"Close":   func() { panicked[0] = safely(func() { c.Close() }); running[0] = cb.inProgress() },
		"Close 2": func() { panicked[1] = safely(func() { c.Close() }); running[1] = cb.inProgress() },
		"Close 3": func() { panicked[2] = safely(func() { c.Close() }); running[2] = cb.inProgress() },
	}) {
		return
	}
	for i := range 3 {
		clause3.Check(t, panicked[i] == nil, "Close, called from three goroutines at once, panicked: %v", panicked[i])
		clause3.Equal(t, 0, running[i], "callbacks in progress when Close, called from three goroutines at once, returned")
	}
}

// TestCallersRaceClose has Watch, stop and Close called at once, many
// rounds, in a bubble and on the real clock: all come back, a Watch returns
// a watch or ErrClosed, and nothing is left at the store or running.
func TestCallersRaceClose(t *testing.T) {
	round := func(t *testing.T, d time.Duration) bool {
		store := newFakeStore()
		var c *Client
		if !within(d, func() { c = Open(store, interval) }) {
			clause2.Errorf(t, "Open had not returned %v later", d)
			return false
		}
		stop, err := c.Watch("flags", func(Change) {})
		if !clause2.NoError(t, err, "Watch(%q)", "flags") {
			return false
		}
		var errs [2]error
		var stops [2]func()
		calls := map[string]func(){
			"Close":   func() { c.Close() },
			"Close 2": func() { c.Close() },
			"stop":    stop,
			"Watch":   func() { stops[0], errs[0] = c.Watch("tenants/acme", func(Change) {}) },
			"Watch 2": func() { stops[1], errs[1] = c.Watch("tenants/globex", func(Change) {}) },
			"publish": func() { store.publish("flags", "1"); store.publish("tenants/acme", "1") },
		}
		if !leakcheck.Concurrently(t, clause3, d, calls) {
			return false
		}
		for i, err := range errs {
			if err != nil && !clause3.ErrorIs(t, err, ErrClosed, "a Watch called while Close ran") {
				return false
			}
			if err == nil && stops[i] != nil && !within(d, stops[i]) {
				clause1.Errorf(t, "stop of a watch that Close ended had not returned %v later", d)
				return false
			}
		}
		// The store learns of a cancelled subscription a moment later, as a
		// server learns of a client's cancel.
		live := store.live("")
		for wait := time.Now().Add(d); live > 0 && time.Now().Before(wait); time.Sleep(50 * time.Microsecond) {
			live = store.live("")
		}
		return clause3.Equal(t, 0, live, "subscriptions open at the store once Close returned")
	}

	t.Run("bubble", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		leakcheck.Bubble(t, func(t *testing.T) {
			for range 10 {
				m := leakcheck.Now()
				if !round(t, time.Minute) || !m.Stopped(t, clause3, "Close") {
					return
				}
			}
		})
	})
	t.Run("real clock", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		// As many rounds as fit in half a second, at most 300.
		for i, end := 0, time.Now().Add(500*time.Millisecond); i < 300 && time.Now().Before(end); i++ {
			if !round(t, 5*time.Second) {
				return
			}
		}
	})
}
