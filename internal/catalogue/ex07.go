package catalogue

// Exercise 07: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    7,
		Dir:       "07_lost_cancel",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   10,
		Solution:  []Excerpt{{"keeper.go", `/^func \(s \*Statefull\) keepalive/,/^}/`}, {"keeper.go", `/^func \(s \*Statefull\) Put/,/^}/`}},

		En: Edition{
			Title:   "The lost cancel",
			Passage: "Statefull.withTimeout: ctx, _ := context.WithTimeout(base, s.requestTimeout) // go vet complains, but we can ignore :(",
			Goal:    "When Put or a keepalive returns, nothing made for that request lives on, whatever context the caller passes in.",
			Clauses: []string{
				"When Put returns, the context it made for its request is done and nothing it started is running, whatever context the caller passed in (some frameworks hand out contexts of their own type), whether the request succeeded or failed.",
				"When a keepalive returns, the context made for it is done, before the next keepalive begins and before Activate returns.",
				"Each request, Put and every keepalive, gives up after its own 10-second timeout with an error matching context.DeadlineExceeded, and stops as soon as the caller's ctx is done (a Put then fails with an error matching context.Canceled).",
				"Activate sends a keepalive for the current lease every second until the caller's ctx is done, then returns nil at once, wherever it is; a keepalive that fails ends it with an error wrapping that failure.",
			},
			Hints: []string{
				"Read the first failure: what was still live when Put returned, and which goroutine was left, created by whom? Run go vet on the exercise too.",
				"A context derived with a deadline lives, with its timer and, under a context of a type the context package does not know, a goroutine watching the parent, until its cancel func is called or the deadline passes. Who calls it here, and when? Cancelling it later (at the next request, when the caller is done, when Activate returns) is still too late.",
				`Principle P2 (seed 000, withTimeout and "go vet complains"): end what a function starts in that same function: ctx, cancel := context.WithTimeout(ctx, d); defer cancel() right where each request is made, a keepalive's included. And a keepalive cut short by the caller's cancel is not a failure.`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "defer cancel() inside withTimeout",
					Checker: "goal clause 3 not met ... observed: Put's result when the service answers: got error \"put request failed: context canceled\"",
				},
				{
					Try:     "keep the cancel func in a field and call it at the next Put",
					Checker: "goal clause 1 not met ... observed: the context Put made for its request was still live when Put returned (100ms after it was called)",
				},
				{
					Try:     "context.AfterFunc(ctx, cancel): cancel when the caller is done",
					Checker: "goal clause 1 not met ... observed: the context Put made for its request was still live when Put returned (100ms after it was called)",
				},
				{
					Try:     "defer cancel() for each keepalive, inside Activate's loop",
					Checker: "goal clause 2 not met ... observed: up to 10 earlier request context(s) were still live when a keepalive began",
				},
				{
					Try:     "WithTimeout on context.Background(), so that no goroutine watches the caller's context",
					Checker: "goal clause 3 not met ... observed: the result of a Put whose caller's ctx ended: got error \"put request failed: context deadline exceeded\", which does not match \"context canceled\"",
				},
				{
					Try:     "drop the request timeout: no derived context, nothing to cancel",
					Checker: "goal clause 3 not met ... observed: Put had not returned 2h0m0s after it was called",
				},
				{
					Try:     "return every keepalive error, as seed 000 does",
					Checker: "goal clause 4 not met ... observed: Activate's result when the caller's ctx ended: got error \"keepalive failed: context canceled\"",
				},
			},
			Debrief: []string{
				"defer cancel() right after WithTimeout, always, in the function that makes the request",
				"a defer in a loop runs when the function returns, not when the iteration ends: give each iteration a function",
				"go vet ./... finds a discarded cancel func",
				"the deadline must still derive from the caller's ctx: the client decides the timeout, the caller can still give up sooner",
			},
		},
		Ja: Edition{
			Title:   "失われた cancel",
			Passage: "Statefull.withTimeout のコード: ctx, _ := context.WithTimeout(base, s.requestTimeout) // go vet complains, but we can ignore :(",
			Goal:    "Put や keepalive が return した時点で、そのリクエストのために作られたものは何も残らない。呼び出し側がどんな context を渡しても同じ。",
			Clauses: []string{
				"Put が return した時点で、Put が要求のために作った context は終わっており、Put が起動したものは何も動いていません。呼び出し側がどんな context を渡しても(独自の型の context を渡すフレームワークもあります)、要求が成功しても失敗しても同じです。",
				"keepalive が return した時点で、そのために作られた context は終わっています。次の keepalive が始まる前にも、Activate が return する前にも終わっています。",
				"どの要求も(Put もすべての keepalive も)、自分の 10 秒のタイムアウトで context.DeadlineExceeded に一致するエラーとともに諦め、呼び出し側の ctx が終わればすぐに止まります(そのとき Put は context.Canceled に一致するエラーで失敗します)。",
				"Activate は呼び出し側の ctx が終わるまで、現在のリースに 1 秒ごとに keepalive を送り、終わったらどこにいてもすぐに nil を返します。keepalive が失敗すると、その失敗をラップしたエラーで終わります。",
			},
			Hints: []string{
				"最初の失敗を読みましょう。Put が return した時点で何がまだ生きていましたか。どの goroutine が残り、誰が作りましたか。この演習に go vet もかけてみましょう。",
				"deadline 付きで派生した context は、cancel func が呼ばれるか deadline が来るまで、タイマーと(context パッケージが知らない型の親の下では)親を見張る goroutine ごと生き続けます。ここでは誰が、いつ cancel を呼んでいますか。後で(次の要求のとき、呼び出し側が終わったとき、Activate が return したとき)キャンセルするのでは遅すぎます。",
				"原則 P2(seed 000、withTimeout と「go vet complains」): 関数が始めたものはその関数で終わらせます。要求を出すその場所で、keepalive も含めて、ctx, cancel := context.WithTimeout(ctx, d); defer cancel() と書きます。呼び出し側のキャンセルで打ち切られた keepalive は失敗ではありません。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "withTimeout の中で defer cancel() する",
					Checker: "目標の条項 3 を満たしていません ... 観察: サービスが応答したときの Put の結果: エラー \"put request failed: context canceled\" が返りました",
				},
				{
					Try:     "cancel func をフィールドに保存し、次の Put で呼ぶ",
					Checker: "目標の条項 1 を満たしていません ... 観察: Put が return した時点で(呼び出しから 100ms 後)、Put が要求のために作った context はまだ生きていました",
				},
				{
					Try:     "context.AfterFunc(ctx, cancel): 呼び出し側が終わったらキャンセルする",
					Checker: "目標の条項 1 を満たしていません ... 観察: Put が return した時点で(呼び出しから 100ms 後)、Put が要求のために作った context はまだ生きていました",
				},
				{
					Try:     "Activate のループの中で、keepalive ごとに defer cancel() する",
					Checker: "目標の条項 2 を満たしていません ... 観察: keepalive が始まったとき、それより前の要求の context が最大 10 個まだ生きていました",
				},
				{
					Try:     "呼び出し側の context を見張る goroutine が要らないよう、context.Background() に WithTimeout する",
					Checker: "目標の条項 3 を満たしていません ... 観察: 呼び出し側の ctx が終わった Put の結果: エラー \"put request failed: context deadline exceeded\" が返り、\"context canceled\" に一致しません",
				},
				{
					Try:     "要求のタイムアウトをやめる。派生した context がなければキャンセルするものもない",
					Checker: "目標の条項 3 を満たしていません ... 観察: Put は呼び出しから 2h0m0s たっても return していませんでした",
				},
				{
					Try:     "seed 000 と同じく、keepalive のエラーをすべて返す",
					Checker: "目標の条項 4 を満たしていません ... 観察: 呼び出し側の ctx が終わったときの Activate の結果: エラー \"keepalive failed: context canceled\" が返りました",
				},
			},
			Debrief: []string{
				"WithTimeout の直後に defer cancel() を、要求を出す関数の中で必ず書く",
				"ループ内の defer は関数が return するときに実行され、繰り返しの終わりには実行されない。繰り返しごとに関数を分ける",
				"go vet ./... は捨てられた cancel func を見つける",
				"deadline は呼び出し側の ctx から派生させたままにする。タイムアウトを決めるのはクライアントだが、呼び出し側はそれより早く諦められる",
			},
		},

		Messages: map[string]string{
			"%s had not returned %v after it was called":                                                                    "%s は呼び出しから %v たっても return していませんでした",
			"the context Put made for its request was still live when Put returned (%v after it was called)":                "Put が return した時点で(呼び出しから %v 後)、Put が要求のために作った context はまだ生きていました",
			"Put's result when the service answers":                                                                         "サービスが応答したときの Put の結果",
			"Current returned %d after Put number %d":                                                                       "Current は %[2]d 回目の Put の後に %[1]d を返しました",
			"Put's result when the request fails":                                                                           "要求が失敗したときの Put の結果",
			"the result of a Put that gets no answer":                                                                       "応答のない Put の結果",
			"a Put that gets no answer returned after %v":                                                                   "応答のない Put は %v 後に return しました",
			"the result of a Put whose caller's ctx ended":                                                                  "呼び出し側の ctx が終わった Put の結果",
			"Put returned %v after it was called; the caller's ctx ended after 3s":                                          "Put は呼び出しから %v 後に return しました。呼び出し側の ctx は 3 秒後に終わっていました",
			"the context of the last keepalive was still live when Activate returned":                                       "Activate が return した時点で、最後の keepalive の context はまだ生きていました",
			"up to %d earlier request context(s) were still live when a keepalive began":                                    "keepalive が始まったとき、それより前の要求の context が最大 %d 個まだ生きていました",
			"Activate's result when the caller's ctx ended":                                                                 "呼び出し側の ctx が終わったときの Activate の結果",
			"Activate returned %v after it was called; the caller's ctx ended after 1m0.5s":                                 "Activate は呼び出しから %v 後に return しました。呼び出し側の ctx は 1m0.5s 後に終わっていました",
			"%d keepalive(s) in the minute Activate ran":                                                                    "Activate が動いた 1 分間の keepalive は %d 回でした",
			"Activate returned %v after it was called; the caller's ctx ended after %v":                                     "Activate は呼び出しから %v 後に return しました。呼び出し側の ctx は %v 後に終わっていました",
			"Activate's result when a keepalive failed":                                                                     "keepalive が失敗したときの Activate の結果",
			"Activate returned %v after it was called, a keepalive failing or getting no answer; it had to return after %v": "keepalive が失敗するか応答がなかったとき、Activate は呼び出しから %v 後に return しました。%v 後に return するはずでした",
			"%d context(s) made for Puts were still live once every call had returned":                                      "すべての呼び出しが return した後も、Put のために作られた context が %d 個生きていました",
			"%d context(s) made for keepalives were still live once every call had returned":                                "すべての呼び出しが return した後も、keepalive のために作られた context が %d 個生きていました",
			"skipped: a test before this one failed, and on the real clock its goroutines would be left behind for good":    "スキップしました: これより前のテストが失敗しており、実時間ではその goroutine が取り残されたままになるからです",
			"round %d: the context Put made for its request was still live when Put returned":                               "%d 回目: Put が return した時点で、Put が要求のために作った context はまだ生きていました",
			"round %d: Put had not returned 5s after its caller's ctx ended":                                                "%d 回目: 呼び出し側の ctx が終わってから 5 秒たっても、Put は return していませんでした",
		},
	})
}
