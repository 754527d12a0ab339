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
	"21_crammed_client": {Minutes: 20,
		WrongFixes: []WrongFix{
			{"let stop cancel the Client's one ctx", "the test: the session keeps its heartbeat while watches come and go, and the flags watch still gets its changes"},
			{"cancel the watch's goroutine in stop without waiting for it", "the test: stop returns once the callback in progress has returned, not before"},
		},
		Debrief: []string{
			"one struct held three lifetimes: the session, each watch, the Client as a whole",
			"a watch owns its cancel and its done channel: stop cancels and waits, as Close does for the rest",
		}},
	"22_narrative_locks": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"hold the Hub's lock across the whole loop, Close included", "the test: CloseAll never returns, since Close calls back into Hub.remove, which waits for the lock CloseAll holds"},
			{"loop over a copy of the slice, with the Hub still open", "the test: Join after CloseAll began is refused"},
		},
		Debrief: []string{
			"lock and unlock written as a story through a loop hide which lock is held where",
			"cut the locked part out into a small function with defer Unlock: mark the Hub closed, hand over the connections, close them with no lock held",
		}},
	"23_starved_keepalive": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"halve the keepalive interval", "failing: with the health endpoint calling Current every 300ms, the lease must still get one keepalive per 1s (and Run is still running after the registry dropped its lease)"},
			{"send a keepalive on every pass of the loop", "the test: the current lease gets one keepalive per interval, no more"},
		},
		Debrief: []string{
			"time.After in a select loop starts a new timer on every pass: frequent callers starve it, and neither detector sees a thing",
			"a time.Ticker made once before the loop; simpler still, a mutex so that Put and Current never go through the loop (exercise 03)",
		}},
	"24_init_deadline_stream": {Minutes: 20,
		WrongFixes: []WrongFix{
			{"pass context.WithTimeout(ctx, OpenTimeout) to Subscribe", "the test: the stream outlives Open, and that timeout would end it"},
			{"keep context.WithoutCancel and make Open select on its ctx", "leaking: Subscribe calls are still waiting for the broker's handshake, and will forever"},
			{"look at Continue's ctx only between events", "the test: Continue returns as soon as its ctx is done, not at the next event"},
		},
		Debrief: []string{
			"a cancel stops only what waits on that ctx: WithoutCancel shields the stream from everything, its own end included",
			"give the stream a ctx of its own, tied by context.AfterFunc to the opening's deadline, then to Continue's ctx",
		}},
	"25_meant_to_live": {Minutes: 12,
		WrongFixes: []WrongFix{
			{"goleak.IgnoreCurrent() in LeakOptions", "leaking: TestConvert still reports refreshLoop, which starts after the options are made, and TestLeakOptionsStillCatchLeaks: goleak with LeakOptions() reports nothing, yet two goroutines were left running: LeakOptions hides real leaks"},
			{"goleak.IgnoreTopFunction(\"time.Sleep\")", "the test: a goroutine sleeping in a loop of its own must still be reported"},
			{"stop the refresher, or refresh inside Convert", "the test: the rates are refreshed every RefreshInterval, even while nobody converts, and a conversion never waits for the feed"},
		},
		Debrief: []string{
			"not every goroutine that outlives a test is a leak: say exactly which one may live",
			"name its function from the function value (runtime.FuncForPC), so that a rename cannot silently break the option",
		}},
	"26_early_return_lock": {Minutes: 12,
		WrongFixes: []WrongFix{
			{"a TryLock loop, or a Lock with a timeout, in Put", "the test: a connection put back is handed out again, which it never can be while the lock is held"},
		},
		Debrief: []string{
			"every return is an exit from the critical section: Lock then defer Unlock in a small method covers them all",
			"dial outside the lock: a slow network must not hold up Put",
		}},
	"27_lock_order": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"a TryLock loop for the Room's lock in Ping", "the test: deadlock: bob's Ping after his connection failed during a Broadcast (the loop spins while Broadcast waits for bob)"},
			{"a timeout around the Room's Lock in Ping that skips the leave", "the test: bob must be gone from the room once his Ping has returned"},
		},
		Debrief: []string{
			"two goroutines in sync.Mutex.Lock: read each stack upwards for the lock it holds",
			"one lock order, Room before Member, written next to the fields; or copy the members under the Room's lock and write without it",
		}},
	"28_second_rlock": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"a Mutex instead of the RWMutex", "the test: the first scrape deadlocks at once, since WriteTo's call of Help locks again"},
			{"Help without its lock", "data race: the race run sees Help read the map while Counter writes it"},
			{"a TryRLock loop in Help", "the test: deadlock: registering a counter during a slow scrape"},
		},
		Debrief: []string{
			"a writer waiting in Lock blocks every new RLock, even a second one from the goroutine that holds the first",
			"one read lock per method and no locked method calls another: copy under the lock, write to the scraper without it",
		}},
	"29_cond_never_signalled": {Minutes: 15,
		WrongFixes: []WrongFix{
			{"a Broadcast from a ticker", "the test: Next must return the error the moment the fetch failed"},
			{"let Close broadcast without recording why the listing ended", "the test: after the buffered items, Next must return ErrClosed"},
		},
		Debrief: []string{
			"a Cond waiter waits for a state: record every way it can stop coming (an error, Close) under the lock, and Broadcast it",
			"a Cond cannot be selected on: a cancelled ctx reaches Wait only when someone broadcasts",
		}},
	"30_double_send": {Minutes: 10,
		WrongFixes: []WrongFix{
			{"a buffered channel, make(chan Status, len(services))", "failing: one status per service, in the order given: a service shown up when its probe failed, or missing, means that a probe's goroutine sent more than one Status"},
		},
		Debrief: []string{
			"count the sends on every path against the receives: an error path without return sends twice",
			"compute the Status in a function that returns it and send it in one place; a WaitGroup filling statuses[i] needs no channel at all",
		}},
	"31_the_hunt": {Minutes: 40,
		WrongFixes: []WrongFix{
			{"stop the janitor's ticker in Close and leave its goroutine", "leaking: the janitor still waits on tick.C, which a stopped ticker never closes"},
			{"a results channel as large as the batch", "leaking: a store query is still running for a request that was already answered: a leaked goroutine of the pool keeps working for nobody"},
			{"fix the group goleak names first and call it done", "leaking: TestHunt still reports the other groups: three lifetimes, three fixes"},
		},
		Debrief: []string{
			"group goleak's report by stuck line and by go statement: one group is one lifetime nobody ends",
			"the goroutineleak profile confirms only what nothing can reach: the ticker's and the feed's goroutines are silent there and still leak",
			"New starts, Close ends: one cancel and one WaitGroup own what the service started",
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
