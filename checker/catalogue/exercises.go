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
		Goal:      "Whichever way Run returns, every goroutine it started has ended by then, however many keys it watches.",
		Hints: []string{
			"Read the goleak report: which line is every leaked goroutine stuck on, and who was supposed to receive?",
			"Count the senders and the receives on the early-return paths. A bigger buffer only lets the senders finish later, if the buffer happens to be big enough: the test wants them finished when Run returns.",
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

	{
		Number:    10,
		Dir:       "10_worker_pool_early_return",
		Title:     "The worker pool that gave up early",
		Seed:      Seed001,
		Passage:   "Deep Dive: the early return on an error leaves the workers' sends on an unbuffered channel blocked forever; the fix selects on ctx.Done() around every results send",
		Principle: "E1",
		Goal:      "Whichever way RenderAll returns, none of its goroutines is left blocked or still rendering, however large the batch.",
		Hints: []string{
			"Read the goleak report: which lines are the workers and the feeder stuck on, and who stopped receiving?",
			"After the collector's return nobody reads results again, so every send there needs a way out, and the work still queued must stop. A buffer only moves the limit: the batch has 3000 images.",
			"Principle E1 (seed 001, the worker and its select on ctx.Done() around the results send): run the feeder and workers in an errgroup.WithContext, return errors from the workers instead of sending them, select on ctx.Done() around each send and collect until g.Wait() closes the channel.",
		},
	},
	{
		Number:    11,
		Dir:       "11_unbounded_spawn",
		Title:     "The consumer without a bound",
		Seed:      Seed001,
		Passage:   "Verification table: peak goroutines 50,000+ (unbounded) before, 120 (controlled) after the worker pool that limits concurrency",
		Principle: "E2",
		Goal:      "Run never has more than Limit handlers (or goroutines waiting to become one) at once, yet keeps Limit busy while a backlog waits.",
		Hints: []string{
			"Read the failure: how many handlers ran at once, and how many did Limit allow? What stops Run from receiving the next batch?",
			"Taking at most Limit messages per Receive bounds nothing while the queue has a backlog. A semaphore acquired inside each new goroutine still starts one goroutine per message, and waiting for a whole batch leaves slots idle.",
			"Principle E2 (seed 001's worker pool that took 50,000+ goroutines down to 120; and P1: a message waiting for a handler needs no goroutine): bound the goroutines themselves: errgroup's SetLimit makes g.Go block until a handler returns (or run a fixed pool of Limit workers).",
		},
	},
	{
		Number:    12,
		Dir:       "12_range_never_closed",
		Title:     "The range that never ends",
		Seed:      Seed000,
		Passage:   "[2] End a goroutine in the function that started it: BackgroundTask's goroutine begins with defer close(progress), so a range over progress ends on every way out (NoCloseRange in the leak taxonomy)",
		Principle: "P2",
		Goal:      "Walk returns on every path (end of the listing, a failed page, a cancel), with every record before the failure visited and the failure returned.",
		Hints: []string{
			"Read the report: Walk itself is stuck in its range. What ends a range over a channel, and which path of the fetching goroutine never does it?",
			"Only the sender may close a channel, and it must close it on every return, early ones included. Swallowing the error or stopping the range on a timer loses records or the error; the test checks both.",
			"Principle P2 (seed 000, [2] and BackgroundTask's defer close(progress)): let the goroutine that sends own the channel: defer close(pages) as its first statement, and pass its error back through a variable the close orders (or an errgroup).",
		},
	},
	{
		Number:    13,
		Dir:       "13_http_body_not_closed",
		Title:     "The response body nobody closed",
		Seed:      Seed000,
		Passage:   "[2] Leaving a goroutine's end to another function's Close() is a danger sign: the transport's goroutines for a connection end only when the caller closes the response body",
		Principle: "P2",
		Goal:      "No call to Price, failed or not, leaves a transport goroutine behind, and calls keep reusing one connection.",
		Hints: []string{
			"Read the goleak report: net/http.(*persistConn).readLoop and writeLoop belong to one connection each. What are they waiting for, and which path of Price never gives it to them?",
			"A response holds its connection until its body is closed. Closing the idle connections or setting a client Timeout does not free a connection that is still in use; closing a body that was not read to the end closes the connection instead of reusing it.",
			"Principle P2 (seed 000, [2]: whoever gets the Close() must call it, on every path): defer resp.Body.Close() right after the error check of Do, and read what is left of the body (bounded, io.Copy(io.Discard, io.LimitReader(...))) before closing it so the connection goes back to the pool.",
		},
	},

	// --- 10-13 (issue 5, part a) go above this line ---

	{
		Number:    14,
		Dir:       "14_actor_shutdown",
		Title:     "The read loop nobody woke up",
		Seed:      Seed002,
		Passage:   "Implementation plan: to get out of recv, close the net.Conn; close a broadcast channel for the select loops; Wait, then finalize",
		Principle: "A1",
		Goal:      "However a session ends, every goroutine it started has exited before OnClose runs, once, and Shutdown returns only after it.",
		Hints: []string{
			"Read the goleak report: which goroutine is still alive after Shutdown, and what is it waiting for? Can it ever see the done channel?",
			"A goroutine blocked in conn.Read wakes up only when the connection is closed. And OnClose must not run before all three loops have returned: count them before you start them.",
			"Principle A1 (seed 002, implementation plan): stop once with sync.Once (close the conn, close a broadcast channel), let every loop stop the others when it returns, and finalize only after sync.WaitGroup.Wait.",
		},
	},

	{
		Number:    15,
		Dir:       "15_actor_bugs",
		Title:     "The Outbox that finished too early",
		Seed:      Seed002,
		Passage:   "Example code: wg.Add(1) at the top of each goroutine; the warning that sending on a closed channel panics, so close a channel only to broadcast",
		Principle: "A1",
		Goal:      "When Shutdown returns every queued message is written and the connection closed, and Notify afterwards returns an error instead of panicking or blocking.",
		Hints: []string{
			"Read the failures: which goroutine is still running when Shutdown returns, and which channel does Notify send on after Shutdown?",
			"wg.Wait only waits for what was already counted: a goroutine that calls Add itself may not have run yet. And a channel that others send on must never be closed; broadcast the shutdown on a separate one.",
			"Principle A1 (seed 002, example code and the warning after it): call wg.Add before the go statement, close only a done channel that nobody sends on, and let Notify select on it to return ErrClosed.",
		},
	},

	{
		Number:    16,
		Dir:       "16_lock_scope",
		Title:     "The Hub that held its lock too long",
		Seed:      Seed002,
		Passage:   "Avoiding deadlocks: keep the locked range narrow, never take a lock inside a lock, don't iterate a collection under a lock; guard shared state with small getters",
		Principle: "A2",
		Goal:      "Kick and ShutdownAll return once their sessions have finished, even when a session calls back into the Hub, and the Hub keeps serving other callers meanwhile.",
		Hints: []string{
			"Read the stuck goroutine's stack from the bottom up: which lock does it want, and who is holding it?",
			"A session's Shutdown calls Hub.Remove, which takes the Hub's mutex; sync.Mutex is not reentrant. What does the Hub really need the lock for while a session shuts down?",
			"Principle A2 (seed 002, avoiding deadlocks): hold the mutex only in small getters; copy what you need (the session, or a snapshot of the map) under the lock and call the sessions after unlocking.",
		},
	},

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
