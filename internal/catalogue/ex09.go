package catalogue

// Exercise 09: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    9,
		Dir:       "09_trust_your_ctx",
		Seed:      Seed000,
		Principle: "C1",
		Minutes:   15,
		Solution:  []Excerpt{{"prefetch.go", `/^func fetch/,/^}/`}},

		En: Edition{
			Title:   "Trust your own ctx",
			Passage: "Don't trust context.DeadlineExceeded or context.Canceled from the wild: err == context.Canceled does not mean your ctx was cancelled; ask your own ctx.Err()",
			Goal:    "FetchAll reports the caller's cancellation or deadline only when the caller's ctx ended, retries the store's own failures and reports them (still matchable with errors.Is, except the store's bare context errors), and leaves no fetch running.",
			Hints: []string{
				"Read the failures: the caller never cancelled, yet FetchAll gave up, and 49 goroutines are stuck. Where are they stuck, and why did nobody read their results?",
				"A context error returned by the store may be the store's own timeout. Which value can tell you for certain whether your caller gave up? And when you wrap the store's last error: %w keeps errors.Is working for it, %v keeps only its text; the store's context errors need the second, its other errors the first.",
				`Principle C1 (seed 000, "don't trust DeadlineExceeded/Canceled from the wild"): decide with ctx.Err(), never with the callee's error; wrap the store's errors so they cannot pass for the caller's; let golang.org/x/sync/errgroup own the fetches so none outlives FetchAll.`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "test err == context.Canceled from the store's client",
					Checker: "the test: the client's own timeout also says canceled; check your own ctx.Err()",
				},
				{
					Try:     "time.Sleep for the pause between attempts",
					Checker: "the test: FetchAll must return as soon as the caller cancels, even in a pause",
				},
			},
			Debrief: []string{
				"only your ctx.Err() says the caller gave up",
				"a pause is a select on a timer and ctx.Done()",
			},
		},
		Ja: Edition{
			Title:   "自分の ctx を信じる",
			Passage: "「野生のcontext.DeadlineExceededやcontext.Canceledを信頼して失敗する」: err == context.Canceled だからといって自分の ctx がキャンセルされたとは限らない。自分の ctx.Err() に聞く",
			Goal:    "FetchAll は呼び出し側の ctx が終わったときに限ってキャンセルや deadline を報告し、ストア自身の失敗はリトライしたうえで報告し(ストアの素の context エラーを除き errors.Is で判別できるまま)、fetch をひとつも置き去りにしない。",
			Hints: []string{
				"失敗内容を読もう。呼び出し側はキャンセルしていないのに FetchAll は諦め、49 個の goroutine が止まっている。どこで止まっているか。なぜ誰も結果を読まなかったのか。",
				"ストアが返した context のエラーは、ストア自身のタイムアウトかもしれない。呼び出し側が諦めたかどうかを確実に教えてくれる値はどれか。ストアの最後のエラーを wrap するときは、%w なら errors.Is が効き続け、%v なら文面だけが残る。ストアの context エラーには後者、それ以外のエラーには前者が要る。",
				"原則 C1(seed 000、「野生の DeadlineExceeded/Canceled を信頼しない」): 判断は呼び出し先のエラーではなく ctx.Err() で行う。ストアのエラーは呼び出し側のものと紛れないようラップし、fetch の管理は golang.org/x/sync/errgroup に任せて、FetchAll より長生きするものを残さない。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ストアのクライアントから返った err == context.Canceled を調べる",
					Checker: "テスト: クライアント自身のタイムアウトも canceled と言う。自分の ctx.Err() を確かめる",
				},
				{
					Try:     "試行の間の待ちに time.Sleep を使う",
					Checker: "テスト: 待ちの途中でも、呼び出し側がキャンセルしたら FetchAll はすぐに return しなければならない",
				},
			},
			Debrief: []string{
				"呼び出し側が諦めたと言えるのは、自分の ctx.Err() だけ",
				"待ちは、タイマーと ctx.Done() の select",
			},
		},
	})
}
