// Exercise 12: the range that never ends.
//
// Walk visits every record of a paginated listing (a remote API that returns a
// page of records and a cursor to the next page). A goroutine fetches the pages
// and hands them over on a channel, so that fetching the next page overlaps with
// visiting the records of the current one.
//
// Goal: Walk returns on every path (end of the listing, a failed page, a
// cancel) and leaves nothing running; a failed page comes back as its error,
// after every record before it has been visited.
//
//  1. Walk visits every record of the listing once, in order, one at a time,
//     and lists the next page while the records of the current one are visited.
//  2. When a page fails to load, Walk visits every record of the pages before
//     it, in order, and returns an error that wraps the failure, as soon as
//     those records are visited.
//  3. When the caller's ctx ends before every record is visited, no List begins
//     after it and no record of a page listed after it is visited; Walk returns
//     nil only if it still visited every record, else an error matching
//     ctx.Err(), as soon as its last visit and the List in flight have
//     returned.
//  4. When Walk returns, whichever way, no goroutine it started and no List is
//     still running.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/12_range_never_closed/
package listing

import (
	"context"
	"fmt"
)

// Record is one entry of the listing.
type Record struct {
	ID   string
	Name string
}

// Page is one page of the listing.
type Page struct {
	Records []Record
	Next    string // cursor of the next page; "" on the last page
}

// Source serves the listing one page at a time.
type Source interface {
	// List returns the page at cursor ("" for the first page).
	List(ctx context.Context, cursor string) (Page, error)
}

// Walk calls visit for every record of the listing, in order, and returns the
// first error from src.
func Walk(ctx context.Context, src Source, visit func(Record)) error {
	pages := make(chan []Record)
	var listErr error

	go func() {
		cursor := ""
		for {
			page, err := src.List(ctx, cursor)
			if err != nil {
				listErr = fmt.Errorf("list page %q: %w", cursor, err)
				return
			}
			pages <- page.Records
			if page.Next == "" {
				close(pages)
				return
			}
			cursor = page.Next
		}
	}()

	for records := range pages {
		for _, r := range records {
			visit(r)
		}
	}
	return listErr
}
