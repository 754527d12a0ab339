package catalogue

// Exercise 05: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    5,
		Dir:       "05_longtask_ctx_in_struct",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   15,
		Solution:  []Excerpt{{"lock.go", `/^\tctx, cancel := context.WithCancel/,/^}/`}},

		En: Edition{
			Title:   "The lock that keeps its context",
			Passage: "Start()/Stop() and context.Context: the LongTask struct with ctx and cancel fields, whose goroutine's lifetime spreads over the whole struct",
			Goal:    "However RunExclusive ends, nothing it started is still running when it returns and its lease is revoked, and it returns as soon as that is so.",
			Hints: []string{
				"Read the report: which function started the goroutine that is still renewing the lease, and which path returned without stopping it?",
				"The keepalive goroutine starts in NewLock but can only be stopped by Unlock, and an error path in between never gets a Lock to unlock. A cancel func in a struct field is the warning sign.",
				"Principle P2 (seed 000, the LongTask struct with ctx and cancel): end the goroutine in the function that started it. Let RunExclusive grant, keep alive, acquire, run and revoke in one call, with a deferred cancel plus sync.WaitGroup.Wait (and Revoke on a context.WithoutCancel ctx).",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "call cancel in Release only",
					Checker: "the test: the error path of NewLock never reaches Release",
				},
				{
					Try:     "cancel without waiting for the keepalive",
					Checker: "the test: RunExclusive must revoke its lease before it returns",
				},
			},
			Debrief: []string{
				"a ctx and cancel in a struct spread one goroutine's life over several functions",
				"start, cancel and wait in RunExclusive itself: defer makes every path the same",
			},
		},
		Ja: Edition{
			Title:   "context を抱え込むロック",
			Passage: "「Start()/Stop()とcontext.Context」: ctx と cancel をフィールドに持つ LongTask 構造体。goroutine の寿命が構造体全体に散らばっている",
			Goal:    "RunExclusive がどう終わっても、return した時点でそれが起動したものは何も動いておらず、リースは取り消されている。そしてその状態になったらすぐに return する。",
			Hints: []string{
				"レポートを読もう。リースを更新し続けている goroutine を起動した関数はどれか。それを止めずに return した経路はどれか。",
				"keepalive の goroutine は NewLock で起動するが、止められるのは Unlock だけだ。その間のエラー経路では Unlock すべき Lock が手に入らない。struct のフィールドにある cancel func は危険な兆候だ。",
				"原則 P2(seed 000、ctx と cancel を持つ LongTask 構造体): goroutine は起動した関数の中で終わらせる。RunExclusive がリースの取得、keepalive、ロック獲得、実行、取り消しを 1 回の呼び出しで行い、defer した cancel と sync.WaitGroup.Wait で後始末する(Revoke は context.WithoutCancel した ctx で呼ぶ)。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "cancel を Release でだけ呼ぶ",
					Checker: "テスト: NewLock のエラー経路は Release にたどり着かない",
				},
				{
					Try:     "cancel するが keepalive を待たない",
					Checker: "テスト: RunExclusive は return する前にリースを失効させなければならない",
				},
			},
			Debrief: []string{
				"struct の中の ctx と cancel は、1 つの goroutine の寿命を複数の関数に散らばらせる",
				"起動、キャンセル、待機を RunExclusive 自身の中で: defer ならどの経路も同じになる",
			},
		},
	})
}
