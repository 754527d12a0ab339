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
			Clauses: []string{
				"Handle gets, one at a time and in order, every message line the client sent before it hung up, and no PING.",
				"However the session ends, when OnClose runs its loops have all returned (none is still reading, handling or waiting) and its connection is closed; OnClose runs exactly once.",
				"The session ends by itself, without a Shutdown, when the client hangs up, when the connection fails, and when no PING has come for HeartbeatTimeout, not before.",
				"Shutdown returns only once OnClose has returned, and may be called any number of times, concurrently and at any moment, from any goroutine but the session's own (Handle and OnClose, which it waits for).",
			},
			Hints: []string{
				"Read the goleak report: which goroutine is still alive after Shutdown, and what is it waiting for? Can it ever see the done channel?",
				"A goroutine blocked in conn.Read wakes up only when the connection is closed. And OnClose must not run before all three loops have returned: count them before you start them.",
				"Principle A1 (seed 002, implementation plan): stop once with sync.Once (close the conn, close a broadcast channel), let every loop stop the others when it returns, and finalize only after sync.WaitGroup.Wait.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "close a done channel but leave the connection open",
					Checker: "failing: goal clause 2 not met; observed: OnClose ran before the session had closed its connection (and, where nobody closes it, Shutdown never returns)",
				},
				{
					Try:     "wg.Add(1) as each loop's first step, as the seed's example does",
					Checker: "failing: goal clause 2 not met; observed: 1 Read(s) of the connection began after OnClose had begun",
				},
				{
					Try:     "call OnClose inside the Once that stops the loops",
					Checker: "failing: goal clause 2 not met; observed: OnClose ran while 1 Read(s) of the connection were running",
				},
				{
					Try:     "a flag that lets only the first Shutdown wait; later calls return at once",
					Checker: "failing: goal clause 4 not met; observed: round 1: 2 of five concurrent calls of Shutdown returned before OnClose had",
				},
				{
					Try:     "hand each message to Handle in a goroutine of its own",
					Checker: `failing: goal clause 1 not met; observed: the client sent hello, world and !, with PINGs between them, then hung up; Handle got ["world" "hello" "!"]`,
				},
			},
			Debrief: []string{
				"seed 002's order: shut down once, wait for every goroutine, then finalize",
				"a blocking Read ends only when the connection closes or its deadline passes",
				"the solution departs from deck 05's Shutdown shape, which does everything inside sync.Once: there, every other caller of Shutdown (the loops included) waits on the Once's lock while the first waits for the loops and runs OnClose, which is blocking while holding a lock, a wait no select or synctest can see, and goroutines still queued on that lock when Shutdown returns; the solution does only the stop once and lets every caller wait on a channel that closes after OnClose (both shapes pass the tests)",
				"no shape lets Handle or OnClose call Shutdown: it waits for them, so it would wait for itself; Handle ends the session by calling Shutdown from a goroutine of its own",
			},
		},
		Ja: Edition{
			Title:   "誰も起こさなかった読み取りループ",
			Passage: "実装方針: recv を抜けるには net.Conn を close し、select で待つループには broadcast 用の channel を close して知らせる。Wait してから finalize する",
			Goal:    "セッションがどう終わっても、起動した goroutine はすべて OnClose の前に終了し、OnClose は 1 回だけ実行され、Shutdown はその後でしか return しない。",
			Clauses: []string{
				"Handle は、クライアントが切断する前に送ったメッセージ行をすべて、一件ずつ順番どおりに受け取り、PING は受け取りません。",
				"セッションがどう終わっても、OnClose が走るときにはループはすべて return していて(読み込み中・処理中・待機中のものはなく)、接続は閉じられています。OnClose はちょうど一度だけ走ります。",
				"セッションは、クライアントが切断したとき、接続が失敗したとき、PING が HeartbeatTimeout のあいだ来なかったときに、Shutdown なしで自分から終わります。それより前には終わりません。",
				"Shutdown は OnClose が戻ってから return します。何度でも、同時にでも、いつでも、セッション自身のもの(Handle と OnClose。Shutdown はそれらを待ちます)以外のどの goroutine からでも呼べます。",
			},
			Hints: []string{
				"goleak のレポートを読みましょう。Shutdown のあとも生きている goroutine はどれで、何を待っているでしょうか。それが done channel を目にすることはあるでしょうか。",
				"conn.Read でブロックしている goroutine は、コネクションが閉じられて初めて起きます。また OnClose は 3 つのループがすべて return してから実行しなければなりません。起動する前に数えておきましょう。",
				"原則 A1(seed 002、実装方針): 停止は sync.Once で 1 回だけ行い(conn を close し、broadcast 用の channel を close する)、どのループも return するときに他のループを止め、finalize は sync.WaitGroup.Wait のあとでだけ行います。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "done channel は close するが、接続は開いたままにする",
					Checker: "failing: ゴールの条項 2 が満たされていません。観測: セッションが接続を閉じる前に OnClose が走りました(誰も閉じない場合は、Shutdown が return しません)",
				},
				{
					Try:     "seed の例のとおり、各ループの最初で wg.Add(1) する",
					Checker: "failing: ゴールの条項 2 が満たされていません。観測: OnClose が始まったあとで、接続の Read が 1 回始まりました",
				},
				{
					Try:     "ループを止める Once の中で OnClose を呼ぶ",
					Checker: "failing: ゴールの条項 2 が満たされていません。観測: 接続の Read が 1 回実行中なのに OnClose が走りました",
				},
				{
					Try:     "最初の Shutdown だけが待つようにフラグを立て、2 回目以降はすぐ return させる",
					Checker: "failing: ゴールの条項 4 が満たされていません。観測: 1 回目: 同時に呼んだ 5 回の Shutdown のうち 2 回が、OnClose より先に return しました",
				},
				{
					Try:     "メッセージごとに goroutine を起こして Handle に渡す",
					Checker: `failing: ゴールの条項 1 が満たされていません。観測: クライアントは hello、world、! を PING をはさんで送ってから切断しましたが、Handle が受け取ったのは ["world" "hello" "!"] でした`,
				},
			},
			Debrief: []string{
				"seed 002 の順序: 停止は 1 回、すべての goroutine を待ち、それから finalize",
				"ブロックしている Read が終わるのは、接続が閉じられるか、そのデッドラインが過ぎたときだけ",
				"解答は、すべてを sync.Once の中で行うデッキ 05 の Shutdown の形から外れている。あの形では、最初の呼び出しがループを待って OnClose を走らせる間、ほかの Shutdown の呼び出し(ループ自身のものも)は Once のロックで待つ。ロックを持ったままのブロックであり、select からも synctest からも見えない待ちであり、Shutdown が return したときにもそのロックに並んだ goroutine が残る。解答は停止だけを 1 回行い、どの呼び出しも OnClose のあとに close される channel で待つ(テストはどちらの形も通す)",
				"どちらの形でも、Handle や OnClose から Shutdown を呼んではならない。Shutdown はそれらを待つので、自分自身を待つことになる。Handle がセッションを終えたいときは、自分で起こした goroutine から Shutdown を呼ぶ",
			},
		},
		Messages: map[string]string{
			"%s had not returned %v after it was called":                                                                    "%s は呼び出されてから %v たっても return していませんでした",
			"the client's write of %q to the session failed: %v":                                                            "クライアントからセッションへの %q の書き込みが失敗しました: %v",
			"Shutdown returned after %d returns of OnClose":                                                                 "OnClose が %d 回戻った時点で Shutdown が return しました",
			"OnClose ran while %d call(s) of Handle were running":                                                           "Handle の呼び出しが %d 回実行中なのに OnClose が走りました",
			"OnClose ran while %d Read(s) of the connection were running":                                                   "接続の Read が %d 回実行中なのに OnClose が走りました",
			"OnClose ran before the session had closed its connection":                                                      "セッションが接続を閉じる前に OnClose が走りました",
			"%d Read(s) of the connection began after OnClose had begun":                                                    "OnClose が始まったあとで、接続の Read が %d 回始まりました",
			"the session has ended; a read from the client's end returned %v":                                               "セッションは終わりましたが、クライアント側からの読み込みは %v を返しました",
			"the client hung up; OnClose had not run %v later":                                                              "クライアントが切断しましたが、%v たっても OnClose が走っていませんでした",
			"the client sent hello, world and !, with PINGs between them, then hung up; Handle got %q":                      "クライアントは hello、world、! を PING をはさんで送ってから切断しましたが、Handle が受け取ったのは %q でした",
			"OnClose ran while Handle was still running":                                                                    "Handle がまだ実行中なのに OnClose が走りました",
			"Shutdown called right after Start returned after %d returns of OnClose":                                        "Start の直後に呼んだ Shutdown が、OnClose が %d 回戻った時点で return しました",
			"round %d: %d of five concurrent calls of Shutdown returned before OnClose had":                                 "%d 回目: 同時に呼んだ 5 回の Shutdown のうち %d 回が、OnClose より先に return しました",
			"round %d: OnClose returned %d times":                                                                           "%d 回目: OnClose が %d 回戻りました",
			"Handle called Shutdown from a goroutine of its own; OnClose had not run %v later":                              "Handle が自分で起こした goroutine から Shutdown を呼びましたが、%v たっても OnClose が走っていませんでした",
			"a Shutdown called from a goroutine that Handle started had not returned %v after OnClose":                      "Handle が起こした goroutine から呼んだ Shutdown が、OnClose のあと %v たっても return していませんでした",
			"the client sent slow, one, two and \"last words\" while Handle was busy with slow, and hung up; Handle got %q": "クライアントは、Handle が slow を処理している間に slow、one、two、\"last words\" を送って切断しましたが、Handle が受け取ったのは %q でした",
			"the connection failed; OnClose had not run %v later":                                                           "接続が失敗しましたが、%v たっても OnClose が走っていませんでした",
			"the client stopped sending PINGs; OnClose had not run %v later":                                                "クライアントが PING を送らなくなりましたが、%v たっても OnClose が走っていませんでした",
			"the session dropped the client %v after its last PING, with a HeartbeatTimeout of %v":                          "HeartbeatTimeout が %[2]v なのに、セッションは最後の PING から %[1]v 後にクライアントを切り離しました",
		},
	})
}
