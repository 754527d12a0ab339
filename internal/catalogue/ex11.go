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
			Clauses: []string{
				"Run never has more than Limit handlers running, never holds more than 2×Limit messages taken from the queue and not yet handled, and starts no goroutine for a message that waits for a free handler.",
				"Whenever a message is in the queue and fewer than Limit handlers run, another handler starts at once, so a backlog is worked off Limit at a time; until ctx is cancelled, each message taken goes to one handler, once.",
				"When ctx is cancelled, the running handlers' ctx is done, no new handler starts, and Run returns ctx.Err() as soon as the running handlers have returned.",
				"Run returns nil once the queue is closed and drained and every message it took has gone to a handler, and Receive's error when it fails, in both cases once the running handlers have returned.",
				"When Run returns, no handler and no goroutine it started is still running.",
			},
			Hints: []string{
				"Read the failure: how many handlers ran at once, and how many did Limit allow? What stops Run from receiving the next batch?",
				"Taking at most Limit messages per Receive bounds nothing while the queue has a backlog. A semaphore acquired inside each new goroutine still starts one goroutine per message, and waiting for a whole batch leaves slots idle.",
				"Principle E2 (seed 001's worker pool that took 50,000+ goroutines down to 120; and P1: a message waiting for a handler needs no goroutine): bound the goroutines themselves: errgroup's SetLimit makes g.Go block until a handler returns (or run a fixed pool of Limit workers).",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a goroutine per message that waits on a semaphore",
					Checker: "failing: goal clause 1 not met; observed: 2999 messages were taken from the queue and not handled yet, at once, with Limit 1 (and, next, the goroutines alive at once)",
				},
				{
					Try:     "ask Receive for 1000 messages at a time and bound the handlers with errgroup's SetLimit",
					Checker: "failing: goal clause 1 not met; observed: 1001 messages were taken from the queue and not handled yet, at once, with Limit 1",
				},
				{
					Try:     "wait for each batch with a WaitGroup before receiving the next",
					Checker: "failing: goal clause 2 not met; observed: 8 handlers starting each message as soon as one is free are done at 7.07s; Run returned at 30s",
				},
				{
					Try:     "errgroup's SetLimit, each handler called with ctx and no second look at it",
					Checker: "failing: goal clause 3 not met; observed: 6 handler(s) began after the caller cancelled at 1.005s",
				},
				{
					Try:     "return on cancel without waiting for the handlers",
					Checker: "failing: goal clause 5 not met; observed: 7 handler(s) still running when Run returned",
				},
			},
			Debrief: []string{
				"bound the goroutines, not just the work: acquire before go",
				"errgroup.SetLimit does exactly that",
				"a bound also covers what Run holds between Receive and the handlers: a big batch or a buffered channel piles up messages instead of goroutines",
				"g.Go may wait for a slot while the caller cancels: look at ctx once more before calling Handle, or a message taken after the cancel is handled anyway; and a message left that way must not let Run report the drained queue as done (return ctx.Err() from the goroutine, and let g.Wait's error stand)",
			},
		},
		Ja: Edition{
			Title:   "上限のないコンシューマー",
			Passage: "修正後の検証結果の表: ピーク時の goroutine 数は修正前 50,000+(Unbounded)、並行数を制限する worker pool 導入後 120(Controlled)",
			Goal:    "Run が同時に動かすハンドラー(とハンドラーになるのを待つ goroutine)は Limit 個を超えず、それでいて滞留があるあいだは Limit 個を休ませない。",
			Clauses: []string{
				"Run が同時に走らせるハンドラーは Limit 個までで、キューから取り出してまだ処理し終えていないメッセージも 2×Limit 個までしか抱えず、空きハンドラーを待つメッセージのために goroutine を起こしません。",
				"キューにメッセージがあり、走っているハンドラーが Limit 個未満なら、すぐに次のハンドラーが始まります。こうして溜まったメッセージは Limit 個ずつ片づき、ctx がキャンセルされるまでは、取り出したメッセージはどれも一度だけ、ひとつのハンドラーに渡されます。",
				"ctx がキャンセルされたら、走っているハンドラーの ctx は終わり、新しいハンドラーは始まらず、Run は走っているハンドラーが戻りしだい ctx.Err() を返します。",
				"キューが閉じられて空になり、取り出したメッセージがすべてハンドラーに渡ったら Run は nil を、Receive が失敗したらそのエラーを返します。どちらも、走っているハンドラーが戻ってからです。",
				"Run が return した時点で、それが始めたハンドラーも goroutine もひとつも動いていません。",
			},
			Hints: []string{
				"失敗内容を読みましょう。同時に動いたハンドラーはいくつで、Limit はいくつまで許していたでしょうか。Run が次のバッチを受信するのを止めるものは何でしょうか。",
				"Receive 1 回あたり最大 Limit 件しか取らなくても、キューに滞留があれば何の上限にもなりません。新しい goroutine の中でセマフォを取っても、メッセージ 1 件につき goroutine を 1 つ起動していることに変わりはなく、バッチ全体を待つと空きスロットが遊びます。",
				"原則 E2(goroutine を 50,000+ から 120 に減らした seed 001 の worker pool。P1 も: ハンドラーを待つメッセージに goroutine は要りません): goroutine そのものの数を制限します。errgroup の SetLimit を使えば、ハンドラーが return するまで g.Go がブロックします(Limit 個のワーカーの固定プールでもかまいません)。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "メッセージごとに goroutine を起動し、その中でセマフォを待つ",
					Checker: "failing: ゴールの条項 1 が満たされていません。観測: Limit 1 で、キューから取り出してまだ処理していないメッセージが同時に 2999 個ありました(続いて、同時に生きていた goroutine の数)",
				},
				{
					Try:     "Receive で 1000 件ずつ取り、ハンドラーの数は errgroup の SetLimit で抑える",
					Checker: "failing: ゴールの条項 1 が満たされていません。観測: Limit 1 で、キューから取り出してまだ処理していないメッセージが同時に 1001 個ありました",
				},
				{
					Try:     "バッチごとに WaitGroup で待ってから次を受信する",
					Checker: "failing: ゴールの条項 2 が満たされていません。観測: 空きしだい次のメッセージを始める 8 個のハンドラーなら 7.07s に終わりますが、Run が return したのは 30s でした",
				},
				{
					Try:     "errgroup の SetLimit を使い、各ハンドラーを ctx とともに呼ぶだけで ctx を見直さない",
					Checker: "failing: ゴールの条項 3 が満たされていません。観測: 呼び出し側が 1.005s にキャンセルしたあとで、ハンドラーが 6 個始まりました",
				},
				{
					Try:     "キャンセルされたらハンドラーを待たずに return する",
					Checker: "failing: ゴールの条項 5 が満たされていません。観測: Run が return した時点で、ハンドラーが 7 個まだ動いていました",
				},
			},
			Debrief: []string{
				"仕事だけでなく goroutine の数に上限を: go の前に獲得する",
				"errgroup.SetLimit がまさにそれをする",
				"上限は、Receive からハンドラーまでの間に Run が抱えるものにもかかる。大きなバッチやバッファ付き channel は、goroutine の代わりにメッセージを溜め込む",
				"g.Go が空きを待つ間に呼び出し側がキャンセルすることがある。Handle を呼ぶ前に ctx をもう一度見ないと、キャンセル後に取り出したメッセージまで処理してしまう。そうして残したメッセージがあるのに、空になったキューを理由に Run が完了を報告してはならない(goroutine から ctx.Err() を返し、g.Wait のエラーを生かす)",
			},
		},
		Messages: map[string]string{
			"Run had not returned %v after it was called":                                                              "Run は呼び出されてから %v たっても return していませんでした",
			"%d handler(s) still running when Run returned":                                                            "Run が return した時点で、ハンドラーが %d 個まだ動いていました",
			"%d handlers ran at once with Limit %d":                                                                    "Limit %[2]d で、ハンドラーが同時に %[1]d 個走りました",
			"%d messages were taken from the queue and not handled yet, at once, with Limit %d":                        "Limit %[2]d で、キューから取り出してまだ処理していないメッセージが同時に %[1]d 個ありました",
			"%d goroutines more than before Run were alive at once, with Limit %d":                                     "Limit %[2]d で、Run を呼ぶ前より %[1]d 個多い goroutine が同時に生きていました",
			"the queue was closed and drained; Run returned %q":                                                        "キューは閉じられて空になりましたが、Run は %q を返しました",
			"message %s was handled %d times":                                                                          "メッセージ %s は %d 回処理されました",
			"with a backlog of %d messages, at most %d handlers ran at once with Limit %d":                             "メッセージが %[1]d 個溜まっていて Limit が %[3]d なのに、同時に走ったハンドラーは最大 %[2]d 個でした",
			"%d handlers starting each message as soon as one is free are done at %v; Run returned at %v":              "空きしだい次のメッセージを始める %d 個のハンドラーなら %v に終わりますが、Run が return したのは %v でした",
			"message %s arrived at %v, with a handler free; its handler began at %v":                                   "メッセージ %s は %v に届き、ハンドラーも空いていましたが、そのハンドラーが始まったのは %v でした",
			"the queue was closed at %v and the last handler returned at %v; Run returned at %v":                       "キューは %v に閉じられ、最後のハンドラーは %v に戻りましたが、Run が return したのは %v でした",
			"the caller cancelled at %v; Run returned %v":                                                              "呼び出し側は %v にキャンセルしましたが、Run が返したのは %v でした",
			"%d handler(s) began after the caller cancelled at %v":                                                     "呼び出し側が %[2]v にキャンセルしたあとで、ハンドラーが %[1]d 個始まりました",
			"the caller cancelled at %v; the handlers running then returned at %v":                                     "呼び出し側は %v にキャンセルしましたが、そのとき走っていたハンドラーが戻ったのは %v でした",
			"the caller cancelled at %v and the last handler returned at %v; Run returned at %v":                       "呼び出し側は %v にキャンセルし、最後のハンドラーは %v に戻りましたが、Run が return したのは %v でした",
			"Receive failed with %q; Run returned %v":                                                                  "Receive は %q で失敗しましたが、Run が返したのは %v でした",
			"round %d: %d handler(s) still running when Run returned":                                                  "%d 回目: Run が return した時点で、ハンドラーが %d 個まだ動いていました",
			"round %d: %d handlers ran at once with Limit %d":                                                          "%d 回目: Limit %[3]d で、ハンドラーが同時に %[2]d 個走りました",
			"round %d: Run returned nil after %d of %d messages":                                                       "%d 回目: Run は %[3]d 個中 %[2]d 個のメッセージのあとで nil を返しました",
			"round %d: the caller's ctx was live and Receive never failed; Run returned %q":                            "%d 回目: 呼び出し側の ctx は生きていて、Receive も失敗していませんが、Run は %q を返しました",
			"round %d: the caller cancelled; Run returned %q":                                                          "%d 回目: 呼び出し側がキャンセルし、Run は %q を返しました",
			"the caller cancelled as the queue drained; Run returned nil after handing %d of %d messages to a handler": "キューが空になったところで呼び出し側がキャンセルしましたが、Run は %[2]d 個中 %[1]d 個のメッセージしかハンドラーに渡さずに nil を返しました",
			"the caller cancelled as the queue drained; Run returned %q":                                               "キューが空になったところで呼び出し側がキャンセルし、Run は %q を返しました",
			"round %d: %d handler(s) began after Run returned":                                                         "%d 回目: Run が return したあとで、ハンドラーが %d 個始まりました",
		},
	})
}
