package catalogue

// Exercise 17: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    17,
		Dir:       "17_find_it_in_production",
		Seed:      Seed000,
		Principle: "P6",
		Minutes:   20,
		Solution:  []Excerpt{{"search.go", `/^\tpage := \[\]Product\{\}/,/^\t}$/`}, {"search.go", `/^func \(s \*Service\) matches/,/^}/`}},

		En: Edition{
			Title:   "Find it in production",
			Passage: "Principle 6: watch the goroutine count with pprof, before the OOM killer finds the leak for you",
			Goal:    "A search request leaves no goroutine behind, whatever the limit, and still answers the first matches in catalogue order.",
			Clauses: []string{
				"When the search handler has written its response, nothing the request started is still running or still working through the catalogue, whatever the limit, however many products match (none, fewer than the limit, the whole catalogue) and however many requests come at once.",
				"A search answers, as JSON, the first limit matches (DefaultLimit when the request names none) in catalogue order; a limit that is not a positive number is refused with 400 Bad Request.",
			},
			Hints: []string{
				"Drive the service (README.md) and watch /debug/pprof/goroutine?debug=1: which request makes the count grow, and which line do the extra goroutines sit on?",
				"The handler stops reading after limit matches. Who is still trying to hand over the next one? A bigger buffer only moves the limit (the catalogue has 3000 lamps); one as big as the catalogue ends the goroutine only after it has scanned and copied every match for a page of ten. Does the search need a goroutine at all?",
				"Principle P6 (seed 000, watch the count): /debug/pprof/goroutineleak (Go 1.27+) names the stuck line. Principle P1 fixes it: the matches need no goroutine; return an iter.Seq and let the handler's break end it.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a bigger channel buffer in matches (100, or the page size)",
					Checker: "leaking: goleak's report (found unexpected goroutines: the producer, blocked on its send) in TestSearch",
				},
				{
					Try:     "a buffer as big as the catalogue",
					Checker: "failing: goal clause 1 not met, observed: 1 goroutine(s) the search started were still running 5ms after the handler returned a page of 10 of a million matches",
				},
				{
					Try:     "drain the rest of the channel in a goroutine once the page is full",
					Checker: "failing: goal clause 1 not met, observed: 2 goroutine(s) the search started were still running 5ms after the handler returned a page of 10 of a million matches",
				},
				{
					Try:     "let the producer select on r.Context(), which the server cancels after the handler",
					Checker: "leaking: goal clause 1 not met, observed: 1 goroutine(s) started by the code under test still running when the search handler returned",
				},
				{
					Try:     "drop a match the handler is not ready for (select with default)",
					Checker: "failing: goal clause 2 not met: the page has fewer matches than it should",
				},
			},
			Debrief: []string{
				"find it first: /debug/pprof/goroutine?debug=1, the biggest group, its stuck line",
				"on Go 1.27, /debug/pprof/goroutineleak?debug=1 marks it (leaked)",
				"then fix it with P1: no goroutine at all for a search that returns early; an iter.Seq stops where the caller's loop breaks",
				"a goroutine kept must end when the handler returns, by the handler's own cancel (defer), not by the server's cancel of r.Context() afterwards",
			},
		},
		Ja: Edition{
			Title:   "本番環境で見つけ出す",
			Passage: "[6] goroutineの数を監視する: OOM Killer にリークを見つけられる前に、pprof で goroutine 数を監視する",
			Goal:    "検索リクエストは、limit がいくつでも、ヒットがいくつでも goroutine を残さず、それでいてカタログ順で最初にヒットしたものを返します。",
			Clauses: []string{
				"検索ハンドラーが応答を書き終えたときには、そのリクエストが起動したものは何も動いておらず、カタログを調べ続けてもいません。limit がいくつでも、ヒットがいくつでも(なし、limit より少ない、カタログ全体)、同時に来るリクエストがいくつでも同じです。",
				"検索は、最初の limit 件のヒット(リクエストに limit がなければ DefaultLimit 件)をカタログ順に JSON で返します。正の数でない limit は 400 Bad Request で拒否します。",
			},
			Hints: []string{
				"サービスを動かし(README.ja.md)、/debug/pprof/goroutine?debug=1 を見てみましょう。どのリクエストで数が増えるでしょうか。増えた goroutine はどの行にいるでしょうか。",
				"ハンドラーは limit 件ヒットしたら読むのをやめます。次の 1 件を渡そうとしているのは誰でしょうか。バッファを大きくしても上限が動くだけです(カタログにはランプが 3000 個あります)。カタログと同じ大きさなら goroutine は終わりますが、10 件のページのためにすべてのヒットを走査してコピーし終えてからです。そもそも検索に goroutine は必要でしょうか。",
				"原則 P6(seed 000、数を監視する): /debug/pprof/goroutineleak(Go 1.27 以降)が止まっている行を教えてくれます。直すのは原則 P1 です。ヒットを返すのに goroutine は要りません。iter.Seq を返し、ハンドラーの break で終わらせます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "matches の channel のバッファを大きくする(100、またはページの大きさ)",
					Checker: "リーク: TestSearch で goleak のレポート(found unexpected goroutines: 送信で止まった生産側の goroutine)",
				},
				{
					Try:     "カタログと同じ大きさのバッファにする",
					Checker: "失敗: 条項 1 が満たされていません。観測: 100 万件ヒットのうち 10 件のページを返してハンドラーが return してから 5ms 後にも、検索が起動した goroutine が 1 つまだ動いていました",
				},
				{
					Try:     "ページが埋まったら、残りを別の goroutine で読み捨てる",
					Checker: "失敗: 条項 1 が満たされていません。観測: 100 万件ヒットのうち 10 件のページを返してハンドラーが return してから 5ms 後にも、検索が起動した goroutine が 2 つまだ動いていました",
				},
				{
					Try:     "生産側に r.Context() を select させる(サーバーはハンドラーの後で cancel する)",
					Checker: "リーク: 条項 1 が満たされていません。観測: 検索ハンドラーが return した時点で、テスト対象のコードが起動した goroutine が 1 つまだ動いています",
				},
				{
					Try:     "ハンドラーが受け取れないヒットは捨てる(default 付きの select)",
					Checker: "失敗: 条項 2 が満たされていません。ページのヒットが本来より少なくなります",
				},
			},
			Debrief: []string{
				"まず見つける: /debug/pprof/goroutine?debug=1 のいちばん大きなグループと、その止まっている行",
				"Go 1.27 では /debug/pprof/goroutineleak?debug=1 が (leaked) と印を付ける",
				"それから P1 で直す: 早く return する検索に goroutine はそもそも要らない。iter.Seq なら呼び出し側のループが break したところで止まる",
				"goroutine を残すなら、ハンドラーの return と同時に、ハンドラー自身の cancel(defer)で終わらせる。サーバーが後で r.Context() を cancel するのに頼らない",
			},
		},
		Messages: map[string]string{
			"%d goroutine(s) the search started were still running %v after the handler returned a page of 10 of a million matches (round %d):\n%s": "100 万件ヒットのうち 10 件のページを返してハンドラーが return してから %[2]v 後にも、検索が起動した goroutine が %[1]d 個まだ動いていました(%[3]d 回目):\n%[4]s",
			"GET %s":                       "GET %s",
			"GET %s: %v":                   "GET %s の失敗: %v",
			"GET %s: reading the body: %v": "GET %s の本文の読み込み: %v",
			"GET %s: status":               "GET %s の status",
			"GET %s: status %d":            "GET %s の status は %d です",
			"GET %s: the body is not a JSON list of products (%v): %s":                               "GET %s の本文が商品の JSON リストではありません(%v): %s",
			"GET /debug/pprof/goroutineleak?debug=2: status":                                         "GET /debug/pprof/goroutineleak?debug=2 の status",
			"GET /search?q=lamp&limit=%s: status":                                                    "GET /search?q=lamp&limit=%s の status",
			"GET /search?q=lamp&limit=10":                                                            "GET /search?q=lamp&limit=10 の結果",
			"GET /search?q=lamp&limit=10: status":                                                    "GET /search?q=lamp&limit=10 の status",
			"goroutine leak: %d goroutines more than before %d requests, still there a second later": "goroutine leak: %[2]d 回のリクエストの前より goroutine が %[1]d 個多く、1 秒後もまだ残っています",
			"goroutine leak: after %d requests, /debug/pprof/goroutineleak marks %d goroutines of the service as leaked, blocked forever. The first one:\n%s": "goroutine leak: %d 回のリクエストの後、/debug/pprof/goroutineleak はサービスの goroutine %d 個を、永遠にブロックしたリークとして示しています。最初の 1 つ:\n%s",
			"listening on %s: %v": "%s での listen に失敗しました: %v",
			"serving: %v":         "サービスの提供に失敗しました: %v",
			"set SERVE=127.0.0.1:8080 to serve the service by hand (see README.md)": "手でサービスを動かすには SERVE=127.0.0.1:8080 を設定してください(README.ja.md を参照)",
			"the search handler, for %s, had not returned %v later":                 "%s に対する検索ハンドラーが %v 後にも return していませんでした",
		},
	})
}
