package catalogue

// Exercise 20: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    20,
		Dir:       "20_watch_the_count",
		Seed:      Seed000,
		Principle: "P6",
		Minutes:   15,
		Solution:  []Excerpt{{"server.go", `/^func NewMux/,/^}/`}},

		En: Edition{
			Title:   "Watch the goroutine count",
			Passage: "Principle 6, watch the number of goroutines: expose it (pprof) and monitor it, rather than learn of a leak from the OOM killer",
			Goal:    "The service exports its live goroutine count as the Prometheus gauge go_goroutines at /metrics and serves every handler of net/http/pprof (index, cmdline, profile, symbol, trace) under /debug/pprof/ on its own mux.",
			Hints: []string{
				"Read the failing request: which route answers 404, and what would production be blind to without it?",
				"The gauge must be read at every scrape, not once at start-up: the test parks 200 goroutines between two scrapes. The profiles must be routed on the mux NewMux returns; a blank import of net/http/pprof only registers them on http.DefaultServeMux.",
				`Principle P6 (seed 000, "watch the goroutine count"): runtime.NumGoroutine() in the Prometheus text format (# TYPE go_goroutines gauge) needs no library; pprof.Index on "/debug/pprof/" serves every named profile (goroutine, heap, goroutineleak on Go 1.27+), next to pprof.Cmdline, Profile, Symbol and Trace.`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "import net/http/pprof and rely on DefaultServeMux",
					Checker: "the test: GET /debug/pprof/goroutine on the service's own mux must show the parked goroutines",
				},
				{
					Try:     "a counter instead of a gauge",
					Checker: "the test: /metrics must declare go_goroutines a gauge",
				},
			},
			Debrief: []string{
				"alert on the trend of go_goroutines, not its level",
				"pprof on an internal mux; on Go 1.27 serve the goroutineleak profile too",
			},
		},
		Ja: Edition{
			Title:   "goroutine の数を監視する",
			Passage: "[6] goroutineの数を監視する: OOM Killer でリークを知るのではなく、数を公開し(pprof)監視する",
			Goal:    "サービスは動いている goroutine の数を Prometheus の gauge go_goroutines として /metrics で公開し、net/http/pprof のすべてのハンドラー(index、cmdline、profile、symbol、trace)を自前の mux の /debug/pprof/ 以下で提供する。",
			Hints: []string{
				"失敗したリクエストを読もう。404 を返しているのはどのルートか。それがないと、本番環境で何が見えなくなるか。",
				"gauge は起動時に 1 回ではなく、スクレイプのたびに読む必要がある。テストは 2 回のスクレイプの間に 200 個の goroutine を待機させる。プロファイルは NewMux が返す mux にルーティングしなければならない。net/http/pprof をブランクインポートしても、登録されるのは http.DefaultServeMux だけだ。",
				`原則 P6(seed 000、「goroutineの数を監視する」): Prometheus のテキスト形式(# TYPE go_goroutines gauge)で runtime.NumGoroutine() を出すのにライブラリは要らない。"/debug/pprof/" に pprof.Index を割り当てれば名前付きプロファイル(goroutine、heap、Go 1.27 以降の goroutineleak)がすべて提供される。pprof.Cmdline、Profile、Symbol、Trace も並べて登録する。`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "net/http/pprof を import して DefaultServeMux に頼る",
					Checker: "テスト: サービス自身の mux の GET /debug/pprof/goroutine に、待機中の goroutine が出なければならない",
				},
				{
					Try:     "gauge ではなく counter にする",
					Checker: "テスト: /metrics は go_goroutines を gauge と宣言しなければならない",
				},
			},
			Debrief: []string{
				"go_goroutines の値の大きさではなく推移でアラートする",
				"pprof は内部用の mux に。Go 1.27 では goroutineleak プロファイルも出す",
			},
		},
	})
}
