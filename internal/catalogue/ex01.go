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
			Clauses: []string{
				"When Run returns, every goroutine it started has ended and none of its calls to the backend is still running or begins later, whichever way it returns (registration fails, the keepalive or a watch fails, the caller cancels) and however many keys it watches.",
				"Until the first failure or the caller's cancel, the keepalive and every watch run side by side; then Run returns that first failure (a failed registration wrapped as \"register: ...\", or the keepalive's or a watch's own error), or nil when the caller cancelled after registration had succeeded.",
				"Run returns as soon as its outcome is decided and every call it made to the backend has returned, and no later, whatever the backend is doing at that moment (a registration in flight, a watch slow to stop).",
			},
			Hints: []string{
				"Read the first failure: which clause, and what was still running when Run returned? The stacks say which line every goroutine was on, and who was supposed to receive from it.",
				"Count the senders and the receives on each way out of Run. A bigger buffer only lets the senders finish later, after Run has returned, and only if it happens to be big enough: the tests judge what is running at the instant Run returns, with tasks that take an hour to stop.",
				"Principle P3 (seed 000, userErr): let golang.org/x/sync/errgroup own every goroutine, registration included, and the first error; g.Wait() returns when all of them have.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "make(chan error, len(keys)+1), the capacity the comment asks for, or any bigger buffer",
					Checker: "goal clause 1 not met ... observed: when Run returned (3 keys), 4 of its calls to the backend were still running",
				},
				{
					Try:     "a WaitGroup, each goroutine calling wg.Add(1) as it starts",
					Checker: "goal clause 1 not met ... observed: 4 call(s) to the backend began after Run had returned (on some runs clause 3: Run had not returned two hours after it was called)",
				},
				{
					Try:     "cancel, then wait for the goroutines at most 100ms so that a stuck watch cannot hang Run",
					Checker: "goal clause 1 not met ... observed: when Run returned (3 keys), 4 of its calls to the backend were still running (the tasks take an hour to stop)",
				},
				{
					Try:     "errgroup, with Register still called by Run itself on the caller's ctx",
					Checker: "goal clause 3 not met ... observed: Run had not returned two hours after it was called (3 keys); 1 call(s) to the backend were running then (the keepalive failed while registration hung)",
				},
				{
					Try:     "errgroup, then time.Sleep(10 * time.Millisecond) \"so the goroutines are really gone\"",
					Checker: "goal clause 3 not met ... observed: Run returned 10ms after it was called (3 keys); its outcome was decided and its last call to the backend had returned 0s after it was called",
				},
				{
					Try:     "return ctx.Err() once the group is done",
					Checker: "goal clause 2 not met ... observed: Run's result when the caller cancelled after registration had succeeded: got error \"context canceled\"",
				},
			},
			Debrief: []string{
				"the capacity was right once: leaks come from code that grew",
				"errgroup owns every goroutine and the first error; Wait returns when all have ended, so nothing outlives the call",
				"a receive on one path only is a leak on every other path",
				"registration runs in the group too: a task that fails while registration hangs must be able to cancel it",
				"the solution departs from seed 000's userErr, which waits for nothing: the article itself says waiting is safer, and errgroup makes it one line",
			},
		},
		Ja: Edition{
			Title:   "増やし忘れた errs のキャパシティ",
			Passage: "userErr のコード: errs := make(chan error, 1) // don't forget to increase when you add more goroutines",
			Goal:    "Run がどの経路で return しても、監視するキーがいくつあっても、その時点で Run が起動した goroutine はすべて終了している。",
			Clauses: []string{
				"Run が return した時点で、Run が起動した goroutine はすべて終了しており、バックエンドへの呼び出しはどれも実行中でなく、後から始まることもありません。どの経路で return しても(登録の失敗、keepalive や watch の失敗、呼び出し側のキャンセル)、監視するキーがいくつあっても同じです。",
				"最初の失敗か呼び出し側のキャンセルまで、keepalive とすべての watch は並行して動きます。その後 Run は最初の失敗を返します(登録の失敗は \"register: ...\" とラップし、keepalive や watch の失敗はそのエラーのまま)。登録が成功した後に呼び出し側がキャンセルした場合は nil を返します。",
				"Run は結果が決まり、バックエンドへの呼び出しがすべて戻った時点ですぐに return し、それより遅れません。その瞬間にバックエンドが何をしていても(登録の要求が処理中、watch が止まるのに時間がかかる)同じです。",
			},
			Hints: []string{
				"最初の失敗を読みましょう。どの条項で、Run が return した時点で何がまだ動いていましたか。スタックを見れば、各 goroutine がどの行で止まっているか、そこから受信するはずだったのが誰かがわかります。",
				"Run のそれぞれの出口で、送信側の数と受信の数を数えてみましょう。バッファを大きくしても、送信側が終わるのは Run が return した後になるだけで、しかもバッファが足りた場合に限られます。テストは止まるのに 1 時間かかるタスクを使い、Run が return した瞬間に何が動いているかを判定します。",
				"原則 P3(seed 000、userErr): 登録も含めたすべての goroutine と最初のエラーの管理を golang.org/x/sync/errgroup に任せます。g.Wait() はすべての goroutine が終わってから返ります。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "コメントが求めるとおりのキャパシティ make(chan error, len(keys)+1)、またはもっと大きなバッファにする",
					Checker: "目標の条項 1 を満たしていません ... 観察: Run が return した時点で(キー 3 個)、バックエンドへの呼び出しのうち 4 件がまだ実行中でした",
				},
				{
					Try:     "WaitGroup を使い、各 goroutine が起動してから wg.Add(1) を呼ぶ",
					Checker: "目標の条項 1 を満たしていません ... 観察: Run が return した後に、バックエンドへの呼び出しが 4 件始まりました(実行によっては条項 3: Run は呼び出しから 2 時間たっても return していませんでした)",
				},
				{
					Try:     "キャンセルしてから goroutine を待つが、止まった watch で Run がハングしないよう待つのは最大 100ms にする",
					Checker: "目標の条項 1 を満たしていません ... 観察: Run が return した時点で(キー 3 個)、バックエンドへの呼び出しのうち 4 件がまだ実行中でした(タスクは止まるのに 1 時間かかります)",
				},
				{
					Try:     "errgroup を使うが、Register は従来どおり Run 自身が呼び出し側の ctx で呼ぶ",
					Checker: "目標の条項 3 を満たしていません ... 観察: Run は呼び出しから 2 時間たっても return していませんでした(キー 3 個)。その時点でバックエンドへの呼び出しが 1 件実行中でした(登録がハングしている間に keepalive が失敗しました)",
				},
				{
					Try:     "errgroup の後に「goroutine が確実に消えるように」time.Sleep(10 * time.Millisecond) を入れる",
					Checker: "目標の条項 3 を満たしていません ... 観察: Run は呼び出しから 10ms 後に return しました(キー 3 個)。結果が決まり、バックエンドへの最後の呼び出しが戻ったのは呼び出しから 0s 後でした",
				},
				{
					Try:     "グループが終わったら ctx.Err() を返す",
					Checker: "目標の条項 2 を満たしていません ... 観察: 登録が成功した後に呼び出し側がキャンセルしたときの Run の結果: エラー \"context canceled\" が返りました",
				},
			},
			Debrief: []string{
				"キャパシティは一度は正しかった。リークはコードが育つうちに生まれる",
				"errgroup がすべての goroutine と最初のエラーを持ち、Wait はすべてが終わってから返る。だから呼び出しより長生きするものはない",
				"1 つの経路でしか受信しないのは、ほかのすべての経路でのリーク",
				"登録もグループの中で動かす。登録がハングしている間に失敗したタスクが、登録をキャンセルできなければならない",
				"解答は seed 000 の userErr から離れている。userErr は何も待たないが、記事自身が待つほうが安全だと述べており、errgroup ならそれが 1 行で済む",
			},
		},

		Messages: map[string]string{
			"Run had not returned two hours after it was called (%d keys); %d call(s) to the backend were running then": "Run は呼び出しから 2 時間たっても return していませんでした(キー %d 個)。その時点でバックエンドへの呼び出しが %d 件実行中でした",
			"when Run returned (%d keys), %d of its calls to the backend were still running":                            "Run が return した時点で(キー %d 個)、バックエンドへの呼び出しのうち %d 件がまだ実行中でした",
			"%d call(s) to the backend began after Run had returned (%d keys)":                                          "Run が return した後に、バックエンドへの呼び出しが %d 件始まりました(キー %d 個)",
			"Run's result when the caller cancelled after registration had succeeded":                                   "登録が成功した後に呼び出し側がキャンセルしたときの Run の結果",
			"Run's result": "Run の結果",
			"Run returned %q for a failed registration, without \"register\" in it":                                                                       "登録の失敗に対して Run は %q を返しました。\"register\" が含まれていません",
			"Run returned %v after it was called (%d keys); its outcome was decided and its last call to the backend had returned %v after it was called": "Run は呼び出しから %v 後に return しました(キー %d 個)。結果が決まり、バックエンドへの最後の呼び出しが戻ったのは呼び出しから %v 後でした",
			"Run had not returned two hours after a watch failed (%d keys)":                                                                               "watch が失敗してから 2 時間たっても Run は return していませんでした(キー %d 個)",
			"Run's result when a watch failed first and the others failed while they stopped":                                                             "最初に watch が 1 つ失敗し、ほかのタスクが停止中に失敗したときの Run の結果",
			"Run returned %q, which matches the errors the other tasks returned while they stopped, after the first failure":                              "Run は %q を返しました。これは最初の失敗の後、ほかのタスクが停止中に返したエラーに一致します",
			"Run had not returned two hours after it was called; the caller had cancelled after a minute":                                                 "Run は呼び出しから 2 時間たっても return していませんでした。呼び出し側は 1 分後にキャンセルしていました",
			"a minute after Run was called with %d keys, %d of its %d tasks were running":                                                                 "キー %[1]d 個で Run を呼び出してから 1 分後、実行中のタスクは %[3]d 個中 %[2]d 個でした",
			"round %d: %d call(s) to the backend were still running when Run returned, and %d began after it had returned":                                "%d 回目: Run が return した時点でバックエンドへの呼び出しが %d 件実行中で、return した後に %d 件始まりました",
			"skipped: a test before this one failed, and every round would leave goroutines behind":                                                       "スキップしました: これより前のテストが失敗しており、このテストでは毎回 goroutine が残ってしまうためです",
			"round %d: Run had not returned 10s after it was called":                                                                                      "%d 回目: Run は呼び出しから 10 秒たっても return していませんでした",
		},
	})
}
