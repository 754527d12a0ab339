package catalogue

// Exercise 02: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    2,
		Dir:       "02_background_task",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   12,
		Solution:  []Excerpt{{"progress.go", `/^\t\tfor \{/,/^\t\t}$/`}},

		En: Edition{
			Title:   "BackgroundTask: the report channel nobody drains",
			Passage: "What does cancel() stop? BackgroundTask(ctx) returning <-chan Report and the Continue variant",
			Goal:    "Watch's goroutine ends when the caller cancels, even if it stopped reading, and a reading caller gets every report.",
			Hints: []string{
				"The goroutine is stuck on one line in the report. What is it waiting for, and will that ever come once the caller has stopped reading?",
				"A bigger buffer only delays the block: the test reads nothing for an hour of fake time. Every place the goroutine waits must also be able to see the caller give up.",
				"Principle P2 (seed 000, BackgroundTask): bound the goroutine by the caller's ctx; the send is a select with case <-ctx.Done(): return. Dropping reports is not an option: a slow reader must get them all.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a buffered report channel, e.g. make(chan Report, 64)",
					Checker: "leaking: Watch polled the job 65 times for a caller that stopped reading: a bigger buffer only hides the goroutine nobody will drain",
				},
				{
					Try:     "check ctx.Done() only before each tick",
					Checker: "a leak report: the goroutine is stuck on the send, where it never looks at ctx",
				},
			},
			Debrief: []string{
				"every place a goroutine waits needs a way out: the tick and the send",
				"the goroutine outlives Watch: only the caller's ctx bounds it (P2 half kept)",
				"alternative design: hand the loop back to the caller (module 3's Continue)",
			},
		},
		Ja: Edition{
			Title:   "BackgroundTask: 誰も読まないレポート channel",
			Passage: "「cancel()は何を停止するのか」: <-chan Report を返す BackgroundTask(ctx) と、Continue を返す変形版",
			Goal:    "呼び出し側がキャンセルすれば、読むのをやめていても Watch の goroutine は終了し、読み続ける呼び出し側にはすべてのレポートが届く。",
			Hints: []string{
				"レポートでは goroutine がある 1 行で止まっている。何を待っているのか。呼び出し側が読むのをやめた後、それが来ることはあるか。",
				"バッファを大きくしてもブロックが遅れるだけだ。テストは fake clock の 1 時間、何も読まない。goroutine が待つすべての箇所で、呼び出し側が諦めたことにも気づけるようにしよう。",
				"原則 P2(seed 000、BackgroundTask): goroutine の寿命を呼び出し側の ctx で区切る。送信は case <-ctx.Done(): return を持つ select にする。レポートを捨てるのは不可。遅い読み手にもすべて届ける必要がある。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "レポートの channel にバッファを付ける(例: make(chan Report, 64))",
					Checker: `リークあり: "Watch polled the job 65 times for a caller that stopped reading: a bigger buffer only hides the goroutine nobody will drain"`,
				},
				{
					Try:     "ctx.Done() を確かめるのは tick の前だけ",
					Checker: "リークのレポート: goroutine は送信で止まっていて、そこでは ctx を見ていない",
				},
			},
			Debrief: []string{
				"goroutine が待つ場所にはすべて逃げ道が要る: tick と送信",
				"goroutine は Watch より長生きする。上限を決めるのは呼び出し側の ctx だけ(P2 は半分だけ守れている)",
				"別の設計: ループを呼び出し側に返す(モジュール 3 の Continue)",
			},
		},
	})
}
