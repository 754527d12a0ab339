package catalogue

// Exercise 12: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    12,
		Dir:       "12_range_never_closed",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   12,
		Solution:  []Excerpt{{"walk.go", `/^func Walk/,/^}/`}},

		En: Edition{
			Title:   "The range that never ends",
			Passage: "[2] End a goroutine in the function that started it: BackgroundTask's goroutine begins with defer close(progress), so a range over progress ends on every way out",
			Goal:    "Walk returns on every path (end of the listing, a failed page, a cancel), with every record before the failure visited and the failure returned.",
			Hints: []string{
				"Read the report: Walk itself is stuck in its range. What ends a range over a channel, and which path of the fetching goroutine never does it?",
				"Only the sender may close a channel, and it must close it on every return, early ones included, after it has stored its error: the close is what tells Walk the error is there. Swallowing the error or stopping the range on a timer loses records or the error; the test checks both.",
				"Principle P2 (seed 000, [2] and BackgroundTask's defer close(progress)): let the goroutine that sends own the channel: defer close(pages) as its first statement, and pass its error back through a variable the close orders (or an errgroup).",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "close the channel in the consumer",
					Checker: "the test: only the sender may close",
				},
				{
					Try:     "defer close(pages) without a way out of the send",
					Checker: "the test cancels: the goroutine is stuck on pages <-, where nothing receives",
				},
			},
			Debrief: []string{
				"the sender closes, on every path: defer close(pages)",
				"the send needs a way out too: select with ctx.Done()",
				"listErr is read after the channel closes: the close orders it",
			},
		},
		Ja: Edition{
			Title:   "終わらない range",
			Passage: "[2] Goroutineを作るときは同じ関数内で終了させる: BackgroundTask の goroutine は defer close(progress) で始まるので、progress に対する range はどの経路でも終わる",
			Goal:    "Walk はどの経路(一覧の終わり、ページ取得の失敗、キャンセル)でも return し、失敗より前のレコードはすべて処理され、失敗は返される。",
			Hints: []string{
				"レポートを読もう。Walk 自身が range の中で止まっている。channel に対する range を終わらせるのは何か。取得側の goroutine のどの経路がそれをしていないか。",
				"channel を close してよいのは送信側だけで、早期 return を含むすべての return で、エラーを保存した後に close しなければならない。close こそがエラーの準備ができたことを Walk に伝える。エラーを握りつぶしたりタイマーで range を打ち切ったりすると、レコードかエラーが失われる。テストは両方を確かめる。",
				"原則 P2(seed 000、[2] と BackgroundTask の defer close(progress)): 送信する goroutine に channel を持たせる。最初の文で defer close(pages) とし、エラーは close によって順序が保証される変数(か errgroup)で返す。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "コンシューマー側で channel を close する",
					Checker: "テスト: close してよいのは送信側だけ",
				},
				{
					Try:     "送信に逃げ道のないまま defer close(pages) する",
					Checker: "テストがキャンセルすると、goroutine は誰も受信しない pages <- で止まる",
				},
			},
			Debrief: []string{
				"送信側が、すべての経路で close する: defer close(pages)",
				"送信にも逃げ道が要る: ctx.Done() と select する",
				"listErr は channel が close された後に読む。close が順序を保証する",
			},
		},
	})
}
