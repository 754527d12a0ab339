package catalogue

// Exercise 11: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    11,
		Dir:       "11_unbounded_spawn",
		Seed:      Seed001,
		Principle: "E2",
		Minutes:   15,
		Solution:  []Excerpt{{"consumer.go", `/^func \(c \*Consumer\) Run/,/^}/`}},

		En: Edition{
			Title:   "The consumer without a bound",
			Passage: "Verification table: peak goroutines 50,000+ (unbounded) before, 120 (controlled) after the worker pool that limits concurrency",
			Goal:    "Run never has more than Limit handlers (or goroutines waiting to become one) at once, yet keeps Limit busy while a backlog waits.",
			Hints: []string{
				"Read the failure: how many handlers ran at once, and how many did Limit allow? What stops Run from receiving the next batch?",
				"Taking at most Limit messages per Receive bounds nothing while the queue has a backlog. A semaphore acquired inside each new goroutine still starts one goroutine per message, and waiting for a whole batch leaves slots idle.",
				"Principle E2 (seed 001's worker pool that took 50,000+ goroutines down to 120; and P1: a message waiting for a handler needs no goroutine): bound the goroutines themselves: errgroup's SetLimit makes g.Go block until a handler returns (or run a fixed pool of Limit workers).",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a goroutine per message that waits on a semaphore",
					Checker: "the test: goroutines alive at once beyond the limit; a waiting message must not hold a goroutine",
				},
				{
					Try:     "return on cancel without waiting for the handlers",
					Checker: "the test: Run returned while handlers were still running",
				},
			},
			Debrief: []string{
				"bound the goroutines, not just the work: acquire before go",
				"errgroup.SetLimit does exactly that",
			},
		},
		Ja: Edition{
			Title:   "上限のないコンシューマー",
			Passage: "修正後の検証結果の表: ピーク時の goroutine 数は修正前 50,000+(Unbounded)、並行数を制限する worker pool 導入後 120(Controlled)",
			Goal:    "Run が同時に動かすハンドラー(とハンドラーになるのを待つ goroutine)は Limit 個を超えず、それでいて滞留があるあいだは Limit 個を休ませない。",
			Hints: []string{
				"失敗内容を読もう。同時に動いたハンドラーはいくつで、Limit はいくつまで許していたか。Run が次のバッチを受信するのを止めるものは何か。",
				"Receive 1 回あたり最大 Limit 件しか取らなくても、キューに滞留があれば何の上限にもならない。新しい goroutine の中でセマフォを取っても、メッセージ 1 件につき goroutine を 1 つ起動していることに変わりはなく、バッチ全体を待つと空きスロットが遊ぶ。",
				"原則 E2(goroutine を 50,000+ から 120 に減らした seed 001 の worker pool。P1 も: ハンドラーを待つメッセージに goroutine は要らない): goroutine そのものの数を制限する。errgroup の SetLimit を使えば、ハンドラーが return するまで g.Go がブロックする(Limit 個のワーカーの固定プールでもよい)。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "メッセージごとに goroutine を起動し、その中でセマフォを待つ",
					Checker: "テスト: 同時に生きている goroutine が上限を超える。待っているメッセージが goroutine を持っていてはいけない",
				},
				{
					Try:     "キャンセルされたらハンドラーを待たずに return する",
					Checker: "テスト: ハンドラーがまだ動いているうちに Run が return した",
				},
			},
			Debrief: []string{
				"仕事だけでなく goroutine の数に上限を: go の前に獲得する",
				"errgroup.SetLimit がまさにそれをする",
			},
		},
	})
}
