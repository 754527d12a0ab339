package catalogue

// Exercise 02: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    2,
		Dir:       "02_background_task",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   12,
		Solution:  []Excerpt{{"progress.go", `/^\t\t\t\/\/ A tick that came due/,/^\t\t\tif r.Done/`}},

		En: Edition{
			Title:   "BackgroundTask: the report channel nobody drains",
			Passage: "What does cancel() stop? BackgroundTask(ctx) returning <-chan Report and the Continue variant",
			Goal:    "Watch's goroutine ends when the caller cancels, even if it stopped reading, and a reading caller gets every report.",
			Clauses: []string{
				"When the caller cancels ctx, the goroutine behind the channel ends and closes it at once, wherever it was (waiting for the next tick, inside a poll, or holding a report nobody reads): nothing Watch started is running then, and no poll begins after the cancel.",
				"A caller that stops reading stops the polling: at most two reports are polled ahead of the last one read, however long the caller waits before it cancels.",
				"A caller that keeps reading, however slowly, gets every report in order, the k-th no sooner than k intervals after Watch returned, and the last one (the job's Done report, or an Err report wrapping the poll's error) just before the channel is closed.",
				"When the job cannot be polled, Watch returns an error wrapping the poll's and a nil channel, and starts nothing.",
			},
			Hints: []string{
				"Read the first failure: where was the goroutine when the caller cancelled, and will what it waits for ever come once the caller has stopped reading?",
				"A bigger buffer only delays the block, and polls for nobody meanwhile: the tests read nothing for an hour of fake time. Every place the goroutine waits (the tick, the poll, the send) must also see the caller give up.",
				"Principle P2 (seed 000, BackgroundTask): bound the goroutine by the caller's ctx; the send is a select with case <-ctx.Done(): return, and the poll gets ctx. Dropping reports is not an option: a slow reader must get them all, the error report included.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a buffered report channel, e.g. make(chan Report, 16), with or without a select on the send",
					Checker: "goal clause 2 not met ... observed: an hour after the caller stopped reading, 17 report(s) had been polled ahead of the last one read",
				},
				{
					Try:     "check ctx.Done() only before each tick, the send left as it was",
					Checker: "goal clause 1 not met ... observed: 1 goroutine(s) started by the code under test still running when cancel() returned (stuck on the send)",
				},
				{
					Try:     "a select on the send, but the poll on context.Background() so that a cancel never becomes an error report",
					Checker: "goal clause 1 not met ... observed: 1 goroutine(s) started by the code under test still running when cancel() returned (inside a poll that never answers)",
				},
				{
					Try:     "time.Sleep(w.Interval), then return if ctx.Err() != nil",
					Checker: "goal clause 1 not met ... observed: 1 goroutine(s) started by the code under test still running when cancel() returned (asleep until the next poll)",
				},
				{
					Try:     "a non-blocking send, select { case progress <- r: default: }, that drops what nobody takes",
					Checker: "goal clause 2 not met ... observed: an hour after the caller stopped reading, 3600 report(s) had been polled ahead of the last one read; clause 3: the reports a reader got ... got [20 40 80]",
				},
				{
					Try:     "close the channel from a second goroutine when ctx is done",
					Checker: "panicked: send on closed channel",
				},
				{
					Try:     "stop quietly when a poll fails, as seed 000's BackgroundTask does",
					Checker: "goal clause 3 not met ... observed: the reader got 2 report(s) before the close, for a job whose third poll failed",
				},
			},
			Debrief: []string{
				"every place a goroutine waits needs a way out: the tick, the poll and the send",
				"the goroutine outlives Watch: only the caller's ctx bounds it (P2 half kept); the test cancels and judges at that instant",
				"an unbuffered channel is what lets the reader set the pace: a buffer keeps polling for nobody",
				"alternative design: hand the loop back to the caller (module 3's Continue)",
			},
		},
		Ja: Edition{
			Title:   "BackgroundTask: 誰も読まないレポート channel",
			Passage: "「cancel()は何を停止するのか」: <-chan Report を返す BackgroundTask(ctx) と、Continue を返す変形版",
			Goal:    "呼び出し側がキャンセルすれば、読むのをやめていても Watch の goroutine は終了し、読み続ける呼び出し側にはすべてのレポートが届く。",
			Clauses: []string{
				"呼び出し側が ctx をキャンセルすると、channel の裏の goroutine はどこにいても(次の tick を待っている、ポーリングの最中、誰も読まないレポートを抱えている)すぐに終了して channel を閉じます。その時点で Watch が起動したものは何も動いておらず、キャンセル後に始まるポーリングもありません。",
				"読むのをやめた呼び出し側に対しては、ポーリングも止まります。呼び出し側がキャンセルまでどれだけ待っても、最後に読まれたレポートより先にポーリングされるレポートは 2 つまでです。",
				"読み続ける呼び出し側は、どれだけ遅く読んでも、すべてのレポートを順番どおりに受け取ります。k 番目のレポートが届くのは Watch が return してから k インターバル以上たってからで、最後のレポート(ジョブの Done のレポート、またはポーリングのエラーをラップした Err のレポート)の直後に channel が閉じられます。",
				"ジョブをポーリングできないとき、Watch はポーリングのエラーをラップしたエラーと nil の channel を返し、何も起動しません。",
			},
			Hints: []string{
				"最初の失敗を読みましょう。呼び出し側がキャンセルしたとき goroutine はどこにいましたか。呼び出し側が読むのをやめた後、goroutine が待っているものが来ることはありますか。",
				"バッファを大きくしてもブロックが遅れるだけで、その間は誰のためでもないポーリングが続きます。テストは fake clock で 1 時間、何も読みません。goroutine が待つすべての箇所(tick、ポーリング、送信)で、呼び出し側が諦めたことにも気づけるようにしましょう。",
				"原則 P2(seed 000、BackgroundTask): goroutine の寿命を呼び出し側の ctx で区切ります。送信は case <-ctx.Done(): return を持つ select にし、ポーリングにも ctx を渡します。レポートを捨てることはできません。遅い読み手にも、エラーのレポートを含めてすべて届ける必要があります。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "レポートの channel にバッファを付ける(例: make(chan Report, 16))。送信を select にしてもしなくても",
					Checker: "目標の条項 2 を満たしていません ... 観察: 呼び出し側が読むのをやめてから 1 時間後、最後に読まれたレポートより先に 17 個のレポートがポーリングされていました",
				},
				{
					Try:     "ctx.Done() を確かめるのは tick の前だけにし、送信はそのまま",
					Checker: "目標の条項 1 を満たしていません ... 観察: cancel() が return した時点で、テスト対象のコードが起動した goroutine が 1 個まだ動いていました(送信で止まっています)",
				},
				{
					Try:     "送信は select にするが、キャンセルがエラーのレポートにならないようポーリングは context.Background() で行う",
					Checker: "目標の条項 1 を満たしていません ... 観察: cancel() が return した時点で、テスト対象のコードが起動した goroutine が 1 個まだ動いていました(応答しないポーリングの中にいます)",
				},
				{
					Try:     "time.Sleep(w.Interval) の後、ctx.Err() != nil なら return する",
					Checker: "目標の条項 1 を満たしていません ... 観察: cancel() が return した時点で、テスト対象のコードが起動した goroutine が 1 個まだ動いていました(次のポーリングまで眠っています)",
				},
				{
					Try:     "送信をブロックしない select { case progress <- r: default: } にして、誰も受け取らないレポートは捨てる",
					Checker: "目標の条項 2 を満たしていません ... 観察: 呼び出し側が読むのをやめてから 1 時間後、最後に読まれたレポートより先に 3600 個のレポートがポーリングされていました。条項 3: 読み手が受け取ったレポート ... [20 40 80]",
				},
				{
					Try:     "ctx が終わったら別の goroutine から channel を閉じる",
					Checker: "パニック: send on closed channel",
				},
				{
					Try:     "seed 000 の BackgroundTask と同じく、ポーリングが失敗したら黙って終わる",
					Checker: "目標の条項 3 を満たしていません ... 観察: 3 回目のポーリングが失敗するジョブで、読み手が close までに受け取ったレポートは 2 個でした",
				},
			},
			Debrief: []string{
				"goroutine が待つ場所にはすべて逃げ道が要る: tick、ポーリング、送信",
				"goroutine は Watch より長生きする。上限を決めるのは呼び出し側の ctx だけ(P2 は半分だけ守れている)。テストはキャンセルし、その瞬間に判定する",
				"バッファのない channel だからこそ、読み手がペースを決められる。バッファは誰のためでもないポーリングを続けさせる",
				"別の設計: ループを呼び出し側に返す(モジュール 3 の Continue)",
			},
		},

		Messages: map[string]string{
			"no report and no close came within %v of asking for the next one":                                           "次のレポートを待ち始めてから %v 以内に、レポートも close も来ませんでした",
			"the channel was still open after the caller cancelled, with nothing left in it to read":                     "呼び出し側がキャンセルした後も channel は開いたままで、読めるものは残っていませんでした",
			"Watch of a job that can be polled":                                                                          "ポーリングできるジョブに対する Watch",
			"the channel was closed before the job was done":                                                             "ジョブが終わる前に channel が閉じられました",
			"round %d: %d poll(s) began when the caller cancelled right after taking a report, a tick being due":         "%d 回目: tick が来ている状態で、呼び出し側がレポートを受け取った直後にキャンセルすると、ポーリングが %d 回始まりました",
			"%d poll(s) began after the caller cancelled":                                                                "呼び出し側がキャンセルした後に、ポーリングが %d 回始まりました",
			"an hour after the caller stopped reading, %d report(s) had been polled ahead of the last one read":          "呼び出し側が読むのをやめてから 1 時間後、最後に読まれたレポートより先に %d 個のレポートがポーリングされていました",
			"the reports a reader got, in order, before the channel was closed":                                          "channel が閉じられるまでに読み手が受け取ったレポート(順番どおり)",
			"report %d came %v after Watch returned, sooner than %d interval(s)":                                         "%d 番目のレポートが Watch の return から %v 後に届きました。%d インターバルより早すぎます",
			"the reader got %d report(s) before the close, for a job whose third poll failed: %v":                        "3 回目のポーリングが失敗するジョブで、読み手が close までに受け取ったレポートは %d 個でした: %v",
			"the reports before the failed poll":                                                                         "失敗したポーリングより前のレポート",
			"the last report's Err":                                                                                      "最後のレポートの Err",
			"Watch's error for a job that cannot be polled":                                                              "ポーリングできないジョブに対する Watch のエラー",
			"Watch returned a channel with its error":                                                                    "Watch がエラーと一緒に channel を返しました",
			"%d poll(s) began after Watch had failed":                                                                    "Watch が失敗した後に、ポーリングが %d 回始まりました",
			"round %d: %d poll(s) began after the channel was closed":                                                    "%d 回目: channel が閉じられた後に、ポーリングが %d 回始まりました",
			"Watch had not returned a second after it was called":                                                        "Watch は呼び出しから 1 秒たっても return していませんでした",
			"skipped: a test before this one failed, and on the real clock its goroutines would be left behind for good": "スキップしました: これより前のテストが失敗しており、実時間ではその goroutine が取り残されたままになるからです",
			"round %d: the channel was still open a second after the caller cancelled":                                   "%d 回目: 呼び出し側がキャンセルしてから 1 秒たっても channel は開いたままでした",
		},
	})
}
