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

	{
		Number:    2,
		Dir:       "02_background_task",
		Title:     "BackgroundTask: the report channel nobody drains",
		Seed:      Seed000,
		Passage:   "What does cancel() stop? BackgroundTask(ctx) returning <-chan Report and the Continue variant",
		Principle: "P2",
		Goal:      "Watch's goroutine ends when the caller cancels, even if it stopped reading, and a reading caller gets every report.",
		Hints: []string{
			"The goroutine is stuck on one line in the report. What is it waiting for, and will that ever come once the caller has stopped reading?",
			"A bigger buffer only delays the block: the test reads nothing for an hour of fake time. Every place the goroutine waits must also be able to see the caller give up.",
			"Principle P2 (seed 000, BackgroundTask): bound the goroutine by the caller's ctx; the send is a select with case <-ctx.Done(): return. Dropping reports is not an option: a slow reader must get them all.",
		},
	},
	{
		Number:    3,
		Dir:       "03_channel_statefull",
		Title:     "The channel-only Statefull",
		Seed:      Seed000,
		Passage:   "Extra: trying hard with channels: Statefull whose Put and Current talk to a Run event loop over putCh and getCh",
		Principle: "P3",
		Goal:      "Once Run has returned, Put fails with ErrStopped and Current returns the last lease, both promptly.",
		Hints: []string{
			"Put and Current are stuck on channel operations in the report. Which goroutine was supposed to be on the other end, and where is it now?",
			"Draining putCh and getCh after the loop stops raises a new question: until when? Ask instead whether the lease needs a goroutine at all.",
			"Principle P3 (seed 000, the Activate pattern's Statefull): guard the lease with a sync.Mutex; Run only ticks and sends keepalives, and marks the Statefull stopped with defer when it returns.",
		},
	},
	// --- 02-03 (foundation) go above this line ---

	// --- 04-06 (issue 4, part a) go above this line ---

	// --- 07-09 (issue 4, part b) go above this line ---

	// --- 10-13 (issue 5, part a) go above this line ---

	// --- 14-16 (issue 5, part b) go above this line ---

	{
		Number:    17,
		Dir:       "17_find_it_in_production",
		Title:     "Find it in production",
		Seed:      Seed000,
		Passage:   "Principle 6: watch the goroutine count with pprof, before the OOM killer finds the leak for you",
		Principle: "P6",
		Goal:      "A search request leaves no goroutine behind, whatever the limit, and still answers the first matches in catalogue order.",
		Hints: []string{
			"Drive the service (README.md) and watch /debug/pprof/goroutine?debug=1: which request makes the count grow, and which line do the extra goroutines sit on?",
			"The handler stops reading after limit matches. Who is still trying to hand over the next one? A bigger buffer only moves the limit: the catalogue has 3000 lamps.",
			"Principle P6 (seed 000, watch the count): /debug/pprof/goroutineleak (Go 1.27+) names the stuck line. Principle P1 fixes it: the matches need no goroutine; return an iter.Seq and let the handler's break end it.",
		},
	},
	{
		Number:    18,
		Dir:       "18_detectors_disagree",
		Title:     "The detectors disagree",
		Seed:      Seed000,
		Passage:   "Principle 5: test for leaks; the channel-only Statefull's event loop (extra section), kept reachable by a registry",
		Principle: "P5",
		Goal:      "Whichever way Open returns, nothing it started is left running for nobody, and an open session keeps its values until Close.",
		Hints: []string{
			"Run the test with GOTOOLCHAIN=go1.27.3 and -v: the runtime's profile is silent, goleak is not. Which goroutine does goleak report, and what still points to it?",
			"Follow Open when the store fails: what has it already started and registered, and who will ever call Close on a session it never returned?",
			"Principle P5 (seed 000, test for leaks): a reachable leak is invisible to the runtime, so the test is what catches it. Do everything that can fail before starting the loop and registering the session.",
		},
	},
	// --- 17+ (later issues) go above this line ---
}
