package fx

import "go.uber.org/goleak"

// LeakOptions returns the options that tests of code using this package pass
// to goleak (VerifyNone, Find, VerifyTestMain): which of the package's
// goroutines may outlive a test, and nothing more. It lives in the package,
// not in a test file, so that every importer's tests can use it.
func LeakOptions() []goleak.Option {
	return nil
}
