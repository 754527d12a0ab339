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
		Number:    19,
		Dir:       "19_write_the_leak_test",
		Title:     "Write the leak test",
		Seed:      Seed000,
		Passage:   "Principle 5, test for goroutine leaks too: a ready-made leak checker, or a simple runtime.NumGoroutine() comparison of your own",
		Principle: "P5",
		Goal:      "CheckCache fails every Cache that leaves a goroutine running after Close and still passes correct ones, whatever else the process is running.",
		Hints: []string{
			"Read which known Caches your CheckCache passed: what do they leave running once Close has returned, and what in CheckCache looks at that?",
			"Compare the goroutines before newCache with those after Close. Goroutines that were running before CheckCache began are not this Cache's, and one that is on its way out after Close deserves a moment to finish.",
			"Principle P5 (seed 000, \"test for leaks too\"): the idiomatic tool is go.uber.org/goleak. One deferred line at the top of CheckCache, with goleak.IgnoreCurrent() evaluated before newCache, checks every Cache that ever runs it.",
		},
	},
	{
		Number:    20,
		Dir:       "20_watch_the_count",
		Title:     "Watch the goroutine count",
		Seed:      Seed000,
		Passage:   "Principle 6, watch the number of goroutines: expose it (pprof) and monitor it, rather than learn of a leak from the OOM killer",
		Principle: "P6",
		Goal:      "The service exports its live goroutine count as the Prometheus gauge go_goroutines at /metrics and serves net/http/pprof's profiles under /debug/pprof/ on its own mux.",
		Hints: []string{
			"Read the failing request: which route answers 404, and what would production be blind to without it?",
			"The gauge must be read at every scrape, not once at start-up: the test parks 200 goroutines between two scrapes. The profiles must be routed on the mux NewMux returns; a blank import of net/http/pprof only registers them on http.DefaultServeMux.",
			"Principle P6 (seed 000, \"watch the goroutine count\"): runtime.NumGoroutine() in the Prometheus text format (# TYPE go_goroutines gauge) needs no library; pprof.Index on \"/debug/pprof/\" serves every named profile (goroutine, heap, goroutineleak on Go 1.27+), next to pprof.Cmdline, Profile, Symbol and Trace.",
		},
	},
	// --- 17+ (later issues) go above this line ---
}
