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

	{
		Number:    4,
		Dir:       "04_blocking_activate",
		Title:     "The helpful non-blocking Activate",
		Seed:      Seed000,
		Passage:   "The Activate pattern: Statefull.Activate blocks in a plain for loop until ctx is cancelled (returns nil) or a keepalive fails (returns the error)",
		Principle: "P1",
		Goal:      "Activate keeps the value alive until ctx is cancelled or a keepalive fails, reports that failure, and leaves nothing running when it returns.",
		Hints: []string{
			"Read the failures: how long did Activate take, and which function created the goroutine the report lists?",
			"Activate returns before its work is done, so nobody can wait for that work or hear how it ended. What if Activate simply did the work itself, for as long as it takes?",
			"Principle P1 (seed 000, the Activate pattern): don't fear a blocking function. Run the keepalive loop in Activate itself, return nil on <-ctx.Done() and the wrapped error on failure; the caller writes go if it wants one.",
		},
	},

	{
		Number:    5,
		Dir:       "05_longtask_ctx_in_struct",
		Title:     "The lock that keeps its context",
		Seed:      Seed000,
		Passage:   "Start()/Stop() and context.Context: the LongTask struct with ctx and cancel fields, whose goroutine's lifetime spreads over the whole struct",
		Principle: "P2",
		Goal:      "However RunExclusive ends, nothing it started is still running when it returns and its lease is revoked.",
		Hints: []string{
			"Read the report: which function started the goroutine that is still renewing the lease, and which path returned without stopping it?",
			"The keepalive goroutine starts in NewLock but can only be stopped by Unlock, and an error path in between never gets a Lock to unlock. A cancel func in a struct field is the warning sign.",
			"Principle P2 (seed 000, the LongTask struct with ctx and cancel): end the goroutine in the function that started it. Let RunExclusive grant, keep alive, acquire, run and revoke in one call, with a deferred cancel plus sync.WaitGroup.Wait (and Revoke on a context.WithoutCancel ctx).",
		},
	},

	{
		Number:    6,
		Dir:       "06_keepalive_per_put",
		Title:     "A keepalive for every Put",
		Seed:      Seed000,
		Passage:   "Put(ctx, kaCtx, value): Statefull starts a keepalive goroutine per Put that lives until kaCtx is cancelled, \"a future where kaCtx's cancel is forgotten\"",
		Principle: "P2",
		Goal:      "However many times Put is called, only the latest lease is kept alive, and once Close returns no keepalive is left running.",
		Hints: []string{
			"Read the report and the counts: how many leases are still renewed after thousands of Puts, and which line started all those goroutines?",
			"Each Put starts a goroutine with a context of its own, then overwrites the only cancel func that could stop the previous one; Close cancels just the last and does not wait.",
			"Principle P2 (seed 000, Put with its own kaCtx): give the keepalive one owner. Put and Close stop the current one (cancel, then sync.WaitGroup.Wait) before replacing or dropping it, and a closed Announcer starts nothing.",
		},
	},

	// --- 04-06 (issue 4, part a) go above this line ---

	// --- 07-09 (issue 4, part b) go above this line ---

	// --- 10-13 (issue 5, part a) go above this line ---

	// --- 14-16 (issue 5, part b) go above this line ---

	// --- 17+ (later issues) go above this line ---
}
