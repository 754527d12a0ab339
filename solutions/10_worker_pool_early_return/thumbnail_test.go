package thumbnail

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

const (
	workers    = 8
	renderTime = 10 * time.Millisecond // per image, on synctest's fake clock
)

var errCorrupt = errors.New("corrupt JPEG header")

// fakeRenderer takes renderTime per image and fails on the image named bad.
type fakeRenderer struct {
	bad string

	mu      sync.Mutex
	calls   int // Render calls so far
	running int // Render calls in progress
}

func (r *fakeRenderer) Render(ctx context.Context, image string) (Thumb, error) {
	r.mu.Lock()
	r.calls++
	r.running++
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.running--
		r.mu.Unlock()
	}()

	select {
	case <-time.After(renderTime):
	case <-ctx.Done():
		return Thumb{}, ctx.Err()
	}
	if image == r.bad {
		return Thumb{}, errCorrupt
	}
	return Thumb{Image: image, Data: []byte("thumb of " + image)}, nil
}

func (r *fakeRenderer) stats() (calls, running int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls, r.running
}

func images(n int) []string {
	imgs := make([]string, n)
	for i := range imgs {
		imgs[i] = fmt.Sprintf("IMG_%04d.jpg", i)
	}
	return imgs
}

// renderAll calls RenderAll and returns what it returned and how long it took on
// the fake clock. Then it lets a minute of fake time pass and checks that nothing
// RenderAll started is still rendering: its workers must not outlive the call.
func renderAll(t *testing.T, ctx context.Context, r *fakeRenderer, imgs []string) (thumbs []Thumb, err error, took time.Duration) {
	t.Helper()
	start := time.Now()
	if !leakcheck.Within(t, time.Hour, "RenderAll", func() { thumbs, err = RenderAll(ctx, r, imgs, workers) }) {
		return nil, nil, time.Since(start)
	}
	took = time.Since(start)

	callsAtReturn, running := r.stats()
	assert.Zero(t, running, "RenderAll returned while renders were still running: its workers outlive the call (a goroutine leak until they finish)")
	time.Sleep(time.Minute)
	calls, _ := r.stats()
	assert.Equal(t, callsAtReturn, calls, "images were still being rendered after RenderAll returned: a leaked goroutine kept working")
	return thumbs, err, took
}

// batchTime is how long a pool of workers takes to render n images.
func batchTime(n int) time.Duration {
	return time.Duration((n+workers-1)/workers) * renderTime
}

func TestAllRendered(t *testing.T) {
	for _, n := range []int{0, 1, 10, 3000} {
		t.Run(fmt.Sprintf("%d images", n), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				imgs := images(n)
				r := &fakeRenderer{}

				thumbs, err, took := renderAll(t, t.Context(), r, imgs)

				require.NoError(t, err, "every image renders")
				require.Len(t, thumbs, n, "RenderAll must return one thumbnail per image")
				for i, th := range thumbs {
					require.Equal(t, imgs[i], th.Image, "thumbnail %d must be the one of image %d (results in the order of the batch)", i, i)
					require.Equal(t, "thumb of "+imgs[i], string(th.Data), "thumbnail %d must hold the rendered data", i)
				}
				assert.Equal(t, batchTime(n), took, "%d workers must render side by side", workers)
			})
		})
	}
}

func TestOneFails(t *testing.T) {
	// Big batches, and the bad image early, in the middle and near the end.
	for _, bad := range []int{0, 1500, 2990} {
		t.Run(fmt.Sprintf("image %d of 3000", bad), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				imgs := images(3000)
				r := &fakeRenderer{bad: imgs[bad]}

				thumbs, err, took := renderAll(t, t.Context(), r, imgs)

				require.ErrorIs(t, err, errCorrupt, "RenderAll must return the failed image's error")
				assert.Contains(t, err.Error(), imgs[bad], "the error must name the image that failed")
				assert.Nil(t, thumbs, "a failed batch returns no thumbnails")
				assert.Equal(t, batchTime(bad+1), took, "RenderAll must return as soon as an image fails")
				// Any goroutine of RenderAll's still blocked when this bubble ends is reported as a leak.
			})
		})
	}
}

func TestCallerCancels(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		r := &fakeRenderer{}
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Second+renderTime/2, cancel)

		thumbs, err, took := renderAll(t, ctx, r, images(3000))

		require.ErrorIs(t, err, context.Canceled, "RenderAll must return the cancellation")
		assert.Nil(t, thumbs, "a cancelled batch returns no thumbnails")
		assert.Equal(t, time.Second+renderTime/2, took, "RenderAll must return as soon as the caller cancels")
	})
}
