package fx

import (
	"reflect"
	"runtime"

	"go.uber.org/goleak"
)

// LeakOptions returns the options that tests of code using this package pass
// to goleak (VerifyNone, Find, VerifyTestMain): which of the package's
// goroutines may outlive a test, and nothing more. It lives in the package,
// not in a test file, so that every importer's tests can use it.
func LeakOptions() []goleak.Option {
	return []goleak.Option{
		// The refresher lives for the process by design (see the package
		// comment): it is not a leak, however long it runs.
		//
		// It is named by a function only its stack holds. Its top function is
		// time.Sleep, and IgnoreTopFunction("time.Sleep") would hide every
		// goroutine sleeping in a loop anywhere; IgnoreCurrent would hide
		// whatever happens to be running when the options are made.
		goleak.IgnoreAnyFunction(funcName(refreshLoop)),
	}
}

// funcName returns the name goleak sees in a stack for f, so that renaming or
// moving refreshLoop keeps the option right.
func funcName(f any) string {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
}
