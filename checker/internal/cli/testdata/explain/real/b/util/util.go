// Package util (under b/, the same directory name as a/util) starts a loop on
// a package-level channel: goleak reports it; the runtime cannot prove it
// stuck, since the channel stays reachable.
package util

var events = make(chan string)

// Listen starts a listener that nobody stops.
func Listen() {
	go func() {
		for e := range events {
			_ = e
		}
	}()
}
