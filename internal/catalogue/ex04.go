package catalogue

// Exercise 04: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    4,
		Dir:       "04_blocking_activate",
		Seed:      Seed000,
		Principle: "P1",
		Minutes:   15,
		Solution:  []Excerpt{{"entry.go", `/^\tfor \{/,/^\t}$/`}},

		En: Edition{
			Title:   "The helpful non-blocking Activate",
			Passage: "The Activate pattern: Statefull.Activate blocks in a plain for loop until ctx is cancelled (returns nil) or a keepalive fails (returns the error)",
			Goal:    "Activate keeps the value alive until ctx is cancelled or a keepalive fails, reports that failure, and leaves nothing running when it returns.",
			Clauses: []string{
				"Activate blocks while it keeps the value alive: it returns only once ctx is cancelled or a keepalive fails, and meanwhile the lease of the latest Put gets a keepalive every second, a lease replaced by a later Put none.",
				"When the caller cancels ctx, Activate returns nil as soon as it can: at once between keepalives, or as soon as the keepalive on the wire has returned. When a keepalive fails, it returns at once an error wrapping the keepalive's, naming the lease.",
				"When Activate returns, nothing it started is running and none of its requests to the store is in flight, whatever the store was doing at that moment.",
				"Put and Current can be called at any time, from any goroutine, while Activate runs or not, and neither waits for a keepalive.",
			},
			Hints: []string{
				"Read the first failure: how long did Activate take, and what was still running when it returned? Which function created that goroutine?",
				"Activate returns before its work is done, so nobody can wait for that work or hear how it ended. What if Activate simply did the work itself, for as long as it takes, and returned only when it is over?",
				"Principle P1 (seed 000, the Activate pattern): don't fear a blocking function. Run the keepalive loop in Activate itself, return nil on <-ctx.Done() (also when the cancel cut a keepalive short: ask ctx, not the error) and the wrapped error on a real failure; the caller writes go if it wants one.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "keep the goroutine, and block until ctx is done or the goroutine reports a failure",
					Checker: "goal clause 3 not met ... observed: 1 request(s) to the store were in flight when Activate returned (and the goroutine itself still running)",
				},
				{
					Try:     "keep the goroutine, block until ctx is done, then give it 50ms to finish",
					Checker: "goal clause 3 not met ... observed: 1 request(s) to the store were in flight when Activate returned (a keepalive deaf to the cancel)",
				},
				{
					Try:     "block, but return nil at once when nothing has been Put yet",
					Checker: "goal clause 1 not met ... observed: Activate returned 0s after it was called, before the caller cancelled or a keepalive failed (3.5s after)",
				},
				{
					Try:     "retry a failed keepalive at the next tick instead of returning",
					Checker: "goal clause 2 not met ... observed: Activate had not returned 3h0m0s after its ctx was cancelled or a keepalive failed",
				},
				{
					Try:     "return every keepalive error as a failure",
					Checker: "goal clause 2 not met ... observed: Activate's result when the caller cancelled: got error \"keepalive lease 1: context canceled\"",
				},
				{
					Try:     "hold the entry's mutex across the keepalive, so that Put cannot replace the lease meanwhile",
					Checker: "goal clause 4 not met ... observed: Current had not returned a second (of real time) after it was called, while a keepalive was on the wire",
				},
			},
			Debrief: []string{
				"a function that blocks is not a failure: the caller decides whether to go it",
				"the error is a return value, not a field to poll",
				"a keepalive cut short by the caller's cancel is the caller's decision, not a failure: ask ctx.Err(), not the error",
				"the mutex guards the lease for a few instructions, never across a request: Put and Current stay usable at any time",
			},
		},
		Ja: Edition{
			Title:   "親切な非ブロッキング Activate",
			Passage: "「Activateパターンのご紹介」: Statefull.Activate は ctx がキャンセルされる(nil を返す)か keepalive が失敗する(そのエラーを返す)まで、素朴な for ループでブロックする",
			Goal:    "Activate は ctx がキャンセルされるか keepalive が失敗するまで値を維持し、失敗したらそれを報告し、return した時点で何も動いていない。",
			Clauses: []string{
				"Activate は値を維持している間ブロックします。return するのは ctx がキャンセルされたときか keepalive が失敗したときだけで、その間は最新の Put のリースに 1 秒ごとに keepalive が送られ、後の Put で置き換えられたリースには送られません。",
				"呼び出し側が ctx をキャンセルすると、Activate はできるだけ早く nil を返します。keepalive の合間ならすぐに、keepalive の応答待ちならその keepalive が戻った時点で返します。keepalive が失敗したときは、そのエラーをラップしリースを示すエラーをすぐに返します。",
				"Activate が return した時点で、Activate が起動したものは何も動いておらず、ストアへの要求も処理中のものはありません。その瞬間にストアが何をしていても同じです。",
				"Put と Current は、Activate の実行中でもそうでなくても、どの goroutine からでもいつでも呼べて、どちらも keepalive を待ちません。",
			},
			Hints: []string{
				"最初の失敗を読みましょう。Activate にかかった時間はどれくらいで、return した時点で何がまだ動いていましたか。その goroutine を作った関数はどれですか。",
				"Activate は仕事が終わる前に return するので、誰もその仕事を待てず、どう終わったかも知りようがありません。Activate 自身が、必要なだけ時間をかけてその仕事をし、終わったときにだけ return したらどうでしょう。",
				"原則 P1(seed 000、Activate パターン): ブロックする関数を恐れないこと。keepalive のループを Activate の中で回し、<-ctx.Done() なら nil を(キャンセルで keepalive が打ち切られた場合も同じです。エラーではなく ctx に聞きます)、本当の失敗ならラップしたエラーを返します。goroutine が欲しければ呼び出し側が go と書きます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "goroutine は残し、ctx が終わるか goroutine が失敗を知らせるまでブロックする",
					Checker: "目標の条項 3 を満たしていません ... 観察: Activate が return した時点で、ストアへの要求が 1 件処理中でした(goroutine 自体もまだ動いています)",
				},
				{
					Try:     "goroutine は残し、ctx が終わるまでブロックしてから、終わるまで 50ms 待つ",
					Checker: "目標の条項 3 を満たしていません ... 観察: Activate が return した時点で、ストアへの要求が 1 件処理中でした(キャンセルを聞かない keepalive の場合)",
				},
				{
					Try:     "ブロックするが、まだ何も Put されていなければすぐに nil を返す",
					Checker: "目標の条項 1 を満たしていません ... 観察: Activate は呼び出しから 0s 後に return しました。呼び出し側のキャンセルや keepalive の失敗(3.5s 後)より前です",
				},
				{
					Try:     "失敗した keepalive は return せずに次の tick で再試行する",
					Checker: "目標の条項 2 を満たしていません ... 観察: ctx がキャンセルされるか keepalive が失敗してから 3h0m0s たっても、Activate は return していませんでした",
				},
				{
					Try:     "keepalive のエラーはすべて失敗として返す",
					Checker: "目標の条項 2 を満たしていません ... 観察: 呼び出し側がキャンセルしたときの Activate の結果: エラー \"keepalive lease 1: context canceled\" が返りました",
				},
				{
					Try:     "その間に Put がリースを置き換えないよう、keepalive の間も Entry の Mutex を保持する",
					Checker: "目標の条項 4 を満たしていません ... 観察: keepalive の応答待ちの間、Current は呼び出しから(実時間で)1 秒たっても return していませんでした",
				},
			},
			Debrief: []string{
				"ブロックする関数は失敗ではない。go で動かすかどうかは呼び出し側が決める",
				"エラーは戻り値であり、ポーリングするフィールドではない",
				"呼び出し側のキャンセルで打ち切られた keepalive は呼び出し側の判断であり、失敗ではない。エラーではなく ctx.Err() に聞く",
				"Mutex がリースを守るのはほんの数命令の間だけで、要求をまたいでは保持しない。だから Put と Current はいつでも使える",
			},
		},

		Messages: map[string]string{
			"Put's result": "Put の結果",
			"Put had not returned a minute after it was called":                                                                                      "Put は呼び出しから 1 分たっても return していませんでした",
			"Activate had not returned %v after its ctx was cancelled or a keepalive failed":                                                         "ctx がキャンセルされるか keepalive が失敗してから %v たっても、Activate は return していませんでした",
			"%d request(s) to the store were in flight when Activate returned":                                                                       "Activate が return した時点で、ストアへの要求が %d 件処理中でした",
			"Activate returned %v after it was called, with its ctx live and no keepalive failed":                                                    "ctx は生きていて keepalive も失敗していないのに、Activate は呼び出しから %v 後に return しました",
			"Activate's result when the caller cancelled":                                                                                            "呼び出し側がキャンセルしたときの Activate の結果",
			"Activate returned %v after it was called; the caller cancelled after %v, with a keepalive on the wire that gave up at once":             "Activate は呼び出しから %v 後に return しました。呼び出し側がキャンセルしたのは %v 後で、そのとき応答待ちだった keepalive はすぐに打ち切られていました",
			"%d keepalive(s) while Activate ran for a minute":                                                                                        "Activate が 1 分間動いている間の keepalive は %d 回でした",
			"%s had not returned a second (of real time) after it was called, while a keepalive was on the wire":                                     "keepalive の応答待ちの間、%s は呼び出しから(実時間で)1 秒たっても return していませんでした",
			"skipped: Put or Current was found waiting for a keepalive, and on the fake clock that only stalls the test":                             "スキップしました: Put か Current が keepalive を待っていることがわかっており、fake clock ではテストが止まるだけだからです",
			"Activate's result when the keepalive of lease 1 failed":                                                                                 "リース 1 の keepalive が失敗したときの Activate の結果",
			"Activate returned %q when the keepalive of lease 1 failed, without \"lease 1\" in it":                                                   "リース 1 の keepalive が失敗したとき、Activate は %q を返しました。\"lease 1\" が含まれていません",
			"Activate returned %v after it was called, before the caller cancelled or a keepalive failed (%v after)":                                 "Activate は呼び出しから %v 後に return しました。呼び出し側のキャンセルや keepalive の失敗(%v 後)より前です",
			"Activate returned %v after it was called; the caller had cancelled, or a keepalive failed, and its last request had returned, %v after": "Activate は呼び出しから %v 後に return しました。呼び出し側のキャンセルか keepalive の失敗があり、最後の要求が戻ったのは %v 後でした",
			"%d keepalive(s) before the first Put":                                                                                                   "最初の Put の前に keepalive が %d 回ありました",
			"Activate returned while its ctx was live and no keepalive had failed":                                                                   "ctx は生きていて keepalive も失敗していないのに、Activate が return しました",
			"%d keepalive(s) for the first lease in the 10s it was current":                                                                          "最初のリースが現在のリースだった 10 秒間の keepalive は %d 回でした",
			"%d keepalive(s) for the first lease after a later Put replaced it":                                                                      "後の Put で置き換えられた後に、最初のリースへの keepalive が %d 回ありました",
			"%d keepalive(s) for the second lease in the 10s it was current":                                                                         "2 番目のリースが現在のリースだった 10 秒間の keepalive は %d 回でした",
			"Current stayed %d after a Put once Activate had returned":                                                                               "Activate が return した後の Put の後も、Current は %d のままでした",
			"round %d: Activate had not returned 5s after its ctx was cancelled":                                                                     "%d 回目: ctx がキャンセルされてから 5 秒たっても、Activate は return していませんでした",
			"round %d: %d request(s) to the store were in flight when Activate returned":                                                             "%d 回目: Activate が return した時点で、ストアへの要求が %d 件処理中でした",
		},
	})
}
