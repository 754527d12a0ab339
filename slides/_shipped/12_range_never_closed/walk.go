// Exercise 12: the range that never ends.
//
// Walk visits every record of a paginated listing (a remote API that returns a
// page of records and a cursor to the next page). A goroutine fetches the pages
// and hands them over on a channel, so that fetching the next page overlaps with
// visiting the records of the current one.
//
// Goal: Walk returns, and leaves no goroutine behind, whether the listing ends,
// a page fails to load or the caller cancels. Every record of the pages loaded
// before a failure is still visited, in order, and the failure is returned.
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
