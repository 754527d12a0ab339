package catalogue

// Exercise 29: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    29,
		Dir:       "29_cond_never_signalled",
		Seed:      SourceGoKer,
		Principle: "L4",
		Minutes:   15,
		Solution:  []Excerpt{{"prefetch.go", `/^func \(p \*Prefetcher\) end/,/^}/`}, {"prefetch.go", `/^func \(p \*Prefetcher\) Close/,/^}/`}},

		En: Edition{
			Title:   "The waiter nobody woke",
			Passage: "A sync.Cond never signalled (GoKer's Cond and channel & Cond kernels; Tu et al.'s Wait bugs): the state the waiter waits for can no longer come; seed 002 notes that a Cond cannot be selected on",
			Goal:    "Next returns the items in order, then why the listing ended (io.EOF, a fetch's error, or ErrClosed after Close) the moment it ends; Close returns at once, however far the consumer has read, and leaves nothing running.",
			Clauses: []string{
				"Next returns the items in order, each the moment its page has been fetched, then io.EOF the moment the last page has been.",
				"A failed fetch ends the listing: Next returns the items fetched before it, then the fetch's error (errors.Is matches it), at the moment it failed if Next was waiting; no further page is fetched.",
				"Close ends a listing still under way: Next returns the items already buffered, then ErrClosed, and a Next waiting for a page when Close is called returns ErrClosed at that moment.",
				"Close cancels a fetch under way and returns as soon as that fetch has returned, whatever the consumer is doing; when Close returns nothing Start started is running, and Close may be called again or from several goroutines at once.",
				"While the consumer does not read, the fetcher fills the buffer to ahead items and stops there: it fetches at most the pages that fill it and the one page it holds while it waits for room.",
			},
			Hints: []string{
				"Which goroutine waits in sync.Cond.Wait, and for what change of state? Is any goroutine left that could make that change and Broadcast it?",
				"The last page records io.EOF and broadcasts; a failed fetch records nothing, and Close cancels a ctx that Cond.Wait cannot see. A Broadcast from a ticker wakes the waiters late and in vain: the state they wait for never comes. And a Close that returns before the fetcher has stopped leaves it running.",
				"Principle L4 (GoKer's Cond kernels): one method records why the listing ended (io.EOF, the fetch's error, ErrClosed) under the lock and calls Broadcast; both waits loop on that state too; Close calls it, then cancels the fetch under way, then waits for the fetcher.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a Broadcast from a ticker, or a Next that polls",
					Checker: "failing: goal clause 1 not met, observed: p.Next() returned item 0 150ms after Start; its page 0 had been fetched 100.007ms after Start",
				},
				{
					Try:     "record a failed fetch's error without a Broadcast",
					Checker: "leaking: goal clause 2 not met, observed: the last call of p := Start(fetch, 6) // page 2 fails; p.Next() had not returned 24h0m0s after it was called",
				},
				{
					Try:     "let Close broadcast and cancel without recording why the listing ended",
					Checker: "failing: goal clause 3 not met, observed: p.Next() after the buffered items, once Close returned: got error \"list page 1: context canceled\", which does not match \"prefetch: closed\"",
				},
				{
					Try:     "a Close that does not wait for the fetcher, or waits for it only a few seconds",
					Checker: "leaking: goal clause 4 not met, observed: 1 goroutine(s) started by the code under test still running when p.Close() returned (a fetch deaf to the cancel)",
				},
				{
					Try:     "the fetcher appends without waiting for room, or waits with an if instead of a for",
					Checker: "failing: goal clause 5 not met, observed: with ahead 6 and 3 items a page, 8 pages were fetched while the consumer read 1 item(s) in 1 hour(s)",
				},
			},
			Debrief: []string{
				"a Cond waiter waits for a state: record every way it can stop coming (an error, Close) under the lock, and Broadcast it",
				"a Cond cannot be selected on: a cancelled ctx reaches Wait only when someone broadcasts",
				"every wait loops on its condition: a wake-up is a hint to look again, not a promise",
				"Close ends the state, cancels the work under way, then waits for the goroutine: what Start started, Close ends and waits for (deck 09)",
			},
		},
		Ja: Edition{
			Title:   "誰にも起こされない待ち手",
			Passage: "シグナルされない sync.Cond(GoKer の Cond、channel と Cond の kernel。Tu らの Wait のバグ): 待っている状態がもう来ない。seed 002 は sync.Cond を select で待てないことにも触れている",
			Goal:    "Next は項目を順に返し、一覧が終わったその瞬間にその理由(io.EOF、取得のエラー、Close 後なら ErrClosed)を返す。Close は消費側がどこまで読んでいてもすぐに戻り、何も動いたままにしない。",
			Clauses: []string{
				"Next は項目を順に、それぞれのページが取得されたその瞬間に返し、最後のページが取得されたその瞬間に io.EOF を返す。",
				"取得の失敗は一覧を終わらせる: Next はそれより前に取得した項目を返し、次に取得のエラー(errors.Is で一致する)を返す。Next が待っていたなら失敗したその瞬間に返す。それ以降のページは取得しない。",
				"Close はまだ続いている一覧を終わらせる: Next はすでにバッファにある項目を返し、次に ErrClosed を返す。Close が呼ばれたときにページを待っていた Next は、その瞬間に ErrClosed を返す。",
				"Close は実行中の取得をキャンセルし、その取得が戻りしだい戻る。消費側が何をしていても同じ。Close が戻った時点で Start が始めたものは何も動いておらず、Close は何度でも、複数の goroutine から同時にでも呼べる。",
				"消費側が読まない間、フェッチャーはバッファを ahead 個の項目まで埋めてそこで止まる: 取得するのは、バッファを埋めるページと、空きを待つ間に手元に持つ 1 ページまで。",
			},
			Hints: []string{
				"sync.Cond.Wait で待っているのはどの goroutine で、どんな状態の変化を待っているのでしょうか。その変化を起こして Broadcast できる goroutine はまだ残っているでしょうか。",
				"最後のページは io.EOF を記録して Broadcast しますが、取得の失敗は何も記録せず、Close は Cond.Wait からは見えない ctx をキャンセルするだけです。ticker で Broadcast すると待ち手は遅れて起き、しかも無駄に終わります。待っている状態は決して来ないのですから。また、フェッチャーが止まる前に戻る Close は、フェッチャーを動かしたまま残します。",
				"原則 L4(GoKer の Cond kernel): 一覧が終わった理由(io.EOF、取得のエラー、ErrClosed)をロックの下で記録して Broadcast するメソッドを一つ作り、どちらの待ちもその状態をループの条件に含めます。Close はそれを呼び、実行中の取得をキャンセルし、フェッチャーを待ちます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ticker から Broadcast する、またはポーリングする Next",
					Checker: "失敗: ゴールの条件 1 を満たしていません。観測: p.Next() が項目 0 を返したのは Start の 150ms 後で、そのページ 0 は Start の 100.007ms 後に取得済みでした",
				},
				{
					Try:     "取得の失敗のエラーを記録するが Broadcast しない",
					Checker: "リークあり: ゴールの条件 2 を満たしていません。観測: p := Start(fetch, 6) // page 2 fails; p.Next() の最後の呼び出しが、呼び出しから 24h0m0s たっても戻りませんでした",
				},
				{
					Try:     "一覧が終わった理由を記録せずに、Close で Broadcast してキャンセルする",
					Checker: "失敗: ゴールの条件 3 を満たしていません。観測: Close が戻った後、バッファの項目の後の p.Next() が返したエラーは \"list page 1: context canceled\" で、\"prefetch: closed\" に一致しませんでした",
				},
				{
					Try:     "フェッチャーを待たない Close、または数秒しか待たない Close",
					Checker: "リークあり: ゴールの条件 4 を満たしていません。観測: p.Close() が戻った時点で、テスト対象のコードが始めた goroutine が 1 つまだ動いていました(キャンセルを聞かない取得)",
				},
				{
					Try:     "フェッチャーが空きを待たずに追加する、または for ではなく if で待つ",
					Checker: "失敗: ゴールの条件 5 を満たしていません。観測: ahead 6、1 ページ 3 項目で、消費側が 1 時間に 1 項目しか読まない間に 8 ページが取得されました",
				},
			},
			Debrief: []string{
				"Cond の待ち手は状態を待っています: その状態がもう来なくなるすべての場合(エラー、Close)をロックの下で記録し、Broadcast します",
				"Cond は select できません: キャンセルされた ctx が Wait に届くのは、誰かが Broadcast したときだけです",
				"待ちはすべて条件をループで確かめます: 起こされたのは見直せという合図で、約束ではありません",
				"Close は状態を終わらせ、実行中の仕事をキャンセルし、それから goroutine を待ちます: Start が始めたものは Close が終わらせて待ちます(デッキ 09)",
			},
		},

		Messages: map[string]string{
			"%s; p.Next() until it failed, racing p.Close() ×2":                                                         "%s; p.Close() ×2 と競わせて失敗するまで呼んだ p.Next()",
			"item %d of the listing":                                                                                    "一覧の %d 番目の項目",
			"items p.Next() returned after the first two":                                                               "最初の二つの後に p.Next() が返した項目の数",
			"items p.Next() returned before its error":                                                                  "エラーの前に p.Next() が返した項目の数",
			"p.Close() returned %v after it was called, not %v":                                                         "p.Close() が戻ったのは呼び出しの %v 後で、%v 後ではありませんでした",
			"p.Next() after io.EOF":                                                                                     "io.EOF の後の p.Next()",
			"p.Next() after io.EOF, then Close":                                                                         "io.EOF と Close の後の p.Next()",
			"p.Next() after the buffered items, once Close returned":                                                    "Close が戻った後、バッファの項目の後の p.Next()",
			"p.Next() after the items fetched before page 2 failed":                                                     "ページ 2 が失敗する前に取得した項目の後の p.Next()",
			"p.Next() after the last item":                                                                              "最後の項目の後の p.Next()",
			"p.Next() again, after the fetch's error":                                                                   "取得のエラーの後にもう一度呼んだ p.Next()",
			"p.Next() at the end of the listing":                                                                        "一覧の終わりでの p.Next()",
			"p.Next() for item %d of %d":                                                                                "%[2]d 項目のうち %[1]d 番目の p.Next()",
			"p.Next() returned %d items after Close; the buffer held from %d to %d":                                     "Close の後に p.Next() が返した項目は %d 個で、バッファにあったのは %d 個から %d 個でした",
			"p.Next() returned %v after Close was called":                                                               "p.Next() が戻ったのは Close が呼ばれてから %v 後でした",
			"p.Next() returned io.EOF %v after Start; the last page had been fetched %v after Start":                    "p.Next() が io.EOF を返したのは Start の %v 後で、最後のページは Start の %v 後に取得済みでした",
			"p.Next() returned item %d %v after Start; its page %d had been fetched %v after Start":                     "p.Next() が項目 %d を返したのは Start の %v 後で、そのページ %d は Start の %v 後に取得済みでした",
			"p.Next() returned the fetch's error %v after Start; page 2 failed %v after Start":                          "p.Next() が取得のエラーを返したのは Start の %v 後で、ページ 2 が失敗したのは Start の %v 後でした",
			"p.Next(), waiting for page 1 when Close was called":                                                        "Close が呼ばれたときにページ 1 を待っていた p.Next()",
			"pages fetched in the hour after page 2 failed, pages 0 to 2 included":                                      "ページ 2 の失敗から 1 時間の間に取得したページの数(ページ 0 から 2 を含む)",
			"round %d: p.Next() until it failed, racing p.Close()":                                                      "round %d: p.Close() と競わせて失敗するまで呼んだ p.Next()",
			"the last call of %s had not returned %v after it was called":                                               "%s の最後の呼び出しが、呼び出しから %v たっても戻りませんでした",
			"with ahead %d and %d items a page, %d pages were fetched while the consumer read %d item(s) in %d hour(s)": "ahead %d、1 ページ %d 項目で、消費側が %[5]d 時間に %[4]d 項目しか読まない間に %[3]d ページが取得されました",
		},
	})
}
