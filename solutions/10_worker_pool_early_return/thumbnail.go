// Exercise 10: the worker pool that gave up early.
//
// RenderAll renders a thumbnail for every image of a batch with a fixed pool of
// workers: one goroutine hands out the images, the workers render them and send
// each result back, and RenderAll collects the results in the order of the batch.
// A batch is all or nothing: the first image that fails to render fails the batch.
//
// Goal: Whichever way RenderAll returns, none of its goroutines is left blocked
// or still rendering, however large the batch.
//
//  1. When every image renders, RenderAll returns each image's thumbnail in the
//     order of the batch, rendered by the given number of workers side by side,
//     never more at once.
//  2. When an image fails, RenderAll returns no thumbnails and an error that
//     wraps the render's error and names the image, as soon as the renders in
//     progress have given up; no render starts after the failure.
//  3. When the caller's ctx ends first, RenderAll returns no thumbnails and an
//     error matching ctx.Err(), as soon as the renders in progress have given
//     up; no render starts after the end.
//  4. When RenderAll returns, no goroutine it started and no render is still
//     running, and none starts later, however large the batch.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/10_worker_pool_early_return/
package thumbnail

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Thumb is a rendered thumbnail.
type Thumb struct {
	Image string // the image it was rendered from
	Data  []byte
}

// Renderer renders one thumbnail. Render returns early with ctx.Err() when ctx is
// cancelled.
type Renderer interface {
	Render(ctx context.Context, image string) (Thumb, error)
}

// RenderAll renders every image with the given number of workers and returns the
// thumbnails in the order of images, or the first error.
//
// The feeder and the workers belong to one errgroup, and RenderAll returns after
// its single g.Wait, so no goroutine outlives the call. A worker that fails
// returns its error, which cancels the group's ctx: the renders in progress give
// up, and the feeder, whose send also selects on ctx.Done(), stops and closes
// jobs, its channel, on every way out, which ends the workers' range. Each worker
// writes its thumbnails straight into their own slots of thumbs: no results
// channel, so no send is left waiting for a collector that has returned.
func RenderAll(ctx context.Context, r Renderer, images []string, workers int) ([]Thumb, error) {
	g, ctx := errgroup.WithContext(ctx)

	jobs := make(chan int)
	g.Go(func() error {
		defer close(jobs)
		for i := range images {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})

	thumbs := make([]Thumb, len(images))
	for range workers {
		g.Go(func() error {
			for i := range jobs {
				thumb, err := r.Render(ctx, images[i])
				if err != nil {
					return fmt.Errorf("render %s: %w", images[i], err)
				}
				thumbs[i] = thumb // index i is this worker's alone; g.Wait orders the write before the return
			}
			return nil
		})
	}

	if err := g.Wait(); err != nil {
		return nil, err
	}
	return thumbs, nil
}
