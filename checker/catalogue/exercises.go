package catalogue

// Exercises lists every exercise in teaching order. Hints go from a nudge to the
// principle and the seed passage; the checker reveals one more per request.
var Exercises = []Exercise{
	{
		Number:    1,
		Dir:       "01_errs_capacity",
		Title:     "The forgotten errs capacity",
		Seed:      Seed000,
		Passage:   "userErr: errs := make(chan error, 1) // don't forget to increase when you add more goroutines",
		Principle: "P3",
		Goal:      "Whichever way Run returns, no goroutine it started is left blocked, however many keys it watches.",
		Hints: []string{
			"Read the goleak report: which line is every leaked goroutine stuck on, and who was supposed to receive?",
			"Count the senders and the receives on the early-return paths. A bigger buffer only moves the limit: the test watches thousands of keys.",
			"Principle P3 (seed 000, userErr): let golang.org/x/sync/errgroup own the goroutines and the first error; g.Wait() returns when all of them have.",
		},
	},

	// --- 02-03 (foundation) go above this line ---

	// --- 04-06 (issue 4, part a) go above this line ---

	{
		Number:    7,
		Dir:       "07_lost_cancel",
		Title:     "The lost cancel",
		Seed:      Seed000,
		Passage:   "Statefull.withTimeout: ctx, _ := context.WithTimeout(base, s.requestTimeout) // go vet complains, but we can ignore :(",
		Principle: "P2",
		Goal:      "When Put or a keepalive returns, nothing made for that request lives on, whatever context the caller passes in.",
		Hints: []string{
			"Read the failure: which goroutine is left, who created it, and what is it waiting for? Run go vet on the exercise too.",
			"A context derived with a deadline lives, with its timer and possibly a goroutine watching the parent, until its cancel func is called or the deadline passes. Who calls it here?",
			"Principle P2 (seed 000, withTimeout and \"go vet complains\"): end what a function starts in that same function: ctx, cancel := context.WithTimeout(ctx, d); defer cancel() right where the request is made.",
		},
	},

	{
		Number:    8,
		Dir:       "08_who_decides_timeout",
		Title:     "Who decides the timeout",
		Seed:      Seed000,
		Passage:   "Who decides the timeout: a client keeps a per-request timeout (WithRequestTimeout) and applies it inside the library to every raw request",
		Principle: "C1",
		Goal:      "Every call returns when the caller's ctx is done or its per-request timeout passes, and leaves no raw request running or waiting to deliver an answer.",
		Hints: []string{
			"Read the failures: after the call returned, what is the raw request still doing, and what ctx does it see?",
			"The client stops waiting but never tells the request to stop. Could the raw request's own ctx carry both the caller's cancellation and the client's timeout, so no second goroutine is needed?",
			"Principle C1 (seed 000, \"who decides the timeout\"): derive each raw request's ctx from the caller's with context.WithTimeout(ctx, c.requestTimeout), defer cancel(), and call the transport directly: the caller's ctx decides, the client's default bounds each request.",
		},
	},

	{
		Number:    9,
		Dir:       "09_trust_your_ctx",
		Title:     "Trust your own ctx",
		Seed:      Seed000,
		Passage:   "Don't trust context.DeadlineExceeded or context.Canceled from the wild: err == context.Canceled does not mean your ctx was cancelled; ask your own ctx.Err()",
		Principle: "C1",
		Goal:      "FetchAll reports the caller's cancellation or deadline only when the caller's ctx ended, retries the store's own failures, and leaves no fetch behind.",
		Hints: []string{
			"Read the failures: the caller never cancelled, yet FetchAll gave up, and 49 goroutines are stuck. Where are they stuck, and why did nobody read their results?",
			"A context error returned by the store may be the store's own timeout. Which value can tell you for certain whether your caller gave up?",
			"Principle C1 (seed 000, \"don't trust DeadlineExceeded/Canceled from the wild\"): decide with ctx.Err(), never with the callee's error; wrap the store's errors so they cannot pass for the caller's; let golang.org/x/sync/errgroup own the fetches so none outlives FetchAll.",
		},
	},

	// --- 07-09 (issue 4, part b) go above this line ---

	// --- 10-13 (issue 5, part a) go above this line ---

	// --- 14-16 (issue 5, part b) go above this line ---

	// --- 17+ (later issues) go above this line ---
}
