package words

// The observations package goal's testify-backed checks write after the
// test's own words (the %s): what they compared, and how it came out. The
// checker renders them in the learner's language with the test's words.
const (
	ObservedGotWant    = "%s: got %#v, want %#v"
	ObservedGotError   = "%s: got error %q"
	ObservedNoError    = "%s: got no error, want one matching %q"
	ObservedWrongError = "%s: got error %q, which does not match %q"
)
