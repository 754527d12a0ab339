package leakprofile

// Every sentence this package says to a learner is in this file, so that a
// translated edition replaces this file only (the checker's own sentences are in
// checker/internal/ui/messages.go). The %s verbs are filled with the phrases
// below them (msgBlockedOn*, msgWhat*) or with a goroutine's state or location.

// HowToGet says what to install or set to get the profile.
const HowToGet = "this Go has no goroutineleak profile: it comes with Go 1.27 and later " +
	"(try GOTOOLCHAIN=go1.27.3 in front of the go command), or Go 1.26 built with GOEXPERIMENT=goroutineleakprofile"

const (
	msgUnavailable = "the Go runtime's view is unavailable: " + HowToGet
	msgNoProfile   = "the Go runtime's view is missing: no goroutineleak profile was written for this test " +
		"(leakcheck.VerifyNone writes one when goleak reports a leak, unless the test was stopped before); goleak's report stands"

	// Confirmed: %s is a msgBlockedOn* phrase, %s a msgWhat* one.
	msgConfirmed      = "confirmed by the Go runtime: %s, and nothing that can still run can reach %s"
	msgConfirmedCount = " (%d of %d goroutines stuck there marked leaked)"

	// Not confirmed: msgNotConfirmed is followed by one of the reasons below.
	msgNotConfirmed = "not confirmed by the Go runtime (goleak's report stands): "
	// %s is where goleak saw it stuck (msgWhere).
	msgNotInProfile = "not confirmed by the Go runtime: its profile has no goroutine stuck at %s" +
		" (it ended before the profile was written, or the profile comes from another run); goleak's report stands"

	msgInBubble = "it is blocked inside a testing/synctest bubble, and the runtime's leak analysis skips bubbled goroutines " +
		"(their waits are \"durable\"). synctest's own report, \"main bubble goroutine has exited but blocked goroutines remain\", " +
		"is the runtime's word here: nothing left in the bubble can wake it"
	// %s is the state: running, runnable or sleep.
	msgNotBlocked = "it is not blocked but %s: a loop that never blocks (it sleeps, ticks or spins), " +
		"which the runtime never calls leaked; only a test that checks nothing is left running catches it"
	// %s is the state: IO wait or syscall.
	msgNotWaitingOnSync = "it waits on %s (network or system call), which the runtime's analysis does not cover: " +
		"it only judges goroutines blocked on channels and sync primitives"
	msgHiddenChan = "what it waits on is still reachable: a live struct, a package variable or a goroutine that can still run " +
		"holds the channel. Or it is a shape the runtime's analysis cannot see: a closure that sends a variable it captured " +
		"(go func() { ch <- x }()) is never reported on Go 1.26 and 1.27"
	msgHiddenLock = "what it waits on is still reachable (a live struct or a package variable holds the lock), " +
		"or the lock is held in a shape the runtime's analysis cannot see"
	// %s is a msgWhat* phrase.
	msgReachable = "what it waits on is still reachable: a live struct, a package variable or a goroutine that can still run " +
		"holds %s, so the runtime cannot prove that nobody will ever use it"

	msgBlockedOnSend    = "blocked forever sending on a channel"
	msgBlockedOnReceive = "blocked forever receiving from a channel"
	msgBlockedOnSelect  = "blocked forever in a select"
	msgBlockedOnOther   = "blocked forever (%s)" // %s is the state

	msgWhatChannel   = "the channel"
	msgWhatWaitGroup = "the WaitGroup"
	msgWhatCond      = "the sync.Cond"
	msgWhatLock      = "the lock"
	msgWhatOther     = "what it waits on"

	msgWhere = "%s (%s:%d)" // function (file:line)
)
