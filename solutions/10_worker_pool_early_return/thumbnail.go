// Exercise 10: the worker pool that gave up early.
//
// RenderAll renders a thumbnail for every image of a batch with a fixed pool of
// workers: one goroutine hands out the images, the workers render them and send
// each result back, and RenderAll collects the results in the order of the batch.
// A batch is all or nothing: the first image that fails to render fails the batch.
//
// Goal: whichever way RenderAll returns (every image rendered, one failed), no
// goroutine it started is left behind and no render is still running, however
// large the batch. RenderAll keeps its contract: every thumbnail in order on
// success, the first error otherwise, and it returns as soon as an image fails.
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

type result struct {
	index int
	thumb Thumb
}

// RenderAll renders every image with the given number of workers and returns the
// thumbnails in the order of images, or the first error.
//
// The feeder and the workers belong to one errgroup. An error no longer travels
// on the results channel, where a collector that stops reading strands every
// other sender: a worker returns it, which cancels the group's ctx, and every
// channel operation also selects on ctx.Done(), so nothing waits for a reader or
// a writer that is gone. RenderAll collects until the channel is closed, which
// happens only after g.Wait, so it returns after the last worker has.
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

	results := make(chan result)
	for range workers {
		g.Go(func() error {
			for i := range jobs {
				thumb, err := r.Render(ctx, images[i])
				if err != nil {
					return fmt.Errorf("render %s: %w", images[i], err)
				}
				select {
				case results <- result{index: i, thumb: thumb}:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	go func() {
		g.Wait()
		close(results)
	}()

	thumbs := make([]Thumb, len(images))
	for res := range results {
		thumbs[res.index] = res.thumb
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return thumbs, nil
}
