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

	// --- 07-09 (issue 4, part b) go above this line ---

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

	// --- 17+ (later issues) go above this line ---
}
