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
			Goal:    "Walk returns on every path (end of the listing, a failed page, a cancel) and leaves nothing running; a failed page comes back as its error, after every record before it has been visited.",
			Clauses: []string{
				"Walk visits every record of the listing once, in order, one at a time, and lists the next page while the records of the current one are visited.",
				"When a page fails to load, Walk visits every record of the pages before it, in order, and returns an error that wraps the failure, as soon as those records are visited.",
				"When the caller's ctx ends before every record is visited, no List begins after it and no record of a page listed after it is visited; Walk returns nil only if it still visited every record, else an error matching ctx.Err(), as soon as its last visit and the List in flight have returned.",
				"When Walk returns, whichever way, no goroutine it started and no List is still running.",
			},
			Hints: []string{
				"Read the report: Walk itself is stuck in its range. What ends a range over a channel, and which path of the fetching goroutine never does it?",
				"Only the sender may close a channel, and it must close it on every return, early ones included, after it has stored its error: the close is what tells Walk the error is there. Swallowing the error or stopping the range on a timer loses records or the error; the test checks both.",
				"Principle P2 (seed 000, [2] and BackgroundTask's defer close(progress)): let the goroutine that sends own the channel: defer close(pages) as its first statement, and pass its error back through a variable the close orders (or an errgroup).",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "close(pages) on the error path, before storing the error",
					Checker: "failing: goal clause 4 not met; observed: 1 goroutine(s) started by the code under test still running when Walk returned (it is still formatting the error Walk should have returned)",
				},
				{
					Try:     "let Walk stop on ctx.Done() while it waits for a page, and keep defer close(pages)",
					Checker: "leaking: goal clause 4 not met; observed: 1 List call(s) still running when Walk returned",
				},
				{
					Try:     "select on ctx.Done() on both sides, and return at once on a cancel",
					Checker: "leaking: goal clause 4 not met; observed: 1 List call(s) still running when Walk returned",
				},
				{
					Try:     "list each page with a ctx that ignores the cancel, so that no page is cut off half-way",
					Checker: "failing: goal clause 3 not met; observed: the caller's ctx ended at 50ms with 0 pages loaded; Walk visited 100 records",
				},
				{
					Try:     "let the goroutine visit the records too, and Walk wait for it",
					Checker: "failing: goal clause 1 not met; observed: listing a page and visiting one take 100ms each; Walk returned after 6s",
				},
			},
			Debrief: []string{
				"the sender closes, on every path: defer close(pages)",
				"listErr is read after the channel closes: the close orders it",
				"a Walk that ranges to the close needs no way out on the send; one that may stop early (a select on ctx.Done()) must give the send one and still wait for the goroutine",
			},
		},
		Ja: Edition{
			Title:   "終わらない range",
			Passage: "[2] Goroutineを作るときは同じ関数内で終了させる: BackgroundTask の goroutine は defer close(progress) で始まるので、progress に対する range はどの経路でも終わる",
			Goal:    "Walk はどの経路(一覧の終わり、ページ取得の失敗、キャンセル)でも return し、何も動いたまま残しません。ページの取得に失敗したら、その前のレコードをすべて visit してから、そのエラーを返します。",
			Clauses: []string{
				"Walk は一覧のすべてのレコードを、順番どおりに一度ずつ、一件ずつ visit します。いまのページのレコードを visit している間に、次のページを取得します。",
				"あるページの読み込みが失敗したら、Walk はそれより前のページのレコードをすべて順番どおりに visit し、それらを visit し終えしだい、失敗をラップしたエラーを返します。",
				"すべてのレコードを visit し終える前に呼び出し側の ctx が終わったら、そのあとに List は始まらず、そのあとに取得したページのレコードも visit されません。Walk が nil を返すのは、それでもすべてのレコードを visit した場合だけで、それ以外は ctx.Err() にマッチするエラーを返します。return するのは、最後の visit と処理中の List が戻りしだいです。",
				"Walk がどの経路で return しても、その時点で、それが始めた goroutine も List もひとつも動いていません。",
			},
			Hints: []string{
				"レポートを読みましょう。Walk 自身が range の中で止まっています。channel に対する range を終わらせるのは何でしょうか。取得側の goroutine のどの経路がそれをしていないでしょうか。",
				"channel を close してよいのは送信側だけで、早期 return を含むすべての return で、エラーを保存したあとに close しなければなりません。close こそがエラーの準備ができたことを Walk に伝えます。エラーを握りつぶしたりタイマーで range を打ち切ったりすると、レコードかエラーが失われます。テストは両方を確かめます。",
				"原則 P2(seed 000、[2] と BackgroundTask の defer close(progress)): 送信する goroutine に channel を持たせます。最初の文で defer close(pages) とし、エラーは close によって順序が保証される変数(か errgroup)で返します。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "エラーの経路で、エラーを保存する前に close(pages) する",
					Checker: "failing: ゴールの条項 4 が満たされていません。観測: Walk が return した時点で、テスト対象のコードが始めた goroutine が 1 個まだ動いていました(Walk が返すべきだったエラーをまだ組み立てている)",
				},
				{
					Try:     "ページを待つ間は Walk が ctx.Done() で止まれるようにし、defer close(pages) はそのままにする",
					Checker: "leaking: ゴールの条項 4 が満たされていません。観測: Walk が return した時点で、List の呼び出しが 1 個まだ動いていました",
				},
				{
					Try:     "両側で ctx.Done() と select し、キャンセルされたらすぐ return する",
					Checker: "leaking: ゴールの条項 4 が満たされていません。観測: Walk が return した時点で、List の呼び出しが 1 個まだ動いていました",
				},
				{
					Try:     "ページを途中で切らないよう、キャンセルを無視する ctx で各ページを取得する",
					Checker: "failing: ゴールの条項 3 が満たされていません。観測: 呼び出し側の ctx は読み込み済みのページが 0 個の時点、50ms に終わりましたが、Walk は 100 件のレコードを visit しました",
				},
				{
					Try:     "goroutine にレコードの visit までさせ、Walk はそれを待つ",
					Checker: "failing: ゴールの条項 1 が満たされていません。観測: ページの取得にも visit にも 100ms ずつかかるところ、Walk が return したのは 6s 後でした",
				},
			},
			Debrief: []string{
				"送信側が、すべての経路で close する: defer close(pages)",
				"listErr は channel が close されたあとに読む。close が順序を保証する",
				"close まで range し続ける Walk なら、送信に逃げ道は要らない。途中でやめうる Walk(ctx.Done() との select)なら、送信に逃げ道を与えたうえで、goroutine を待たなければならない",
			},
		},
		Messages: map[string]string{
			"Walk had not returned %v after it was called":                                                             "Walk は呼び出されてから %v たっても return していませんでした",
			"%d List call(s) still running when Walk returned":                                                         "Walk が return した時点で、List の呼び出しが %d 個まだ動いていました",
			"record #%d visited was %s, where the listing has %s":                                                      "visit された %d 番目のレコードは %s でしたが、一覧では %s です",
			"Walk visited %d records; %d were due":                                                                     "Walk が visit したレコードは %d 件で、visit すべきだったのは %d 件です",
			"every page loaded; Walk returned %q":                                                                      "すべてのページを読み込めましたが、Walk は %q を返しました",
			"%d visits ran while another visit was running":                                                            "別の visit の実行中に、visit が %d 回走りました",
			"Walk listed %d pages; the listing has %d":                                                                 "Walk は %d ページを取得しましたが、一覧は %d ページです",
			"listing a page and visiting one take %v each; Walk returned after %v":                                     "ページの取得にも visit にも %v ずつかかるところ、Walk が return したのは %v 後でした",
			"page %d failed with %q; Walk returned %v":                                                                 "ページ %d は %q で失敗しましたが、Walk が返したのは %v でした",
			"page %d failed at %v; Walk returned at %v":                                                                "ページ %d は %v に失敗しましたが、Walk が return したのは %v でした",
			"page %d failed at %v and the last record before it was visited at %v; Walk returned at %v":                "ページ %d は %v に失敗し、その前の最後のレコードは %v に visit されましたが、Walk が return したのは %v でした",
			"the caller's ctx ended with %q at %v; Walk visited %d records and returned %v":                            "呼び出し側の ctx は %[2]v に %[1]q で終わりましたが、Walk は %[3]d 件のレコードを visit して %[4]v を返しました",
			"the caller's ctx ended at %v with %d pages loaded; Walk visited %d records":                               "呼び出し側の ctx は読み込み済みのページが %[2]d 個の時点、%[1]v に終わりましたが、Walk は %[3]d 件のレコードを visit しました",
			"the caller's ctx ended at %v; the List in flight then returned at %v":                                     "呼び出し側の ctx は %v に終わりましたが、そのとき処理中だった List が戻ったのは %v でした",
			"a List began at %v, after the caller's ctx ended at %v":                                                   "呼び出し側の ctx が %[2]v に終わったあと、%[1]v に List が始まりました",
			"the caller's ctx ended at %v, the last List returned at %v and the last visit at %v; Walk returned at %v": "呼び出し側の ctx は %v に終わり、最後の List は %v に、最後の visit は %v に戻りましたが、Walk が return したのは %v でした",
			"round %d: %d List call(s) still running when Walk returned":                                               "%d 回目: Walk が return した時点で、List の呼び出しが %d 個まだ動いていました",
			"round %d: page %d failed; Walk returned nil":                                                              "%d 回目: ページ %d が失敗しましたが、Walk は nil を返しました",
			"round %d: the caller's ctx was live and no page failed with it; Walk returned %q":                         "%d 回目: 呼び出し側の ctx は生きていて、そのエラーで失敗したページもありませんが、Walk は %q を返しました",
			"round %d: the caller cancelled; Walk returned %q":                                                         "%d 回目: 呼び出し側がキャンセルし、Walk は %q を返しました",
			"round %d: %d List call(s) began after Walk returned":                                                      "%d 回目: Walk が return したあとで、List の呼び出しが %d 個始まりました",
		},
	})
}
