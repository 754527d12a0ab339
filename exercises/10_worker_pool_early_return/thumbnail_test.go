package thumbnail

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

const (
	bigBatch   = 1000 // images in a big batch
	workers    = 8
	renderTime = 10 * time.Millisecond // per image, on synctest's fake clock
	// teardown is how long a render takes to give up once its ctx ends: a
	// real decoder notices the cancel between two blocks, not at once.
	teardown = time.Millisecond
	// waitLimit is how long a test waits for RenderAll, beyond the hour a render
	// that is deaf to a cancel takes.
	waitLimit = 3 * fake.Long
)

var errCorrupt = errors.New("corrupt JPEG header")

// reply is how the renderer answers one Render.
type reply struct {
	speed fake.Speed    // Instant, Prompt (after after), Slow, Hung or Deaf
	after time.Duration // Prompt's latency
	err   error         // the render's failure; nil: a thumbnail
}

var (
	instant = reply{speed: fake.Instant}
	normal  = reply{speed: fake.Prompt, after: renderTime}
	deaf    = reply{speed: fake.Deaf}
)

// renderer is the fake Renderer. plan says how the render of image number i
// answers. A render whose ctx ends while it works gives up after teardown
// (a Deaf one only when it is done, an hour after it began) with ctx.Err().
// A Render called with a ctx already done returns ctx.Err() at once and is
// not counted as a render.
type renderer struct {
	plan   func(i int) reply
	t0     time.Time
	points fake.Points // "Render" while a render works

	mu       sync.Mutex
	starts   []time.Duration // when each render began, since t0
	running  int             // renders in progress
	failures int             // renders that failed (not given up)
	peak     int             // most renders in progress at once
	finished time.Duration   // when the last render ended
}

func newRenderer(plan func(i int) reply) *renderer {
	return &renderer{plan: plan, t0: time.Now()}
}

func (r *renderer) Render(ctx context.Context, image string) (Thumb, error) {
	if err := ctx.Err(); err != nil {
		return Thumb{}, err
	}
	var i int
	if _, err := fmt.Sscanf(image, "IMG_%d.jpg", &i); err != nil {
		return Thumb{}, fmt.Errorf("fake renderer: no such image %q", image)
	}
	r.mu.Lock()
	r.starts = append(r.starts, time.Since(r.t0))
	r.running++
	r.peak = max(r.peak, r.running)
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.running--
		r.finished = time.Since(r.t0)
	}()
	defer r.points.Enter("Render")()

	rep := r.plan(i)
	if rep.speed == fake.Deaf {
		time.Sleep(fake.Long)
		if err := ctx.Err(); err != nil {
			return Thumb{}, err
		}
	} else if err := rep.speed.Wait(ctx, rep.after); err != nil {
		time.Sleep(teardown)
		return Thumb{}, err
	}
	if rep.err != nil {
		r.mu.Lock()
		r.failures++
		r.mu.Unlock()
		return Thumb{}, rep.err
	}
	return Thumb{Image: image, Data: []byte("thumb of " + image)}, nil
}

type renderStats struct {
	renders, running, peak, failures int
	finished                         time.Duration
}

func (r *renderer) stats() renderStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return renderStats{len(r.starts), r.running, r.peak, r.failures, r.finished}
}

// startedAfter counts the renders that began after at. (Those that began
// at the very instant cannot be told apart from those just before it.)
func (r *renderer) startedAfter(at time.Duration) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.starts {
		if s > at {
			n++
		}
	}
	return n
}

func images(n int) []string {
	imgs := make([]string, n)
	for i := range imgs {
		imgs[i] = fmt.Sprintf("IMG_%04d.jpg", i)
	}
	return imgs
}

// outcome is what one call of RenderAll returned, and when, since the
// renderer was made.
type outcome struct {
	thumbs   []Thumb
	err      error
	returned time.Duration
}

// renderAll calls RenderAll in the bubble and waits for it (waitLimit, fake
// time); if it does not return, clause c is broken and the test stops. Right
// after the return it checks clause 4: nothing RenderAll started is running.
func renderAll(t *testing.T, c goal.Clause, ctx context.Context, r *renderer, imgs []string) outcome {
	t.Helper()
	mark := leakcheck.Now()
	var res outcome
	done := make(chan struct{})
	go func() {
		defer close(done)
		res.thumbs, res.err = RenderAll(ctx, r, imgs, workers)
		res.returned = time.Since(r.t0)
	}()
	timer := time.NewTimer(waitLimit)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		c.Fatalf(t, "RenderAll had not returned %v after it was called", waitLimit)
	}
	st := r.stats()
	clause4.Check(t, st.running == 0, "%d render(s) still running when RenderAll returned", st.running)
	mark.Stopped(t, clause4, "RenderAll")
	time.Sleep(time.Minute)
	later := r.stats()
	clause4.Check(t, later.renders == st.renders, "%d render(s) began in the minute after RenderAll returned", later.renders-st.renders)
	return res
}

