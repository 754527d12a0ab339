package catalogue

// TrainerCard is what a trainer needs to run an exercise in a lab and debrief
// it: how long it takes, the wrong fixes people try and what the checker says
// to each, and the points to make afterwards. `checker hint N --trainer` shows
// it; learners never need it.
type TrainerCard struct {
	Minutes    int // for a Go developer who has just seen the module's slides
	WrongFixes []WrongFix
	Debrief    []string
}

// WrongFix is a fix learners try that the tests reject.
type WrongFix struct {
	Try string // what they do
	// Checker is what go run ./checker says to it: the status and the test's
	// message when it was tried on the exercise as shipped, else what the test
	// checks that catches it.
	Checker string
}

// TrainerCards maps an exercise's Dir to its card. An exercise without a card
// simply has none to show.
var TrainerCards = map[string]TrainerCard{
	"01_errs_capacity": {Minutes: 12,
		WrongFixes: []WrongFix{
			{"make(chan error, len(keys)+1), the capacity the comment asks for", "leaking: Run returned while the keepalive or watches it started were still running: leaked goroutines, since nothing waits for them"},
			{"a bigger buffer, e.g. make(chan error, 10)", "leaking: the same message"},
			{"time.Sleep before returning", "the test: Run must return as soon as registration fails (the fake clock sees the wait)"},
		},
		Debrief: []string{
			"the capacity was right once: leaks come from code that grew",
			"errgroup owns every goroutine and the first error; Wait returns when all have ended",
			"a receive on one path only is a leak on every other path",
		}},
	"02_background_task": {Minutes: 12,
		WrongFixes: []WrongFix{
			{"a buffered report channel, e.g. make(chan Report, 64)", "leaking: Watch polled the job 65 times for a caller that stopped reading: a bigger buffer only hides the goroutine nobody will drain"},
			{"check ctx.Done() only before each tick", "a leak report: the goroutine is stuck on the send, where it never looks at ctx"},
		},
		Debrief: []string{
			"every place a goroutine waits needs a way out: the tick and the send",
			"the goroutine outlives Watch: only the caller's ctx bounds it (P2 half kept)",
			"alternative design: hand the loop back to the caller (module 3's Continue)",
		}},
	"03_channel_statefull": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"drain the request channels after the loop returns", "the test: until when? a Put that arrives later is stranded again"},
			{"give Put and Current a select with time.After", "the test: Put after Run stopped must fail with ErrStopped promptly, not after a timeout"},
		},
		Debrief: []string{
			"the lease is data: a mutex guards it, no goroutine has to answer",
			"Run blocks and returns its error: the Activate pattern (P1)",
			"the runtime's goroutineleak profile misses this leak while the struct is reachable (module 6)",
		}},
	"04_blocking_activate": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"keep the goroutine, add a Stop method", "the test: Activate must block until ctx is cancelled"},
			{"return the error through Err() after a WaitGroup", "the test: Activate must return the keepalive failure to its caller"},
		},
		Debrief: []string{
			"a function that blocks is not a failure: the caller decides whether to go it",
			"the error is a return value, not a field to poll",
		}},
	"05_longtask_ctx_in_struct": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"call cancel in Release only", "the test: the error path of NewLock never reaches Release"},
			{"cancel without waiting for the keepalive", "the test: RunExclusive must revoke its lease before it returns"},
		},
		Debrief: []string{
			"a ctx and cancel in a struct spread one goroutine's life over several functions",
			"start, cancel and wait in RunExclusive itself: defer makes every path the same",
		}},
	"06_keepalive_per_put": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"cancel the previous keepalive but not wait for it", "the test: Put returned while the replaced lease's keepalive was still in flight"},
			{"let Close cancel only the latest keepalive", "the test: leases renewed after Close returned"},
		},
		Debrief: []string{
			"one keepalive at a time: cancel and wait before starting the next",
			"Put after Close must fail, or nothing would stop its keepalive",
		}},
	"07_lost_cancel": {Minutes: 10,
		WrongFixes: []WrongFix{
			{"defer cancel() inside withTimeout", "failing: Put must succeed (the request's context is cancelled before it is used)"},
			{"keep the cancel func in a struct field for later", "the test: nothing may outlive the request; go vet's lostcancel check points at the same line"},
		},
		Debrief: []string{
			"defer cancel() right after WithTimeout, always",
			"go vet ./... finds a discarded cancel func",
		}},
	"08_who_decides_timeout": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"one timeout for the whole PutWhenChanged", "the test: each raw request gets the full timeout"},
			{"ignore the caller's ctx once the client's timeout is set", "the test: Get must return as soon as the caller cancels"},
		},
		Debrief: []string{
			"the library decides a per-request timeout; the caller's ctx still wins",
			"context.WithTimeout on the caller's ctx keeps both",
		}},
	"09_trust_your_ctx": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"test err == context.Canceled from the store's client", "the test: the client's own timeout also says canceled; check your own ctx.Err()"},
			{"time.Sleep for the pause between attempts", "the test: FetchAll must return as soon as the caller cancels, even in a pause"},
		},
		Debrief: []string{
			"only your ctx.Err() says the caller gave up",
			"a pause is a select on a timer and ctx.Done()",
		}},
	"10_worker_pool_early_return": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"a results buffer as large as the batch", "leaking: RenderAll returned while renders were still running: its workers outlive the call"},
			{"cancel the workers but return without waiting for them", "the same message: cancel, then wait, then return"},
		},
		Debrief: []string{
			"seed 001's incident: the early return on error left the workers and the feeder stuck",
			"every send selects on ctx.Done(); cancel, then wait, then return",
			"go run ./checker/demo shows the goroutine count of both versions",
		}},
	"11_unbounded_spawn": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"a goroutine per message that waits on a semaphore", "the test: goroutines alive at once beyond the limit; a waiting message must not hold a goroutine"},
			{"return on cancel without waiting for the handlers", "the test: Run returned while handlers were still running"},
		},
		Debrief: []string{
			"bound the goroutines, not just the work: acquire before go",
			"errgroup.SetLimit does exactly that",
		}},
	"12_range_never_closed": {Minutes: 12,
		WrongFixes: []WrongFix{
			{"close the channel in the consumer", "the test: only the sender may close"},
			{"defer close(pages) without a way out of the send", "the test cancels: the goroutine is stuck on pages <-, where nothing receives"},
		},
		Debrief: []string{
			"the sender closes, on every path: defer close(pages)",
			"the send needs a way out too: select with ctx.Done()",
			"listErr is read after the channel closes: the close orders it",
		}},
	"13_http_body_not_closed": {Minutes: 10,
		WrongFixes: []WrongFix{
			{"defer resp.Body.Close() before the status check, without reading the body", "failing: 8 calls opened 5 connections: closing a body that was not read to the end closes its connection"},
		},
		Debrief: []string{
			"defer resp.Body.Close() right after the error check, on every status",
			"io.Copy(io.Discard, resp.Body) keeps the connection alive for the next call",
		}},
	"14_actor_shutdown": {Minutes: 20,
		WrongFixes: []WrongFix{
			{"close a done channel but leave the connection open", "the test: the read loop is blocked in Read, which no channel wakes"},
			{"call OnClose from each loop", "the test: OnClose must run exactly once"},
		},
		Debrief: []string{
			"seed 002's order: shut down once, wait for every goroutine, then finalize",
			"a blocking Read ends only when the connection closes or its deadline passes",
		}},
	"15_actor_bugs": {Minutes: 20,
		WrongFixes: []WrongFix{
			{"recover the panic in Notify", "the test: Notify after Shutdown must return an error that wraps net.ErrClosed"},
			{"close the queue while Notify may still send", "the test: never send on a channel that Shutdown closed"},
		},
		Debrief: []string{
			"a channel that is only ever closed signals; a mutex-guarded flag guards senders",
			"Shutdown waits for the writer, then closes the connection",
		}},
	"16_lock_scope": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"sync.RWMutex instead of Mutex", "leaking: deadlock: Kick(\"b\") did not return within 500ms: it is blocked forever"},
			{"unlock before Shutdown but iterate the live map", "the test: a data race under -race, or a session shut down twice"},
		},
		Debrief: []string{
			"copy under the lock, call out without it",
			"sync.Mutex is not reentrant, and synctest cannot see a Mutex wait",
		}},
	"17_find_it_in_production": {Minutes: 20,
		WrongFixes: []WrongFix{
			{"a bigger channel buffer in matches", "the test: goroutines more than before the requests, still there a second later"},
		},
		Debrief: []string{
			"find it first: /debug/pprof/goroutine?debug=1, the biggest group, its stuck line",
			"on Go 1.27, /debug/pprof/goroutineleak?debug=1 marks it (leaked)",
			"then fix it with P1: no goroutine at all for a search that returns early",
		}},
	"18_detectors_disagree": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"ignore the goroutine in goleak", "the test: a session whose Open failed is still listed in the registry"},
		},
		Debrief: []string{
			"reachable is not alive: the registry keeps the stuck loop out of the runtime's sight",
			"silence from the runtime's profile proves nothing; goleak in tests still counts",
		}},
	"19_write_the_leak_test": {Minutes: 20,
		WrongFixes: []WrongFix{
			{"goleak.VerifyNone without IgnoreCurrent", "the test: a leak test that fails correct code gets switched off"},
			{"check leaks only, skip the behaviour checks", "the test: a leak test comes on top of the behaviour checks"},
		},
		Debrief: []string{
			"IgnoreCurrent judges only what the code under test started",
			"check after Close, and give a verdict in bounded (fake) time",
		}},
	"20_watch_the_count": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"import net/http/pprof and rely on DefaultServeMux", "the test: GET /debug/pprof/goroutine on the service's own mux must show the parked goroutines"},
			{"a counter instead of a gauge", "the test: /metrics must declare go_goroutines a gauge"},
		},
		Debrief: []string{
			"alert on the trend of go_goroutines, not its level",
			"pprof on an internal mux; on Go 1.27 serve the goroutineleak profile too",
		}},
}

// trainerEditions holds the cards' translations by language.
var trainerEditions = map[string]map[string]TrainerCard{"ja": jaTrainerCards}

// TrainerCardIn returns exercise dir's card in lang, in English when that
// edition has no card for it; ok is false when the exercise has no card at all.
func TrainerCardIn(dir, lang string) (card TrainerCard, ok bool) {
	card, ok = TrainerCards[dir]
	if tr, found := trainerEditions[lang][dir]; ok && found {
		tr.Minutes = card.Minutes
		return tr, true
	}
	return card, ok
}
