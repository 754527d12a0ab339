package catalogue

// Exercise 17: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    17,
		Dir:       "17_find_it_in_production",
		Seed:      Seed000,
		Principle: "P6",
		Minutes:   20,
		Solution:  []Excerpt{{"search.go", `/^func \(s \*Service\) search/,/^}/`}},

		En: Edition{
			Title:   "Find it in production",
			Passage: "Principle 6: watch the goroutine count with pprof, before the OOM killer finds the leak for you",
			Goal:    "A search request leaves no goroutine behind, whatever the limit, and still answers the first matches in catalogue order.",
			Hints: []string{
				"Drive the service (README.md) and watch /debug/pprof/goroutine?debug=1: which request makes the count grow, and which line do the extra goroutines sit on?",
				"The handler stops reading after limit matches. Who is still trying to hand over the next one? A bigger buffer only moves the limit (the catalogue has 3000 lamps); one as big as the catalogue does end the goroutine, but scans and copies every match for a page of ten. Does the search need a goroutine at all?",
				"Principle P6 (seed 000, watch the count): /debug/pprof/goroutineleak (Go 1.27+) names the stuck line. Principle P1 fixes it: the matches need no goroutine; return an iter.Seq and let the handler's break end it.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a bigger channel buffer in matches",
					Checker: "the test: goroutines more than before the requests, still there a second later",
				},
			},
			Debrief: []string{
				"find it first: /debug/pprof/goroutine?debug=1, the biggest group, its stuck line",
				"on Go 1.27, /debug/pprof/goroutineleak?debug=1 marks it (leaked)",
				"then fix it with P1: no goroutine at all for a search that returns early",
			},
		},
		Ja: Edition{
			Title:   "本番環境で見つけ出す",
			Passage: "[6] goroutineの数を監視する: OOM Killer にリークを見つけられる前に、pprof で goroutine 数を監視する",
			Goal:    "検索リクエストは limit がいくつでも goroutine を残さず、それでいてカタログ順で最初にヒットしたものを返す。",
			Hints: []string{
				"サービスを動かし(README.ja.md)、/debug/pprof/goroutine?debug=1 を見よう。どのリクエストで数が増えるか。増えた goroutine はどの行にいるか。",
				"ハンドラーは limit 件ヒットしたら読むのをやめる。次の 1 件を渡そうとしているのは誰か。バッファを大きくしても上限が動くだけだ(カタログにはランプが 3000 個ある)。カタログと同じ大きさなら goroutine は終わるが、10 件のページのためにすべてのヒットを走査してコピーすることになる。そもそも検索に goroutine は必要か。",
				"原則 P6(seed 000、数を監視する): /debug/pprof/goroutineleak(Go 1.27 以降)が止まっている行を教えてくれる。直すのは原則 P1 だ。ヒットを返すのに goroutine は要らない。iter.Seq を返し、ハンドラーの break で終わらせる。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "matches の channel のバッファを大きくする",
					Checker: "テスト: goroutine がリクエストの前より多く、1 秒後もまだ残っている",
				},
			},
			Debrief: []string{
				"まず見つける: /debug/pprof/goroutine?debug=1 のいちばん大きなグループと、その止まっている行",
				"Go 1.27 では /debug/pprof/goroutineleak?debug=1 が (leaked) と印を付ける",
				"それから P1 で直す: 早く return する検索に goroutine はそもそも要らない",
			},
		},
	})
}
