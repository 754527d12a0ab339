package catalogue

// Exercise 14: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    14,
		Dir:       "14_actor_shutdown",
		Seed:      Seed002,
		Principle: "A1",
		Minutes:   20,
		Solution:  []Excerpt{{"session.go", `/^func \(s \*Session\) Shutdown/,/^}/`}, {"session.go", `/^func \(s \*Session\) run/,/^}/`}, {"session.go", `/^func \(s \*Session\) stop/,/^}/`}},

		En: Edition{
			Title:   "The read loop nobody woke up",
			Passage: "Implementation plan: to get out of recv, close the net.Conn; close a broadcast channel for the select loops; Wait, then finalize",
			Goal:    "However a session ends, every goroutine it started has exited before OnClose runs, once, and Shutdown returns only after it.",
			Hints: []string{
				"Read the goleak report: which goroutine is still alive after Shutdown, and what is it waiting for? Can it ever see the done channel?",
				"A goroutine blocked in conn.Read wakes up only when the connection is closed. And OnClose must not run before all three loops have returned: count them before you start them.",
				"Principle A1 (seed 002, implementation plan): stop once with sync.Once (close the conn, close a broadcast channel), let every loop stop the others when it returns, and finalize only after sync.WaitGroup.Wait.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "close a done channel but leave the connection open",
					Checker: "the test: the read loop is blocked in Read, which no channel wakes",
				},
				{
					Try:     "call OnClose from each loop",
					Checker: "the test: OnClose must run exactly once",
				},
			},
			Debrief: []string{
				"seed 002's order: shut down once, wait for every goroutine, then finalize",
				"a blocking Read ends only when the connection closes or its deadline passes",
			},
		},
		Ja: Edition{
			Title:   "誰も起こさなかった読み取りループ",
			Passage: "実装方針: recv を抜けるには net.Conn を close し、select で待つループには broadcast 用の channel を close して知らせる。Wait してから finalize する",
			Goal:    "セッションがどう終わっても、起動した goroutine はすべて OnClose の前に終了し、OnClose は 1 回だけ実行され、Shutdown はその後でしか return しない。",
			Hints: []string{
				"goleak のレポートを読もう。Shutdown の後も生きている goroutine はどれで、何を待っているか。それが done channel を目にすることはあるか。",
				"conn.Read でブロックしている goroutine は、コネクションが閉じられて初めて起きる。また OnClose は 3 つのループがすべて return してから実行しなければならない。起動する前に数えておこう。",
				"原則 A1(seed 002、実装方針): 停止は sync.Once で 1 回だけ行い(conn を close し、broadcast 用の channel を close する)、どのループも return するときに他のループを止め、finalize は sync.WaitGroup.Wait の後でだけ行う。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "done channel は close するが、接続は開いたままにする",
					Checker: "テスト: 読み取りループは Read でブロックしていて、どの channel でも起きない",
				},
				{
					Try:     "それぞれのループから OnClose を呼ぶ",
					Checker: "テスト: OnClose はちょうど 1 回だけ実行されなければならない",
				},
			},
			Debrief: []string{
				"seed 002 の順序: 一度だけ停止し、すべての goroutine を待ってから finalize する",
				"ブロックしている Read が終わるのは、接続が閉じられるか deadline が過ぎたときだけ",
			},
		},
	})
}
