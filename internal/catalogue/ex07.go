package catalogue

// Exercise 07: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    7,
		Dir:       "07_lost_cancel",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   10,
		Solution:  []Excerpt{{"keeper.go", `/^func \(s \*Statefull\) keepalive/,/^}/`}, {"keeper.go", `/^func \(s \*Statefull\) Put/,/^}/`}},

		En: Edition{
			Title:   "The lost cancel",
			Passage: "Statefull.withTimeout: ctx, _ := context.WithTimeout(base, s.requestTimeout) // go vet complains, but we can ignore :(",
			Goal:    "When Put or a keepalive returns, nothing made for that request lives on, whatever context the caller passes in.",
			Hints: []string{
				"Read the failure: which goroutine is left, who created it, and what is it waiting for? Run go vet on the exercise too.",
				"A context derived with a deadline lives, with its timer and possibly a goroutine watching the parent, until its cancel func is called or the deadline passes. Who calls it here?",
				`Principle P2 (seed 000, withTimeout and "go vet complains"): end what a function starts in that same function: ctx, cancel := context.WithTimeout(ctx, d); defer cancel() right where the request is made.`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "defer cancel() inside withTimeout",
					Checker: "failing: Put must succeed (the request's context is cancelled before it is used)",
				},
				{
					Try:     "keep the cancel func in a struct field for later",
					Checker: "the test: nothing may outlive the request; go vet's lostcancel check points at the same line",
				},
			},
			Debrief: []string{
				"defer cancel() right after WithTimeout, always",
				"go vet ./... finds a discarded cancel func",
			},
		},
		Ja: Edition{
			Title:   "失われた cancel",
			Passage: "Statefull.withTimeout のコード: ctx, _ := context.WithTimeout(base, s.requestTimeout) // go vet complains, but we can ignore :(",
			Goal:    "Put や keepalive が return した時点で、そのリクエストのために作られたものは何も残らない。呼び出し側がどんな context を渡しても同じ。",
			Hints: []string{
				"失敗内容を読もう。残っている goroutine はどれで、誰が作り、何を待っているか。この演習に go vet もかけてみよう。",
				"deadline 付きで派生した context は、cancel func が呼ばれるか deadline が来るまで、タイマーや親を見張る goroutine ごと生き続ける。ここでは誰が cancel を呼んでいるか。",
				"原則 P2(seed 000、withTimeout と「go vet complains」): 関数が始めたものはその関数で終わらせる。リクエストを出すその場所で ctx, cancel := context.WithTimeout(ctx, d); defer cancel() と書く。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "withTimeout の中で defer cancel() する",
					Checker: "失敗: Put は成功しなければならない(リクエストの context が使われる前にキャンセルされる)",
				},
				{
					Try:     "cancel func を後で使うために struct のフィールドに取っておく",
					Checker: "テスト: リクエストより長生きしてよいものはない。go vet の lostcancel も同じ行を指す",
				},
			},
			Debrief: []string{
				"WithTimeout の直後に defer cancel()、例外なし",
				"go vet ./... が捨てられた cancel func を見つける",
			},
		},
	})
}
