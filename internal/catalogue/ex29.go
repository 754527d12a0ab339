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
			Hints: []string{
				"Which goroutine waits in sync.Cond.Wait, and for what change of state? Is any goroutine left that could make that change and Broadcast it?",
				"The last page records io.EOF and broadcasts; a failed fetch records nothing, and Close cancels a ctx that Cond.Wait cannot see. A Broadcast in a ticker wakes the waiters late and in vain: the state they wait for never comes.",
				"Principle L4 (GoKer's Cond kernels): one method records why the listing ended (io.EOF, the fetch's error, ErrClosed) under the lock and calls Broadcast; both waits loop on that state too; Close calls it before it cancels.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a Broadcast from a ticker",
					Checker: "the test: Next must return the error the moment the fetch failed",
				},
				{
					Try:     "let Close broadcast without recording why the listing ended",
					Checker: "the test: after the buffered items, Next must return ErrClosed",
				},
			},
			Debrief: []string{
				"a Cond waiter waits for a state: record every way it can stop coming (an error, Close) under the lock, and Broadcast it",
				"a Cond cannot be selected on: a cancelled ctx reaches Wait only when someone broadcasts",
			},
		},
		Ja: Edition{
			Title:   "誰にも起こされない待ち手",
			Passage: "シグナルされない sync.Cond(GoKer の Cond、channel と Cond の kernel。Tu らの Wait のバグ): 待っている状態がもう来ない。seed 002 は sync.Cond を select で待てないことにも触れている",
			Goal:    "Next は項目を順に返し、一覧が終わったその瞬間にその理由(io.EOF、取得のエラー、Close 後なら ErrClosed)を返す。Close は消費側がどこまで読んでいてもすぐに戻り、何も動いたままにしない。",
			Hints: []string{
				"sync.Cond.Wait で待っているのはどの goroutine で、どんな状態の変化を待っているのか。その変化を起こして Broadcast できる goroutine はまだ残っているか。",
				"最後のページは io.EOF を記録して Broadcast するが、取得の失敗は何も記録せず、Close は Cond.Wait からは見えない ctx をキャンセルするだけだ。ticker で Broadcast すると待ち手は遅れて起き、しかも無駄に終わる。待っている状態は決して来ないのだから。",
				"原則 L4(GoKer の Cond kernel): 一覧が終わった理由(io.EOF、取得のエラー、ErrClosed)をロックの下で記録して Broadcast するメソッドを一つ作り、どちらの待ちもその状態をループの条件に含める。Close はキャンセルの前にそれを呼ぶ。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ティッカーから Broadcast する",
					Checker: "テスト: 取得に失敗したその瞬間に、Next はそのエラーを返さなければならない",
				},
				{
					Try:     "一覧が終わった理由を記録せずに Close で Broadcast する",
					Checker: "テスト: バッファ済みの項目の後、Next は ErrClosed を返さなければならない",
				},
			},
			Debrief: []string{
				"Cond の待ち手は状態を待っている: その状態がもう来なくなるすべての場合(エラー、Close)をロックの下で記録し、Broadcast する",
				"Cond は select できない: キャンセルされた ctx が Wait に届くのは、誰かが Broadcast したときだけ",
			},
		},
	})
}
