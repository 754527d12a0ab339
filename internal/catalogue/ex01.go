package catalogue

// Exercise 01: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    1,
		Dir:       "01_errs_capacity",
		Seed:      Seed000,
		Principle: "P3",
		Minutes:   12,
		Solution:  []Excerpt{{"agent.go", `/^func Run/,/^}/`}},

		En: Edition{
			Title:   "The forgotten errs capacity",
			Passage: "userErr: errs := make(chan error, 1) // don't forget to increase when you add more goroutines",
			Goal:    "Whichever way Run returns, every goroutine it started has ended by then, however many keys it watches.",
			Hints: []string{
				"Read the goleak report: which line is every leaked goroutine stuck on, and who was supposed to receive?",
				"Count the senders and the receives on the early-return paths. A bigger buffer only lets the senders finish later, if the buffer happens to be big enough: the test wants them finished when Run returns.",
				"Principle P3 (seed 000, userErr): let golang.org/x/sync/errgroup own the goroutines and the first error; g.Wait() returns when all of them have.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "make(chan error, len(keys)+1), the capacity the comment asks for",
					Checker: "leaking: Run returned while the keepalive or watches it started were still running: leaked goroutines, since nothing waits for them",
				},
				{
					Try:     "a bigger buffer, e.g. make(chan error, 10)",
					Checker: "leaking: the same message",
				},
				{
					Try:     "time.Sleep before returning",
					Checker: "the test: Run must return as soon as registration fails (the fake clock sees the wait)",
				},
			},
			Debrief: []string{
				"the capacity was right once: leaks come from code that grew",
				"errgroup owns every goroutine and the first error; Wait returns when all have ended",
				"a receive on one path only is a leak on every other path",
			},
		},
		Ja: Edition{
			Title:   "増やし忘れた errs のキャパシティ",
			Passage: "userErr のコード: errs := make(chan error, 1) // don't forget to increase when you add more goroutines",
			Goal:    "Run がどの経路で return しても、監視するキーがいくつあっても、その時点で Run が起動した goroutine はすべて終了している。",
			Hints: []string{
				"goleak のレポートを読もう。リークした goroutine はどの行で止まっているか。受信するはずだったのは誰か。",
				"送信側の数と、早期 return する経路での受信の数を数えてみよう。バッファを大きくしても、送信側が終わるのが後ろにずれるだけだ(しかもバッファが足りた場合に限る)。テストは Run が return した時点で送信側が終わっていることを求めている。",
				"原則 P3(seed 000、userErr): goroutine と最初のエラーの管理は golang.org/x/sync/errgroup に任せる。g.Wait() はすべての goroutine が終わってから返る。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "コメントが求めるとおりのキャパシティ make(chan error, len(keys)+1) にする",
					Checker: `リークあり: "Run returned while the keepalive or watches it started were still running: leaked goroutines, since nothing waits for them"`,
				},
				{
					Try:     "バッファを大きくする(例: make(chan error, 10))",
					Checker: "リークあり: 同じメッセージ",
				},
				{
					Try:     "return の前に time.Sleep を入れる",
					Checker: "テスト: 登録に失敗したら Run はすぐに return しなければならない(待ち時間は fake clock に見える)",
				},
			},
			Debrief: []string{
				"キャパシティは一度は正しかった。リークはコードが育つうちに生まれる",
				"errgroup がすべての goroutine と最初のエラーを持ち、Wait はすべてが終わってから返る",
				"1 つの経路でしか受信しないのは、ほかのすべての経路でのリーク",
			},
		},
	})
}