// batchTime is how long a pool of workers takes to render n images that
// take d each.
func batchTime(n int, d time.Duration) time.Duration {
	return time.Duration((n+workers-1)/workers) * d
}

func TestAllRendered(t *testing.T) {
	for _, speed := range []reply{instant, normal} {
		for _, n := range []int{0, 1, 10, bigBatch} {
			if !t.Run(fmt.Sprintf("%s/%d images", speed.speed, n), func(t *testing.T) {
				defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
				leakcheck.Bubble(t, func(t *testing.T) {
					imgs := images(n)
					r := newRenderer(func(int) reply { return speed })

					res := renderAll(t, clause1, context.Background(), r, imgs)

					if !clause1.Check(t, res.err == nil, "every image rendered; RenderAll returned the error %q", res.err) ||
						!clause1.Check(t, len(res.thumbs) == n, "RenderAll returned %d thumbnails for %d images", len(res.thumbs), n) {
						return
					}
					for i, th := range res.thumbs {
						if !clause1.Check(t, th.Image == imgs[i] && string(th.Data) == "thumb of "+imgs[i],
							"thumbnail %d is %q of image %q; the batch's image %d is %q", i, th.Data, th.Image, i, imgs[i]) {
							return
						}
					}
					st := r.stats()
					clause1.Check(t, st.renders == n, "%d images, %d renders", n, st.renders)
					clause1.Check(t, st.peak <= workers, "%d renders ran at once with %d workers", st.peak, workers)
					clause1.Check(t, res.returned == batchTime(n, speed.after),
						"%d images of %v each, %d workers: RenderAll returned after %v", n, speed.after, workers, res.returned)
					if speed.speed == fake.Prompt {
						clause1.Check(t, st.peak == min(n, workers), "at most %d renders ran at once with %d workers and %d images", st.peak, workers, n)
					}
				})
			}) {
				return // the first failing case says enough
			}
		}
	}
}

func TestOneFails(t *testing.T) {
	// The bad image early, in the middle and near the end of a big batch; it
	// fails half-way through a render (or at once), while the other workers
	// are busy with their own images, which honour the cancel or are deaf to it.
	for _, others := range []reply{normal, deaf} {
		for _, failAfter := range []time.Duration{renderTime / 2, renderTime / 10} {
			for _, bad := range []int{0, bigBatch / 2, bigBatch - 10} {
				name := fmt.Sprintf("others %s/fails after %v/image %d of %d", others.speed, failAfter, bad, bigBatch)
				if !t.Run(name, func(t *testing.T) {
					defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
					leakcheck.Bubble(t, func(t *testing.T) {
						imgs := images(bigBatch)
						// The bad image's own round starts every worker on
						// one of its images at the same instant.
						round := batchTime(bad+1, renderTime) - renderTime
						r := newRenderer(func(i int) reply {
							switch {
							case i == bad:
								return reply{speed: fake.Prompt, after: failAfter, err: errCorrupt}
							case i/workers == bad/workers:
								return others
							}
							return normal
						})

						res := renderAll(t, clause2, context.Background(), r, imgs)

						failed := round + failAfter
						checkFailure(t, res, imgs[bad])
						want := failed + teardown // the other workers were still rendering
						if others.speed == fake.Deaf {
							want = round + fake.Long
						}
						clause2.Check(t, res.returned == want, "image %s failed at %v and the renders in progress had given up at %v; RenderAll returned at %v",
							imgs[bad], failed, want, res.returned)
						clause2.Check(t, r.startedAfter(failed) == 0, "%d render(s) began after image %s failed at %v", r.startedAfter(failed), imgs[bad], failed)
					})
				}) {
					return // the first failing case says enough
				}
			}
		}
	}
}

func checkFailure(t *testing.T, res outcome, image string) {
	t.Helper()
	if !clause2.Check(t, errors.Is(res.err, errCorrupt), "image %s failed with %q; RenderAll returned %v", image, errCorrupt, errText(res.err)) {
		return
	}
	clause2.Check(t, strings.Contains(res.err.Error(), image), "image %s failed; RenderAll returned %q", image, res.err)
	clause2.Check(t, res.thumbs == nil, "image %s failed; RenderAll returned %d thumbnails with its error", image, len(res.thumbs))
}

// errText is err as the messages quote it.
func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", err)
}

