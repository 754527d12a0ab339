package catalogue

// Exercise 04: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    4,
		Dir:       "04_blocking_activate",
		Seed:      Seed000,
		Principle: "P1",
		Minutes:   15,
		Solution:  []Excerpt{{"entry.go", `/^func \(e \*Entry\) Activate/,/^}/`}},

		En: Edition{
			Title:   "The helpful non-blocking Activate",
			Passage: "The Activate pattern: Statefull.Activate blocks in a plain for loop until ctx is cancelled (returns nil) or a keepalive fails (returns the error)",
			Goal:    "Activate keeps the value alive until ctx is cancelled or a keepalive fails, reports that failure, and leaves nothing running when it returns.",
			Hints: []string{
				"Read the failures: how long did Activate take, and which function created the goroutine the report lists?",
				"Activate returns before its work is done, so nobody can wait for that work or hear how it ended. What if Activate simply did the work itself, for as long as it takes?",
				"Principle P1 (seed 000, the Activate pattern): don't fear a blocking function. Run the keepalive loop in Activate itself, return nil on <-ctx.Done() and the wrapped error on failure; the caller writes go if it wants one.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "keep the goroutine, add a Stop method",
					Checker: "the test: Activate must block until ctx is cancelled",
				},
				{
					Try:     "return the error through Err() after a WaitGroup",
					Checker: "the test: Activate must return the keepalive failure to its caller",
				},
			},
			Debrief: []string{
				"a function that blocks is not a failure: the caller decides whether to go it",
				"the error is a return value, not a field to poll",
			},
		},
		Ja: Edition{
			Title:   "親切な非ブロッキング Activate",
			Passage: "「Activateパターンのご紹介」: Statefull.Activate は ctx がキャンセルされる(nil を返す)か keepalive が失敗する(そのエラーを返す)まで、素朴な for ループでブロックする",
			Goal:    "Activate は ctx がキャンセルされるか keepalive が失敗するまで値を維持し、失敗したらそれを報告し、return した時点で何も動いていない。",
			Hints: []string{
				"失敗内容を読もう。Activate にかかった時間はどれくらいか。レポートにある goroutine を作った関数はどれか。",
				"Activate は仕事が終わる前に return するので、誰もその仕事を待てず、どう終わったかも知りようがない。Activate 自身が、必要なだけ時間をかけてその仕事をしたらどうだろう。",
				"原則 P1(seed 000、Activate パターン): ブロックする関数を恐れないこと。keepalive のループを Activate の中で回し、<-ctx.Done() なら nil を、失敗ならラップしたエラーを返す。goroutine が欲しければ呼び出し側が go と書く。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "goroutine はそのままで Stop メソッドを足す",
					Checker: "テスト: Activate は ctx がキャンセルされるまでブロックしなければならない",
				},
				{
					Try:     "WaitGroup の後に Err() でエラーを返す",
					Checker: "テスト: Activate は keepalive の失敗を呼び出し側に返さなければならない",
				},
			},
			Debrief: []string{
				"ブロックする関数は失敗ではない。go で呼ぶかどうかは呼び出し側が決める",
				"エラーは戻り値で、ポーリングするフィールドではない",
			},
		},
	})
}
