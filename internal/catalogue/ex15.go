package catalogue

// Exercise 15: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    15,
		Dir:       "15_actor_bugs",
		Seed:      Seed002,
		Principle: "A1",
		Minutes:   25,
		Solution:  []Excerpt{{"outbox.go", `/^func \(o \*Outbox\) Notify/,/^}/`}, {"outbox.go", `/^func \(o \*Outbox\) Shutdown/,/^}/`}},

		En: Edition{
			Title:   "The Outbox that finished too early",
			Passage: "Example code: wg.Add(1) at the top of each goroutine; the warning that sending on a closed channel panics, so close a channel only to broadcast",
			Goal:    "When Shutdown returns, every message Notify accepted has been written (unless the connection failed) and the connection is closed; Notify afterwards returns an error instead of panicking or blocking, and a subscriber that stops reading holds nothing for long.",
			Clauses: []string{
				"Every message Notify accepted (returned nil for) is written, in order, one line each, before Shutdown returns, unless the connection failed first; Notify waits for room rather than drop a message.",
				"When Shutdown returns, the writer goroutine has returned and the connection is closed.",
				"Once Shutdown has been called or the connection has failed, Notify returns at once an error that wraps net.ErrClosed; it never panics, nor recovers from a panic.",
				"A write that the subscriber has not taken within 5s fails the connection, so a subscriber that stops reading holds neither Shutdown nor a Notify waiting for room for longer than that.",
				"Shutdown may be called any number of times, concurrently, from any goroutine; each call returns once the Outbox is shut down.",
			},
			Hints: []string{
				"Read the failures: which goroutine is still running when Shutdown returns, and which channel does Notify send on after Shutdown?",
				"wg.Wait only waits for what was already counted: a goroutine that calls Add itself may not have run yet. A channel that others send on must never be closed (a recover() around the send only hides the data race): broadcast the shutdown on a separate one. And a subscriber that stops reading holds a Write for ever unless the write has a deadline.",
				"Principle A1 (seed 002, example code and the warning after it): call wg.Add before the go statement, close only a done channel that nobody sends on, and let Notify select on it to return ErrClosed; give every write a deadline (conn.SetWriteDeadline). For a nil from Notify to mean \"will be written\", the writer's last look at the queue must come after every Notify that may still send.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "recover the panic in Notify",
					Checker: "the test: goal clause 3 not met; observed: outbox.go: calls recover() (on the exercise's code the stalled subscriber fails first: goal clause 4, Notify had not returned 1h0m0s after it was called)",
				},
				{
					Try:     "an atomic closed flag checked in Notify, the queue closed in Shutdown",
					Checker: "leaking: goal clause 4 not met; observed: Notify had not returned 1h0m0s after it was called (and, once writes have a deadline, a send on the closed queue races the flag)",
				},
				{
					Try:     "wg.Add(1) as the writer's first step, as the seed's example does",
					Checker: "failing: goal clause 1 not met; observed: Notify accepted 3 messages; 0 lines were written when Shutdown returned",
				},
				{
					Try:     "the stop channel and wg.Add before go, but no deadline on the writes (the solution as first shipped)",
					Checker: "leaking: goal clause 4 not met; observed: Notify had not returned 1h0m0s after it was called",
				},
				{
					Try:     "a flag that lets only the first Shutdown wait",
					Checker: "failing: goal clause 5 not met; observed: the first Shutdown's work ended at 20s; call 0 of Shutdown returned at 0s",
				},
			},
			Debrief: []string{
				"a channel that is only ever closed signals; a mutex-guarded flag guards senders",
				"Shutdown waits for the writer, then closes the connection",
				"a write is a wait too: a subscriber that stops reading holds it for ever, so every write has a deadline, and a stalled subscriber fails the connection",
				"a nil from Notify is a promise: the writer's last look at the queue waits for the Notify calls still in flight (counted under the flag's mutex), so none can slip a message in after it",
			},
		},
		Ja: Edition{
			Title:   "早く終わりすぎた Outbox",
			Passage: "実装例: 各 goroutine の先頭で wg.Add(1)。close した channel に送ると panic するので、channel の close は broadcast のためだけに使う、という注意",
			Goal:    "Shutdown が return した時点で、Notify が受け付けたメッセージはすべて書き込まれていて(接続が失敗した場合を除く)、接続は閉じられています。そのあとの Notify は panic もブロックもせずにエラーを返し、読むのをやめた購読者が何かを長く引き止めることはありません。",
			Clauses: []string{
				"Notify が受け付けた(nil を返した)メッセージはすべて、Shutdown が return する前に、順番どおり 1 行ずつ書き込まれます。ただし、その前に接続が失敗した場合は別です。Notify はメッセージを捨てず、キューに空きができるのを待ちます。",
				"Shutdown が return した時点で、書き込み用の goroutine は return していて、接続は閉じられています。",
				"Shutdown が呼ばれたあと、または接続が失敗したあとは、Notify はすぐに net.ErrClosed をラップしたエラーを返します。panic することはなく、panic から recover することもありません。",
				"購読者が 5 秒以内に受け取らなかった書き込みは接続を失敗させます。そのため、読むのをやめた購読者が、Shutdown やキューの空きを待つ Notify を 5 秒より長く引き止めることはありません。",
				"Shutdown は何度でも、同時にでも、どの goroutine からでも呼べます。どの呼び出しも、Outbox が停止し終えてから return します。",
			},
			Hints: []string{
				"失敗内容を読みましょう。Shutdown が return したときにまだ動いている goroutine はどれでしょうか。Shutdown のあと、Notify はどの channel に送っているでしょうか。",
				"wg.Wait が待つのは、すでに数えられたものだけです。自分で Add を呼ぶ goroutine は、まだ動き出していないかもしれません。ほかの誰かが送信する channel は決して close してはいけません(送信を recover() で囲んでもデータ競合が隠れるだけです)。終了の通知は別の channel で broadcast します。また、読むのをやめた購読者は、書き込みにデッドラインがなければその Write を永遠に止めます。",
				"原則 A1(seed 002、実装例とそのあとの注意書き): wg.Add は go 文の前で呼び、close するのは誰も送信しない done channel だけにし、Notify はそれと select して ErrClosed を返します。書き込みにはすべてデッドラインを付けます(conn.SetWriteDeadline)。Notify の nil が「書き込まれる」という意味になるには、書き込み側がキューを最後に見るのが、まだ送信しうる Notify がすべて済んだあとでなければなりません。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Notify で panic を recover する",
					Checker: "テスト: ゴールの条項 3 が満たされていません。観測: outbox.go が recover() を呼んでいます(演習のコードのままでは、先に止まった購読者のテストが失敗します: ゴールの条項 4、Notify は呼び出されてから 1h0m0s たっても return していませんでした)",
				},
				{
					Try:     "Notify で atomic な closed フラグを確かめ、Shutdown でキューを close する",
					Checker: "leaking: ゴールの条項 4 が満たされていません。観測: Notify は呼び出されてから 1h0m0s たっても return していませんでした(書き込みにデッドラインを付けても、閉じたキューへの送信がフラグと競合します)",
				},
				{
					Try:     "seed の例のとおり、書き込み側の最初で wg.Add(1) する",
					Checker: "failing: ゴールの条項 1 が満たされていません。観測: Notify は 3 個のメッセージを受け付けましたが、Shutdown が return した時点で書き込まれていたのは 0 行でした",
				},
				{
					Try:     "停止用の channel と go の前の wg.Add はあるが、書き込みにデッドラインがない(最初に出した解答)",
					Checker: "leaking: ゴールの条項 4 が満たされていません。観測: Notify は呼び出されてから 1h0m0s たっても return していませんでした",
				},
				{
					Try:     "最初の Shutdown だけが待つようにフラグを立てる",
					Checker: "failing: ゴールの条項 5 が満たされていません。観測: 最初の Shutdown の仕事は 20s に終わりましたが、0 回目の Shutdown の呼び出しは 0s に return しました",
				},
			},
			Debrief: []string{
				"close するだけの channel は合図になり、mutex で守ったフラグは送信者を守る",
				"Shutdown は書き込み側を待ってから接続を閉じる",
				"書き込みも待ちである。読むのをやめた購読者はそれを永遠に止めるので、書き込みにはすべてデッドラインを付け、止まった購読者には接続を失敗させる",
				"Notify の nil は約束である。書き込み側がキューを最後に見るのは、まだ実行中の Notify(フラグの mutex の下で数える)をすべて待ってからにし、そのあとにメッセージが紛れ込めないようにする",
			},
		},
		Messages: map[string]string{
			"Notify panicked with %q": "Notify が %q で panic しました",
			"the Outbox was shut down or its connection had failed; Notify returned %v":                             "Outbox は停止しているか接続が失敗しているのに、Notify は %v を返しました",
			"line %d written was %q; Notify had accepted %q there":                                                  "書き込まれた %d 行目は %q でしたが、Notify がそこで受け付けたのは %q でした",
			"Notify accepted %d messages; %d lines were written when Shutdown returned":                             "Notify は %d 個のメッセージを受け付けましたが、Shutdown が return した時点で書き込まれていたのは %d 行でした",
			"Shutdown returned with the connection open":                                                            "接続が開いたまま Shutdown が return しました",
			"%s had not returned %v after it was called":                                                            "%s は呼び出されてから %v たっても return していませんでした",
			"Notify of %q before Shutdown returned %v":                                                              "Shutdown の前の %q の Notify が %v を返しました",
			"Notify #%d of a burst returned %v while the subscriber was reading":                                    "購読者が読んでいる間に、大量の Notify の %d 回目が %v を返しました",
			"the first Shutdown's work ended at 20s; call %d of Shutdown returned at %v":                            "最初の Shutdown の仕事は 20s に終わりましたが、%d 回目の Shutdown の呼び出しは %v に return しました",
			"the subscriber stopped reading at 0s; Notify waited for room until %v":                                 "購読者は 0s に読むのをやめましたが、Notify は %v までキューの空きを待ちました",
			"the subscriber stopped reading at 0s and Shutdown was called at %v; it returned at %v":                 "購読者は 0s に読むのをやめ、Shutdown は %v に呼ばれましたが、return したのは %v でした",
			"the subscriber stopped reading at 0s and Shutdown was called at %v; it had not returned an hour later": "購読者は 0s に読むのをやめ、Shutdown は %v に呼ばれましたが、1 時間たっても return していませんでした",
			"the connection had failed; Shutdown returned after %v":                                                 "接続は失敗していましたが、Shutdown が return したのは %v 後でした",
			"the connection failed at the sixth line; %d lines were written":                                        "接続は 6 行目で失敗しましたが、書き込まれたのは %d 行でした",
			"Notify accepted only \"hello\"; the lines written were %q":                                             "Notify が受け付けたのは \"hello\" だけですが、書き込まれた行は %q でした",
			"round %d: Notify accepted %q; it was not written when Shutdown returned":                               "%d 回目: Notify は %q を受け付けましたが、Shutdown が return した時点で書き込まれていませんでした",
			"round %d: %q was written before a message its notifier had queued earlier":                             "%d 回目: %q が、同じ送り手が先に入れたメッセージより前に書き込まれました",
			"listing the package's files: %v":                                                                       "パッケージのファイルの一覧: %v",
			"reading %s: %v":                                                                                        "%s の読み込み: %v",
			"%s calls recover()":                                                                                    "%s が recover() を呼んでいます",
		},
	})
}
