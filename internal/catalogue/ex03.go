package catalogue

// Exercise 03: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    3,
		Dir:       "03_channel_statefull",
		Seed:      Seed000,
		Principle: "P3",
		Minutes:   15,
		Solution:  []Excerpt{{"statefull.go", `/^type Statefull struct/,/^}/`}, {"statefull.go", `/^func \(s \*Statefull\) Current/,/^}/`}},

		En: Edition{
			Title:   "The channel-only Statefull",
			Passage: "Extra: trying hard with channels: Statefull whose Put and Current talk to a Run event loop over putCh and getCh",
			Goal:    "Once Run has returned, Put fails with ErrStopped and Current returns the last lease, both promptly.",
			Clauses: []string{
				"Once Run has returned, for whatever reason, Put fails at once with an error wrapping ErrStopped and Current returns the last lease put, from any goroutine; so does a Put whose request to the store was still in flight when Run returned.",
				"While Run runs, Put and Current never wait for a keepalive or for another caller's request to the store: a slow or hung keepalive, or another Put's slow request, holds up neither.",
				"While Run runs, the lease current at the time gets a keepalive every interval, however often Put and Current are called.",
				"Run returns nil when the caller cancels ctx, wherever it is (waiting for the next tick, or with a keepalive on the wire), and an error wrapping the keepalive's, naming the lease, when one fails; when it returns, nothing it started is running.",
			},
			Hints: []string{
				"Read the first failure: what did Put or Current do once Run had returned? The stacks show them on channel operations: which goroutine was supposed to be on the other end, and where is it now?",
				"Draining putCh and getCh after the loop stops raises a new question: until when? And a done channel that Put and Current select on still leaves them waiting for the loop while it sends a keepalive. Ask instead whether the lease needs a goroutine at all.",
				"Principle P3 (seed 000, the Activate pattern's Statefull): guard the lease with a sync.Mutex that is never held across a call to the store; Run only ticks and sends keepalives, and marks the Statefull stopped with defer when it returns. A Put must look at that mark again once its request is answered.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "keep the loop and give Put and Current a done channel, closed when Run returns",
					Checker: "goal clause 1 not met ... observed: Put after Run had returned: got no error, want one matching \"statefull: not running\" (putCh still had room); with an unbuffered putCh, clause 2: started together, Current, Put had not returned 1s later",
				},
				{
					Try:     "a mutex and a stopped flag that Put checks once, before its request to the store",
					Checker: "goal clause 1 not met ... observed: the Put whose request was in flight when Run returned: got no error, want one matching \"statefull: not running\"",
				},
				{
					Try:     "a mutex held across the keepalive, so that Put cannot swap the lease while it is renewed",
					Checker: "goal clause 2 not met ... observed: started together, Current, Put had not returned 1s later (a keepalive hangs)",
				},
				{
					Try:     "a timer that each Put restarts, so that a new lease waits a full interval for its first keepalive",
					Checker: "goal clause 3 not met ... observed: 0 keepalive(s) in 10 intervals, with Put and Current called 8 times an interval",
				},
				{
					Try:     "return the keepalive's error as it comes",
					Checker: "goal clause 4 not met ... observed: Run's result when the caller cancelled: got error \"keepalive lease 1: context canceled\"",
				},
				{
					Try:     "send each keepalive from a goroutine of its own, so that a slow one never delays the next tick",
					Checker: "goal clause 4 not met ... observed: 1 goroutine(s) started by the code under test still running when Run returned",
				},
			},
			Debrief: []string{
				"the lease is data: a mutex guards it, no goroutine has to answer",
				"never hold the mutex across a call to the store: every other caller would wait for the network (deck 05's rule)",
				"Run blocks and returns its error: the Activate pattern (P1)",
				"a keepalive cut short by the caller's cancel is not a failure: ask your own ctx (seed 000: do not trust a context.Canceled from the wild)",
				"the runtime's goroutineleak profile misses this leak while the struct is reachable (module 6)",
			},
		},
		Ja: Edition{
			Title:   "channel だけで作った Statefull",
			Passage: "「番外編:channelで頑張りたい」: Put と Current が putCh と getCh 経由で Run のイベントループとやりとりする Statefull",
			Goal:    "Run が return した後は、Put はすぐに ErrStopped で失敗し、Current はすぐに最後のリースを返す。",
			Clauses: []string{
				"Run がどんな理由で return した後でも、どの goroutine から呼んでも、Put は ErrStopped をラップしたエラーですぐに失敗し、Current は最後に Put されたリースを返します。Run が return した時点でストアへの要求が処理中だった Put も同じです。",
				"Run の実行中、Put と Current は keepalive も、ほかの呼び出し側のストアへの要求も待ちません。遅い keepalive や応答しない keepalive、ほかの Put の遅い要求があっても、どちらも足止めされません。",
				"Run の実行中、その時点のリースにはインターバルごとに keepalive が送られます。Put や Current がどれだけ頻繁に呼ばれても同じです。",
				"呼び出し側が ctx をキャンセルすると、Run はどこにいても(次の tick を待っている、keepalive の応答を待っている)nil を返し、keepalive が失敗するとそのエラーをラップし、リースを示すエラーを返します。Run が return した時点で、Run が起動したものは何も動いていません。",
			},
			Hints: []string{
				"最初の失敗を読みましょう。Run が return した後、Put や Current はどうなりましたか。スタックでは channel 操作で止まっています。相手側にいるはずだった goroutine はどれで、今どこにいますか。",
				"ループが止まった後に putCh と getCh を読み捨てるようにすると、「いつまで?」という新しい問題が生まれます。Put と Current が select で待つ done channel を足しても、ループが keepalive を送っている間は結局ループを待つことになります。そもそもリースに goroutine が必要なのかを考えてみましょう。",
				"原則 P3(seed 000、Activate パターンの Statefull): リースは sync.Mutex で守り、ストアへの呼び出しの間はロックを保持しません。Run は tick と keepalive の送信だけを行い、return するときに defer で Statefull を停止済みにします。Put は要求の応答を受け取った後に、もう一度その印を確かめる必要があります。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ループは残し、Run の return で閉じる done channel を Put と Current に持たせる",
					Checker: "目標の条項 1 を満たしていません ... 観察: Run が return した後の Put: エラーが返りませんでした(putCh にまだ空きがありました)。バッファのない putCh なら条項 2: 同時に始めた Current と Put が 1 秒たっても return しませんでした",
				},
				{
					Try:     "Mutex と停止フラグを使い、Put はストアへの要求の前に一度だけフラグを確かめる",
					Checker: "目標の条項 1 を満たしていません ... 観察: Run が return した時点で要求が処理中だった Put: エラーが返りませんでした",
				},
				{
					Try:     "Put が更新中のリースを差し替えないよう、keepalive の間も Mutex を保持する",
					Checker: "目標の条項 2 を満たしていません ... 観察: 同時に始めた Current と Put が 1 秒たっても return しませんでした(keepalive が応答しない場合)",
				},
				{
					Try:     "新しいリースの最初の keepalive がちょうど 1 インターバル後になるよう、Put のたびにタイマーを作り直す",
					Checker: "目標の条項 3 を満たしていません ... 観察: 1 インターバルに 8 回 Put と Current を呼ぶと、10 インターバルの間の keepalive は 0 回でした",
				},
				{
					Try:     "keepalive のエラーを来たとおりに返す",
					Checker: "目標の条項 4 を満たしていません ... 観察: 呼び出し側がキャンセルしたときの Run の結果: エラー \"keepalive lease 1: context canceled\" が返りました",
				},
				{
					Try:     "遅い keepalive が次の tick を遅らせないよう、keepalive ごとに goroutine を起動する",
					Checker: "目標の条項 4 を満たしていません ... 観察: Run が return した時点で、テスト対象のコードが起動した goroutine が 1 個まだ動いていました",
				},
			},
			Debrief: []string{
				"リースはデータ: Mutex で守れば、答えるべき goroutine は要らない",
				"ストアへの呼び出しの間は Mutex を保持しない。保持すると、ほかのすべての呼び出し側がネットワークを待つことになる(デッキ 05 のルール)",
				"Run はブロックしてエラーを返す: Activate パターン(P1)",
				"呼び出し側のキャンセルで打ち切られた keepalive は失敗ではない。自分の ctx に聞く(seed 000: 野生の context.Canceled を信頼しない)",
				"struct に到達できる間は、ランタイムの goroutineleak プロファイルはこのリークを見逃す(モジュール 6)",
			},
		},

		Messages: map[string]string{
			"Run had not returned %v after its ctx was cancelled or a keepalive failed":                                    "ctx がキャンセルされるか keepalive が失敗してから %v たっても、Run は return していませんでした",
			"%s had not returned %v after it was called":                                                                   "%s は呼び出しから %v たっても return していませんでした",
			"Current returned %d after Run had returned; the last lease put was %d":                                        "Run が return した後、Current は %d を返しました。最後に Put されたリースは %d でした",
			"Put after Run had returned":                                                                                   "Run が return した後の Put",
			"Put while Run runs":                                                                                           "Run の実行中の Put",
			"Current returned %d after the first Put, whose lease is 1":                                                    "最初の Put(リース 1)の後、Current は %d を返しました",
			"Current returned %d after the second Put, whose lease is 2":                                                   "2 回目の Put(リース 2)の後、Current は %d を返しました",
			"the leases kept alive, one keepalive per interval":                                                            "keepalive されたリース(インターバルごとに 1 回)",
			"Run's result when the caller cancelled":                                                                       "呼び出し側がキャンセルしたときの Run の結果",
			"Run returned %v after the caller cancelled, while waiting for the next tick":                                  "次の tick を待っている間に呼び出し側がキャンセルしてから %v 後に、Run は return しました",
			"Run's result when the keepalive of lease 1 failed":                                                            "リース 1 の keepalive が失敗したときの Run の結果",
			"Run returned %q when the keepalive of lease 1 failed, without \"lease 1\" in it":                              "リース 1 の keepalive が失敗したとき、Run は %q を返しました。\"lease 1\" が含まれていません",
			"Run returned %v after the keepalive began; its keepalive was over %v after it began":                          "Run は keepalive が始まってから %v 後に return しました。keepalive は始まってから %v 後に終わっていました",
			"the Put whose request was in flight when Run returned":                                                        "Run が return した時点で要求が処理中だった Put",
			"the Put whose request was in flight when Run returned had not returned two hours after the store answered it": "Run が return した時点で要求が処理中だった Put は、ストアが応答してから 2 時間たっても return していませんでした",
			"Current returned %d once Run had returned, a lease no Put had made current":                                   "Run が return した後、Current は %d を返しました。どの Put も現在のリースにしていないリースです",
			"%d keepalive(s) in 10 intervals, with Put and Current called 8 times an interval":                             "1 インターバルに 8 回 Put と Current を呼ぶと、10 インターバルの間の keepalive は %d 回でした",
			"skipped: Put or Current was found waiting for another call, and on the fake clock that only stalls the test":  "スキップしました: Put か Current がほかの呼び出しを待っていることがわかっており、fake clock ではテストが止まるだけだからです",
			"skipped: a test before this one failed, and on the real clock its callers would be left behind for good":      "スキップしました: これより前のテストが失敗しており、実時間では呼び出し側が取り残されたままになるからです",
			"round %d: %d Put(s) called after Run had returned did not fail":                                               "%d 回目: Run が return した後に呼ばれた Put のうち %d 件が失敗しませんでした",
		},
	})
}
