package catalogue

// Exercise 31: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    31,
		Dir:       "31_the_hunt",
		Seed:      Seed000,
		Principle: "H1",
		Minutes:   40,
		Solution:  []Excerpt{{"service.go", `/^func New/,/^}/`}, {"service.go", `/^func \(s \*Service\) Close/,/^}/`}},

		En: Edition{
			Title:   "The hunt: three leaks in one service",
			Passage: "Principles 5 and 6 together: test for leaks and watch the goroutine count, on a service that combines seed 001's worker pool, a cache janitor and a feed subscriber",
			Goal:    "Close returns as soon as what it stops has ended and leaves nothing running, a request (answered, failed or cancelled) leaves no goroutine or store query behind, and the API still answers in order, bounds its queries, caches, expires and follows price changes.",
			Hints: []string{
				"Start from goleak's report of TestHunt: group the goroutines by the line they are stuck on and by the go statement that created them. Each group is a lifetime that nobody ends; for each, ask who was supposed to end it, and when.",
				"Drive the service by hand (README.md) and read /debug/pprof/goroutine?debug=2 after a failed request, then after POST /admin/reload: which goroutines does each leave behind, in what state, and which would still be there after a week of traffic and reloads?",
				"Principle H1: run the tests with GOTOOLCHAIN=go1.27.3 -v and read the goroutineleak profile's verdict on each group. It confirms only what nothing can reach any more; a goroutine a ticker still wakes, or that a live feed still holds, is silent there and still a leak. Fix each lifetime where it starts, and let Close end what New started.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "stop the janitor's ticker in Close and leave its goroutine",
					Checker: "leaking: the janitor still waits on tick.C, which a stopped ticker never closes",
				},
				{
					Try:     "a results channel as large as the batch",
					Checker: "leaking: a store query is still running for a request that was already answered: a leaked goroutine of the pool keeps working for nobody",
				},
				{
					Try:     "fix the group goleak names first and call it done",
					Checker: "leaking: TestHunt still reports the other groups: three lifetimes, three fixes",
				},
			},
			Debrief: []string{
				"group goleak's report by stuck line and by go statement: one group is one lifetime nobody ends",
				"the goroutineleak profile confirms only what nothing can reach: the ticker's and the feed's goroutines are silent there and still leak",
				"New starts, Close ends: one cancel and one WaitGroup own what the service started",
			},
		},
		Ja: Edition{
			Title:   "総仕上げ: 1 つのサービスに潜む 3 つのリーク",
			Passage: "原則 5 と 6 の実践: リークをテストし、goroutine 数を監視する。題材は seed 001 の worker pool、キャッシュの janitor、価格フィードの subscriber を組み合わせたサービス",
			Goal:    "Close は止めるものが終わりしだい戻り、何も動いたまま残さない。リクエストは成功・失敗・キャンセルのいずれでも goroutine もストアへのクエリも残さない。そのうえで API は順序どおりに答え、同時クエリ数を抑え、キャッシュし、期限切れを消し、価格変更に追従し続ける。",
			Hints: []string{
				"まず TestHunt の goleak のレポートを読む。goroutine を「止まっている行」と「それを起動した go 文」でまとめると、グループ 1 つが誰も終わらせていない寿命 1 つにあたる。それぞれについて、誰がいつ終わらせるはずだったのかを考えよう。",
				"README.md の手順でサービスを手で動かし、失敗するリクエストの後と POST /admin/reload の後に /debug/pprof/goroutine?debug=2 を読む。それぞれが何を、どの状態で残すか。1 週間トラフィックとリロードが続いたら、どれが積み上がるか。",
				"原則 H1: GOTOOLCHAIN=go1.27.3 を付けて -v でテストを実行し、各グループに対する goroutineleak プロファイルの判定を読む。ランタイムが確定できるのは、もう何からも到達できないものだけだ。ticker がまだ起こす goroutine や、生きているフィードがまだ握っている goroutine はそこに現れないが、リークであることに変わりはない。それぞれの寿命は起動した場所で終わらせ、New が始めたものは Close が終わらせること。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Close で janitor のティッカーを止め、goroutine は残す",
					Checker: "リークあり: janitor は tick.C を待ち続ける。止めたティッカーは tick.C を閉じない",
				},
				{
					Try:     "結果の channel をバッチと同じ大きさにする",
					Checker: `リークあり: "a store query is still running for a request that was already answered: a leaked goroutine of the pool keeps working for nobody"(バッファがあっても、ワーカーは誰も要らない問い合わせを続ける)`,
				},
				{
					Try:     "goleak が最初に挙げたグループだけ直して終わりにする",
					Checker: "リークあり: TestHunt はほかのグループを報告し続ける。寿命が 3 つなら修正も 3 つ",
				},
			},
			Debrief: []string{
				"goleak のレポートを止まっている行と go 文でまとめる: グループ 1 つが、誰も終わらせていない寿命 1 つ",
				"goroutineleak プロファイルが確認するのは何からも到達できないものだけ: ティッカーとフィードの goroutine はそこでは黙っているが、やはりリークしている",
				"New が起動し、Close が終わらせる: サービスが起動したものは cancel 1 つと WaitGroup 1 つが持つ",
			},
		},
	})
}
