package catalogue

// Seeds are the articles the workshop is built from (in ../shared/seeds).
const (
	Seed000 = "000_7cc48c11a61c7b6b.txt" // six principles of goroutine hunting
	Seed001 = "001_fa09ecd9da6b4e1c.txt" // the worker pool that leaked 50,000 goroutines
	Seed002 = "002_b85957a009eba1d0.txt" // shutting down a connection actor

	// Two sources are studies, not articles in ../shared/seeds: the classes of
	// blocking bugs found in real Go projects, which no seed covers.
	SourceGoKer    = "Tu et al., ASPLOS 2019 / GoKer"
	SourceLeakProf = "Uber's goleak and LeakProf, CGO 2024"
)

// Seeds describes the articles for learners, who have the catalogue's passages
// but not the articles themselves.
var Seeds = []Seed{
	{File: Seed000, Number: "000", Title: "the goroutine hunter's six principles, with a keepalive agent (\"Statefull\") and the Activate pattern as running examples"},
	{File: Seed001, Number: "001", Title: "escaping the goroutine-leak nightmare: a worker pool fixed with context and select"},
	{File: Seed002, Number: "002", Title: "a memo on shutting down a connection actor's goroutines cleanly"},
	{File: SourceGoKer, Number: "GoKer", Title: "the blocking bugs of real Go projects: Tu et al., \"Understanding Real-World Concurrency Bugs in Go\" (ASPLOS 2019), and the GoKer kernels of the GoBench benchmark (CGO 2021)"},
	{File: SourceLeakProf, Number: "Uber", Title: "the goroutine-leak patterns Uber found in production with goleak and LeakProf (CGO 2024)"},
}

// Principles lists every rule the exercises teach, in the seeds' order.
var Principles = []Principle{
	{ID: "P1", Short: "Don't start goroutines you don't need", Seed: Seed000, Title: "Don't start goroutines you don't need: a function may block; let the caller decide to go it"},
	{ID: "P2", Short: "End a goroutine where it started", Seed: Seed000, Title: "End a goroutine in the function that started it (a cancel func or stop channel in a struct field is a danger sign)"},
	{ID: "P3", Short: "Prefer Mutex and WaitGroup to channels", Seed: Seed000, Title: "Prefer sync.Mutex, sync.WaitGroup and errgroup over hand-made channel plumbing"},
	{ID: "P4", Short: "Don't cram one struct", Seed: Seed000, Title: "Don't cram one struct: several mutexes or channels in one type mean several lifetimes mixed up"},
	{ID: "P5", Short: "Test for leaks", Seed: Seed000, Title: "Test for leaks: every test that starts goroutines checks that none is left"},
	{ID: "P6", Short: "Watch the goroutine count", Seed: Seed000, Title: "Watch the goroutine count in production, before the OOM killer does"},
	{ID: "C1", Short: "The caller's ctx decides", Seed: Seed000, Title: "The caller's context decides when to stop; check your own ctx.Err(), never trust a callee's"},
	{ID: "E1", Short: "Every send needs an escape hatch", Seed: Seed001, Title: "Every channel operation needs an escape hatch: select on ctx.Done() too"},
	{ID: "E2", Short: "Bound the number of goroutines", Seed: Seed001, Title: "Bound concurrency with a fixed pool or errgroup.SetLimit, never one goroutine per incoming item"},
	{ID: "A1", Short: "Shut an actor down once", Seed: Seed002, Title: "Shut an actor down once: sync.Once, a close-only broadcast channel, Wait before finalizing"},
	{ID: "A2", Short: "Keep lock scope narrow", Seed: Seed002, Title: "Keep lock scope narrow: never call out, block or take a second lock while holding one"},
	{ID: "A3", Short: "Don't write locks as a story", Seed: Seed002, Title: "Don't write lock and unlock as a story: cut each locked part out into a small function with defer Unlock, and carry nothing read under it past the unlock"},
	{ID: "A4", Short: "Confine what is not thread-safe", Seed: Seed002, Title: "Touch an object that is not safe for concurrent use from one goroutine only: the others hand it work over a channel, never wait on a slow resource under a lock, and the owner's lifetime (who starts it, who ends it, who waits for it) is visible where it starts"},
	{ID: "L1", Short: "Unlock on every path", Seed: SourceGoKer, Title: "Unlock on every path: Lock, then defer Unlock, in a method small enough to read at once (A2's getters and setters), never one hand-written Unlock per return"},
	{ID: "L2", Short: "One lock order", Seed: SourceGoKer, Title: "Hold one lock at a time (A2); where two are unavoidable, every path takes them in the same order"},
	{ID: "L3", Short: "A read lock is not reentrant", Seed: SourceGoKer, Title: "Never RLock what you already hold: a waiting writer blocks every new reader, so a nested RLock waits for a writer that waits for you"},
	{ID: "L4", Short: "Broadcast every ending", Seed: SourceGoKer, Title: "A Cond waiter waits for a state: record every way that state can stop coming (an error, Close) under the lock, and Broadcast it"},
	{ID: "S1", Short: "One send per receive", Seed: SourceLeakProf, Title: "Send exactly what the reader receives: one result per goroutine, sent in one place, never a second send after an error"},
	{ID: "H1", Short: "Hunt with the tools", Seed: Seed000, Title: "Hunt leaks with the tools, not by reading code: goleak's report in tests, the goroutine dump of net/http/pprof in production, the runtime's goroutineleak profile as a witness whose silence proves nothing"},
}
