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
	"sync"
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
	err   error
}

// RenderAll renders every image with the given number of workers and returns the
// thumbnails in the order of images, or the first error.
func RenderAll(ctx context.Context, r Renderer, images []string, workers int) ([]Thumb, error) {
	jobs := make(chan int)
	results := make(chan result)

	go func() {
		for i := range images {
			jobs <- i
		}
		close(jobs)
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				thumb, err := r.Render(ctx, images[i])
				results <- result{index: i, thumb: thumb, err: err}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	thumbs := make([]Thumb, len(images))
	for res := range results {
		if res.err != nil {
			return nil, fmt.Errorf("render %s: %w", images[res.index], res.err)
		}
		thumbs[res.index] = res.thumb
	}
	return thumbs, nil
}