// TestCallerEnds ends the caller's ctx before the call, while every worker
// renders (early, and in the last round), and while renders that are deaf to
// the cancel run, by cancel and by deadline.
func TestCallerEnds(t *testing.T) {
	ends := []struct {
		name   string
		at     time.Duration // since RenderAll was called; negative: before
		render reply
	}{
		{"before the call", -1, normal},
		{"in the first round", renderTime / 2, normal},
		{"mid-batch", time.Second + renderTime/2, normal},
		{"in the last round", batchTime(bigBatch, renderTime) - renderTime/2, normal},
		{"while deaf renders run", time.Second + renderTime/2, deaf},
	}
	for _, end := range ends {
		for _, deadline := range []bool{false, true} {
			name := "cancel/" + end.name
			if deadline {
				name = "deadline/" + end.name
			}
			if !t.Run(name, func(t *testing.T) {
				defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
				leakcheck.Bubble(t, func(t *testing.T) {
					r := newRenderer(func(i int) reply {
						if end.render.speed == fake.Deaf && i >= 800 {
							return deaf
						}
						return normal
					})
					var ctx context.Context
					var cancel context.CancelFunc
					switch {
					case deadline:
						ctx, cancel = context.WithTimeout(context.Background(), max(end.at, 0))
					default:
						ctx, cancel = context.WithCancel(context.Background())
						if end.at < 0 {
							cancel()
						} else {
							time.AfterFunc(end.at, cancel)
						}
					}
					defer cancel()

					res := renderAll(t, clause3, ctx, r, images(bigBatch))

					ended := max(end.at, 0)
					if !clause3.Check(t, res.err != nil && errors.Is(res.err, ctx.Err()), "the caller's ctx ended with %q at %v; RenderAll returned %v",
						ctx.Err(), ended, errText(res.err)) {
						return
					}
					clause3.Check(t, res.thumbs == nil, "the caller's ctx ended; RenderAll returned %d thumbnails with its error", len(res.thumbs))
					want := ended
					switch {
					case end.at < 0:
					case end.render.speed == fake.Deaf:
						want = time.Second + fake.Long // the round in progress began at 1s
					default:
						want += teardown
					}
					clause3.Check(t, res.returned == want, "the caller's ctx ended at %v and the renders in progress had given up at %v; RenderAll returned at %v",
						ended, want, res.returned)
					clause3.Check(t, r.startedAfter(ended) == 0, "%d render(s) began after the caller's ctx ended at %v", r.startedAfter(ended), ended)
				})
			}) {
				return // the first failing case says enough
			}
		}
	}
}

// TestRacesTheEnd runs on the real clock: renders take microseconds, one
// image may fail and the caller may cancel, all at random instants, so the
// ends land anywhere, including in RenderAll's own last steps. Whatever it
// returns must be one of the honest answers, with nothing left running.
func TestRacesTheEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(300 * time.Millisecond)
	for round := 0; round < 300 && time.Now().Before(deadline); round++ {
		const n = 64
		imgs := images(n)
		bad := rand.IntN(2 * n) // no image fails in half the rounds
		r := newRenderer(func(i int) reply {
			if i == bad {
				return reply{speed: fake.Instant, err: errCorrupt}
			}
			return reply{speed: fake.Prompt, after: time.Duration(rand.IntN(50)) * time.Microsecond}
		})
		ctx, cancel := context.WithCancel(context.Background())
		timer := time.AfterFunc(time.Duration(rand.IntN(500))*time.Microsecond, cancel)

		var thumbs []Thumb
		var err error
		if !leakcheck.Within(t, 2*time.Second, "RenderAll", func() { thumbs, err = RenderAll(ctx, r, imgs, workers) }) {
			cancel()
			return
		}
		st := r.stats()
		ended := ctx.Err() != nil
		timer.Stop()
		cancel()
		if !clause4.Check(t, st.running == 0, "round %d: %d render(s) still running when RenderAll returned", round, st.running) {
			return
		}
		switch {
		case err == nil && st.failures > 0:
			clause2.Errorf(t, "round %d: image %d failed; RenderAll returned no error", round, bad)
			return
		case err == nil && len(thumbs) != n && ended:
			clause3.Errorf(t, "round %d: the caller cancelled; RenderAll returned no error and %d thumbnails for %d images", round, len(thumbs), n)
			return
		case err == nil:
			if !clause1.Check(t, len(thumbs) == n, "round %d: no image failed; RenderAll returned %d thumbnails for %d images", round, len(thumbs), n) {
				return
			}
		case errors.Is(err, errCorrupt):
			if !clause2.Check(t, thumbs == nil, "round %d: image %d failed; RenderAll returned %q and %d thumbnails", round, bad, err, len(thumbs)) {
				return
			}
		case !ended:
			clause3.Errorf(t, "round %d: the caller's ctx was live and no image failed with it; RenderAll returned %q", round, err)
			return
		default:
			if !clause3.Check(t, errors.Is(err, context.Canceled) && thumbs == nil, "round %d: the caller cancelled; RenderAll returned %q and %d thumbnails", round, err, len(thumbs)) {
				return
			}
		}
		time.Sleep(time.Millisecond)
		if later := r.stats(); !clause4.Check(t, later.renders == st.renders, "round %d: %d render(s) began after RenderAll returned", round, later.renders-st.renders) {
			return
		}
	}
}
