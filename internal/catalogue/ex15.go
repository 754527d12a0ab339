package catalogue

// Exercise 15: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    15,
		Dir:       "15_actor_bugs",
		Seed:      Seed002,
		Principle: "A1",
		Minutes:   20,
		Solution:  []Excerpt{{"outbox.go", `/^func \(o \*Outbox\) Notify/,/^}/`}, {"outbox.go", `/^func \(o \*Outbox\) Shutdown/,/^}/`}},

		En: Edition{
			Title:   "The Outbox that finished too early",
			Passage: "Example code: wg.Add(1) at the top of each goroutine; the warning that sending on a closed channel panics, so close a channel only to broadcast",
			Goal:    "When Shutdown returns every queued message is written and the connection closed, and Notify afterwards returns an error instead of panicking or blocking.",
			Hints: []string{
				"Read the failures: which goroutine is still running when Shutdown returns, and which channel does Notify send on after Shutdown?",
				"wg.Wait only waits for what was already counted: a goroutine that calls Add itself may not have run yet. And a channel that others send on must never be closed (a recover() around the send only hides the data race); broadcast the shutdown on a separate one.",
				"Principle A1 (seed 002, example code and the warning after it): call wg.Add before the go statement, close only a done channel that nobody sends on, and let Notify select on it to return ErrClosed.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "recover the panic in Notify",
					Checker: "the test: Notify after Shutdown must return an error that wraps net.ErrClosed",
				},
				{
					Try:     "close the queue while Notify may still send",
					Checker: "the test: never send on a channel that Shutdown closed",
				},
			},
			Debrief: []string{
				"a channel that is only ever closed signals; a mutex-guarded flag guards senders",
				"Shutdown waits for the writer, then closes the connection",
			},
		},
		Ja: Edition{
			Title:   "早く終わりすぎた Outbox",
			Passage: "実装例: 各 goroutine の先頭で wg.Add(1)。close した channel に送ると panic するので、channel の close は broadcast のためだけに使う、という注意",
			Goal:    "Shutdown が return した時点でキューのメッセージはすべて書き込まれてコネクションは閉じており、その後の Notify は panic もブロックもせずにエラーを返す。",
			Hints: []string{
				"失敗内容を読もう。Shutdown が return したときにまだ動いている goroutine はどれか。Shutdown の後、Notify はどの channel に送っているか。",
				"wg.Wait が待つのは、すでに数えられたものだけだ。自分で Add を呼ぶ goroutine は、まだ動き出していないかもしれない。また、他者が送信する channel は決して close してはいけない(送信を recover() で囲んでもデータ競合が隠れるだけ)。終了の通知は別の channel で broadcast する。",
				"原則 A1(seed 002、実装例とその後の注意書き): wg.Add は go 文の前で呼び、close するのは誰も送信しない done channel だけにし、Notify はそれと select して ErrClosed を返す。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Notify の中で panic を recover する",
					Checker: "テスト: Shutdown の後の Notify は net.ErrClosed をラップしたエラーを返さなければならない",
				},
				{
					Try:     "Notify がまだ送るかもしれないのにキューを close する",
					Checker: "テスト: Shutdown が close した channel に送信してはいけない",
				},
			},
			Debrief: []string{
				"close するだけの channel は合図に使う。送信側を守るのは Mutex で守ったフラグ",
				"Shutdown は writer を待ってから接続を閉じる",
			},
		},
	})
}
