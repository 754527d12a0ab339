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
			Clauses: []string{
				"GET /metrics serves, in the Prometheus text format (text/plain, with a \"# TYPE go_goroutines gauge\" line), the gauge go_goroutines: how many goroutines are running at the moment of each scrape, up as they start and down as they end, whatever they are blocked on.",
				"net/http/pprof is served on this mux under /debug/pprof/ as go tool pprof uses it: the index and every named profile it lists (goroutine, with the stacks of the running goroutines; heap; goroutineleak where this Go has it), cmdline, profile, symbol and trace.",
				"The existing routes keep working (GET /healthz, GET /api/stock/{sku}), and NewMux starts nothing: once the server is closed, nothing it or a request started is running.",
			},
			Hints: []string{
				"Read the failing request: which route answers 404, and what would production be blind to without it?",
				"The gauge must be read at every scrape, not once at start-up, nor counted by you: the test parks 200 goroutines, blocked on channels, a mutex, a Cond and asleep, between two scrapes. The profiles must be routed on the mux NewMux returns; a blank import of net/http/pprof only registers them on http.DefaultServeMux.",
				"Principle P6 (seed 000, \"watch the goroutine count\"): runtime.NumGoroutine() in the Prometheus text format (# TYPE go_goroutines gauge) needs no library; pprof.Index on \"/debug/pprof/\" serves every named profile (goroutine, heap, goroutineleak on Go 1.27+), next to pprof.Cmdline, Profile, Symbol and Trace.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "cache the count for a second, or read it once in NewMux",
					Checker: "failing: goal clause 1 not met, observed: go_goroutines went from 7 to 7 while the test parked 200 goroutines (round 1)",
				},
				{
					Try:     "count the requests in flight with a middleware",
					Checker: "failing: goal clause 1 not met, observed: go_goroutines went from 1 to 1 while the test parked 200 goroutines (round 1)",
				},
				{
					Try:     "a sampler goroutine started by NewMux that refreshes the gauge every second",
					Checker: "leaking: goleak's report names the sampler, still running when the test ends (goal clause 3)",
				},
				{
					Try:     "route only pprof.Index",
					Checker: "failing: goal clause 2 not met, observed: GET /debug/pprof/cmdline: status: got 404, want 200",
				},
				{
					Try:     "route the index at /debug/pprof, without the trailing slash",
					Checker: "failing: goal clause 2 not met, observed: GET /debug/pprof/: 404 Not Found",
				},
				{
					Try:     "a counter instead of a gauge",
					Checker: "failing: goal clause 1 not met: GET /metrics has no line \"# TYPE go_goroutines gauge\"",
				},
			},
			Debrief: []string{
				"alert on the trend of go_goroutines, not its level",
				"pprof on an internal mux; on Go 1.27 serve the goroutineleak profile too",
				"read the count when scraped: a cache or a sampler goroutine hides the climb, and the sampler is a goroutine nobody stops",
			},
		},
		Ja: Edition{
			Title:   "goroutine の数を監視する",
			Passage: "[6] goroutineの数を監視する: OOM Killer でリークを知るのではなく、数を公開し(pprof)監視する",
			Goal:    "サービスは動いている goroutine の数を Prometheus の gauge go_goroutines として /metrics で公開し、net/http/pprof のすべてのハンドラー(index、cmdline、profile、symbol、trace)を自前の mux の /debug/pprof/ 以下で提供します。",
			Clauses: []string{
				"GET /metrics は Prometheus のテキスト形式(text/plain、\"# TYPE go_goroutines gauge\" の行付き)で gauge go_goroutines を返します。その値はスクレイプした瞬間に動いている goroutine の数で、goroutine が始まれば増え、終われば減ります。goroutine が何で止まっていても同じです。",
				"net/http/pprof を、go tool pprof が使うとおりに、この mux の /debug/pprof/ 以下で提供します。index と、それが並べるすべての名前付きプロファイル(動いている goroutine のスタックを示す goroutine、heap、この Go にあれば goroutineleak)、cmdline、profile、symbol、trace です。",
				"既存のルート(GET /healthz、GET /api/stock/{sku})はそのまま動き、NewMux は何も起動しません。サーバーを閉じた後は、NewMux やリクエストが起動したものは何も動いていません。",
			},
			Hints: []string{
				"失敗したリクエストを読んでみましょう。404 を返しているのはどのルートでしょうか。それがないと、本番環境で何が見えなくなるでしょうか。",
				"gauge は起動時に 1 回読むのでも自分で数えるのでもなく、スクレイプのたびに読む必要があります。テストは 2 回のスクレイプの間に、channel、mutex、Cond、sleep で止まった goroutine を 200 個待機させます。プロファイルは NewMux が返す mux にルーティングしなければなりません。net/http/pprof をブランクインポートしても、登録されるのは http.DefaultServeMux だけです。",
				"原則 P6(seed 000「goroutine の数を監視する」): Prometheus のテキスト形式(# TYPE go_goroutines gauge)で runtime.NumGoroutine() を出すのにライブラリは要りません。\"/debug/pprof/\" に pprof.Index を割り当てれば名前付きプロファイル(goroutine、heap、Go 1.27 以降の goroutineleak)がすべて提供されます。pprof.Cmdline、Profile、Symbol、Trace も並べて登録します。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "数を 1 秒キャッシュする、または NewMux で 1 回だけ読む",
					Checker: "失敗: 条項 1 が満たされていません。観測: テストが 200 個の goroutine を待機させている間に go_goroutines は 7 から 7 になりました(1 回目)",
				},
				{
					Try:     "ミドルウェアで処理中のリクエストを数える",
					Checker: "失敗: 条項 1 が満たされていません。観測: テストが 200 個の goroutine を待機させている間に go_goroutines は 1 から 1 になりました(1 回目)",
				},
				{
					Try:     "NewMux が起動した goroutine で gauge を 1 秒ごとに更新する",
					Checker: "リーク: テストの終わりにまだ動いているその goroutine を goleak の報告が示します(条項 3)",
				},
				{
					Try:     "pprof.Index だけをルーティングする",
					Checker: "失敗: 条項 2 が満たされていません。観測: GET /debug/pprof/cmdline の status: got 404, want 200",
				},
				{
					Try:     "index を末尾のスラッシュなしの /debug/pprof にルーティングする",
					Checker: "失敗: 条項 2 が満たされていません。観測: GET /debug/pprof/ の応答: 404 Not Found",
				},
				{
					Try:     "gauge ではなく counter にする",
					Checker: "失敗: 条項 1 が満たされていません。GET /metrics に \"# TYPE go_goroutines gauge\" の行がありません",
				},
			},
			Debrief: []string{
				"go_goroutines の水準ではなく傾向でアラートを出す",
				"pprof は内部向けの mux で提供する。Go 1.27 では goroutineleak プロファイルも提供する",
				"数はスクレイプのときに読む: キャッシュやサンプリング用 goroutine は増加を隠し、そのうえサンプリング用 goroutine は誰にも止められない",
			},
		},
		Messages: map[string]string{
			"%s %s: %v":                   "%s %s: %v",
			"%s %s: reading the body: %v": "%s %s: 本文を読めませんでした: %v",
			"GET %s served no goroutineleak profile. It served:\n%.500s": "GET %s は goroutineleak プロファイルを返しませんでした。返したもの:\n%.500s",
			"GET %s served no heap profile. It served:\n%.500s":          "GET %s はヒーププロファイルを返しませんでした。返したもの:\n%.500s",
			"GET %s: %d %s":                                                       "GET %s の応答: %d %s",
			"GET /api/stock/KB-104: Content-Type":                                 "GET /api/stock/KB-104 の Content-Type",
			"GET /api/stock/KB-104: body %q":                                      "GET /api/stock/KB-104 の本文 %q",
			"GET /api/stock/KB-104: item":                                         "GET /api/stock/KB-104 の商品",
			"GET /api/stock/KB-104: status":                                       "GET /api/stock/KB-104 の status",
			"GET /api/stock/XX-000, an unknown SKU: status":                       "未知の SKU を指定した GET /api/stock/XX-000 の status",
			"GET /debug/pprof/ lists no goroutine profile. It served:\n%.500s":    "GET /debug/pprof/ に goroutine プロファイルが並んでいません。返したもの:\n%.500s",
			"GET /debug/pprof/: %d %s":                                            "GET /debug/pprof/ の応答: %d %s",
			"GET /debug/pprof/cmdline served no command line. It served:\n%.200s": "GET /debug/pprof/cmdline はコマンドラインを返しませんでした。返したもの:\n%.200s",
			"GET /debug/pprof/cmdline: status":                                    "GET /debug/pprof/cmdline の status",
			"GET /debug/pprof/profile did not answer as pprof.Profile does while a CPU profile runs. It served:\n%.200s": "CPU プロファイルの取得中に、GET /debug/pprof/profile が pprof.Profile のようには応答しませんでした。返したもの:\n%.200s",
			"GET /debug/pprof/symbol served no symbol table header. It served:\n%.200s":                                  "GET /debug/pprof/symbol はシンボル表の見出しを返しませんでした。返したもの:\n%.200s",
			"GET /debug/pprof/symbol: status": "GET /debug/pprof/symbol の status",
			"GET /debug/pprof/trace did not answer as pprof.Trace does while a trace runs. It served:\n%.200s": "トレースの取得中に、GET /debug/pprof/trace が pprof.Trace のようには応答しませんでした。返したもの:\n%.200s",
			"GET /healthz: body":   "GET /healthz の本文",
			"GET /healthz: status": "GET /healthz の status",
			"GET /metrics has no go_goroutines sample. It served:\n%.500s":                "GET /metrics に go_goroutines の値がありません。返したもの:\n%.500s",
			"GET /metrics has no line \"# TYPE go_goroutines gauge\". It served:\n%.500s": "GET /metrics に \"# TYPE go_goroutines gauge\" の行がありません。返したもの:\n%.500s",
			"GET /metrics: %d %s":                                                               "GET /metrics の応答: %d %s",
			"GET /metrics: Content-Type %q":                                                     "GET /metrics の Content-Type は %q です",
			"GET /metrics: the go_goroutines sample %q is not a number":                         "GET /metrics の go_goroutines の値 %q が数値ではありません",
			"go_goroutines was %d before %d goroutines were parked, and %d %v after they ended": "go_goroutines は %[2]d 個の goroutine を待機させる前は %[1]d で、それらが終わってから %[4]v 後は %[3]d でした",
			"go_goroutines was %d while goroutines started and ended":                           "goroutine が始まっては終わる間、go_goroutines は %d でした",
			"go_goroutines went from %d to %d while the test parked %d goroutines (round %d)":   "テストが %[3]d 個の goroutine を待機させている間に go_goroutines は %[1]d から %[2]d になりました(%[4]d 回目)",
			"goroutines GET %s showed in parkedUntilReleased":                                   "GET %s が parkedUntilReleased の中に示した goroutine の数",
		},
	})
}
