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
