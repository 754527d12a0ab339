package catalogue

// Exercise 06: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    6,
		Dir:       "06_keepalive_per_put",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   15,
		Solution:  []Excerpt{{"announcer.go", `/^func \(a \*Announcer\) Put/,/^}/`}, {"announcer.go", `/^func \(a \*Announcer\) replace/,/^}/`}},

		En: Edition{
			Title:   "A keepalive for every Put",
			Passage: `Put(ctx, kaCtx, value): Statefull starts a keepalive goroutine per Put that lives until kaCtx is cancelled, "a future where kaCtx's cancel is forgotten"`,
			Goal:    "However many times Put is called, only the latest lease is kept alive, and once Close returns no keepalive is left running; Put and Close wait for the keepalive they stop, and no longer.",
			Clauses: []string{
				"Only the latest value's lease is kept alive: once Put returns, its lease is renewed every second and the lease it replaced no longer is, however many Puts there are, one after another or at once; a Put that fails leaves the previous lease kept alive, and the renewals do not depend on Put's ctx.",
				"Put and Close wait for the keepalive they stop to exit, one on the wire included, and no longer: Put returns as soon as its own request has been answered and the keepalive it replaced is over, Close as soon as every keepalive is over.",
				"When Close returns, nothing the Announcer started is running and no keepalive is in flight, whatever the store was doing and whatever Put or Close calls race it; Close can be called again, from any goroutine, and each call returns only once that is so.",
				"Put after Close fails at once with an error wrapping ErrClosed and starts nothing; so does a Put whose request to the store was still in flight when Close was called.",
				"Current never waits, and Close never waits for a Put's request to the store: a slow or hung store holds up neither.",
			},
			Hints: []string{
				"Read the first failure and the counts: how many leases are still renewed after a few Puts, and which line started all those goroutines?",
				"Each Put starts a goroutine with a context of its own, then overwrites the only cancel func that could stop the previous one; Close cancels just the last and does not wait. Stopping is not enough: Put and Close must wait until the keepalive they stop has exited, and no longer.",
				"Principle P2 (seed 000, Put with its own kaCtx): give every keepalive a stop that cancels and waits (a done channel, a sync.WaitGroup), swap the current one under a mutex and wait for the old one outside it: never hold the lock across a request to the store or a wait. A closed Announcer starts nothing, and Close waits for every keepalive, the ones concurrent Puts are stopping too.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "cancel the previous keepalive but not wait for it",
					Checker: "goal clause 2 not met ... observed: Put returned while the replaced lease's keepalive was in flight",
				},
				{
					Try:     "hold the mutex from start to end of Put and Close, so that they take turns",
					Checker: "goal clause 5 not met ... observed: Current had not returned a second (of real time) after it was called, while a Put's request to the store was on the wire",
				},
				{
					Try:     "stop the previous keepalive before the store's Put, so that two never overlap",
					Checker: "goal clause 1 not met ... observed: 0 renewal(s) in 10s of the lease a failed Put left in place, whose Put's ctx had ended",
				},
				{
					Try:     "check the closed flag once, at the top of Put",
					Checker: "goal clause 4 not met ... observed: the result of a Put whose request was on the wire when Close was called: got no error, want one matching \"announce: announcer closed\"",
				},
				{
					Try:     "make Close idempotent with its flag: a second call returns at once",
					Checker: "goal clause 3 not met ... observed: 1 keepalive(s) were in flight when one of two concurrent Closes returned",
				},
				{
					Try:     "derive each keepalive's ctx from Put's ctx",
					Checker: "goal clause 1 not met ... observed: 0 renewal(s) in 10s of the lease a failed Put left in place, whose Put's ctx had ended",
				},
			},
			Debrief: []string{
				"one keepalive at a time: cancel and wait before the Put returns, and a Close that waits for every one",
				"the mutex guards the swap, never the request or the wait: a lock held across the network makes Current wait for the store (deck 05's rule)",
				"a Put that fails leaves the previous value announced: send the request first, stop the old keepalive after",
				"Put after Close, or whose request was on the wire when Close came, must fail: nothing would stop its keepalive",
				"a tick due during a slow keepalive and the stop are both ready: look at ctx again before the next request",
			},
		},
		Ja: Edition{
			Title:   "Put のたびに増える keepalive",
			Passage: "Put(ctx, kaCtx, value): Statefull は Put のたびに kaCtx がキャンセルされるまで生きる keepalive goroutine を起動する(記事が警告する「kaCtx の cancel を忘れる未来」)",
			Goal:    "Put を何度呼んでも維持されるのは最新のリースだけで、Close が return した後は keepalive がひとつも動いていない。Put と Close は自分が止める keepalive の終わりを待ち、それ以上は待たない。",
			Clauses: []string{
				"維持されるのは最新の値のリースだけです。Put が return した時点から、そのリースは 1 秒ごとに更新され、置き換えられたリースはもう更新されません。Put が何回でも、順に呼ばれても同時に呼ばれても同じです。失敗した Put は前のリースを維持したままにし、更新は Put の ctx に左右されません。",
				"Put と Close は自分が止める keepalive(応答待ちのものも含む)が終わるのを待ち、それ以上は待ちません。Put は自分の要求に応答があり、置き換えた keepalive が終わった時点ですぐに return し、Close はすべての keepalive が終わった時点ですぐに return します。",
				"Close が return した時点で、Announcer が起動したものは何も動いておらず、応答待ちの keepalive もありません。ストアが何をしていても、どんな Put や Close の呼び出しと競合しても同じです。Close はどの goroutine からでも何度でも呼べて、どの呼び出しもその状態になってから return します。",
				"Close の後の Put は ErrClosed をラップしたエラーですぐに失敗し、何も起動しません。Close が呼ばれた時点でストアへの要求が処理中だった Put も同じです。",
				"Current は決して待たず、Close は Put のストアへの要求を決して待ちません。ストアが遅くても応答しなくても、どちらも足止めされません。",
			},
			Hints: []string{
				"最初の失敗と件数を読みましょう。何回か Put した後、更新され続けているリースはいくつありますか。それらの goroutine をすべて起動したのはどの行ですか。",
				"Put は自分専用の context を持つ goroutine を起動し、前の goroutine を止められる唯一の cancel func を上書きしてしまいます。Close は最後のひとつをキャンセルするだけで、終了を待ちません。止めるだけでは足りません。Put と Close は、自分が止める keepalive が終わるまで待ち、それ以上は待たない必要があります。",
				"原則 P2(seed 000、独自の kaCtx を取る Put): どの keepalive にも、キャンセルして待つ stop(done channel や sync.WaitGroup)を持たせます。今の keepalive の差し替えは Mutex の中で、古いものを待つのは Mutex の外で行います。ストアへの要求や待機の間はロックを保持しません。Close 済みの Announcer は何も起動せず、Close は同時に動く Put が止めている途中の keepalive も含めて、すべての keepalive を待ちます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "前の keepalive をキャンセルするが、終わるのを待たない",
					Checker: "目標の条項 2 を満たしていません ... 観察: 置き換えたリースの keepalive が応答待ちのまま、Put が return しました",
				},
				{
					Try:     "Put と Close が順番に動くよう、最初から最後まで Mutex を保持する",
					Checker: "目標の条項 5 を満たしていません ... 観察: Put のストアへの要求が応答待ちの間、Current は呼び出しから(実時間で)1 秒たっても return していませんでした",
				},
				{
					Try:     "2 つが重ならないよう、ストアへの Put の前に前の keepalive を止める",
					Checker: "目標の条項 1 を満たしていません ... 観察: 失敗した Put が残したリース(その Put の ctx は終了済み)の 10 秒間の更新は 0 回でした",
				},
				{
					Try:     "closed フラグは Put の最初に一度だけ確かめる",
					Checker: "目標の条項 4 を満たしていません ... 観察: Close が呼ばれた時点で要求が応答待ちだった Put の結果: エラーが返りませんでした",
				},
				{
					Try:     "フラグで Close を冪等にし、2 回目の呼び出しはすぐに返す",
					Checker: "目標の条項 3 を満たしていません ... 観察: 同時に呼ばれた 2 つの Close の一方が return した時点で、keepalive が 1 件応答待ちでした",
				},
				{
					Try:     "各 keepalive の ctx を Put の ctx から派生させる",
					Checker: "目標の条項 1 を満たしていません ... 観察: 失敗した Put が残したリース(その Put の ctx は終了済み)の 10 秒間の更新は 0 回でした",
				},
			},
			Debrief: []string{
				"keepalive は常に 1 つ。Put は return する前にキャンセルして待ち、Close はすべてを待つ",
				"Mutex が守るのは差し替えであって、要求や待機ではない。ネットワークをまたいでロックを保持すると、Current がストアを待つことになる(デッキ 05 のルール)",
				"失敗した Put は前の値を公開したままにする。要求を先に送り、古い keepalive はその後で止める",
				"Close の後の Put や、Close が来たとき要求が応答待ちだった Put は失敗しなければならない。その keepalive を止めるものがないからだ",
				"遅い keepalive の間に来た tick と stop は同時に準備ができている。次の要求の前に ctx をもう一度確かめる",
			},
		},

		Messages: map[string]string{
			"%s had not returned %v after it was called": "%s は呼び出しから %v たっても return していませんでした",
			"Put's result":   "Put の結果",
			"Close's result": "Close の結果",
			"Put returned %v after it was called; its request and the keepalive it replaced were over %v after":                   "Put は呼び出しから %v 後に return しました。その要求と、置き換えた keepalive は %v 後に終わっていました",
			"a keepalive began %v after Close was called":                                                                         "Close が呼ばれてから %v 後に keepalive が始まりました",
			"%d keepalive(s) were in flight when Close returned":                                                                  "Close が return した時点で、keepalive が %d 件応答待ちでした",
			"Close returned %v after it was called; the last keepalive was over %v after":                                         "Close は呼び出しから %v 後に return しました。最後の keepalive は %v 後に終わっていました",
			"%d lease(s) renewed in the 10s after %s returned":                                                                    "%[2]s が return した後の 10 秒間に、%[1]d 個のリースが更新されました",
			"%d lease(s) renewed in the 10s after the last of %d Puts":                                                            "%[2]d 回の Put の最後の 1 回の後の 10 秒間に、%[1]d 個のリースが更新されました",
			"%d renewal(s) of the latest lease in 10s":                                                                            "最新のリースの 10 秒間の更新は %d 回でした",
			"%s had not returned a second (of real time) after it was called, while a Put's request to the store was on the wire": "Put のストアへの要求が応答待ちの間、%s は呼び出しから(実時間で)1 秒たっても return していませんでした",
			"Current returned %d while the second Put's request was on the wire; the lease of the first Put was %d":               "2 回目の Put の要求が応答待ちの間、Current は %d を返しました。最初の Put のリースは %d でした",
			"the result of a Put whose request was on the wire when Close was called":                                             "Close が呼ばれた時点で要求が応答待ちだった Put の結果",
			"skipped: Current or Close was found waiting for a Put's request, and on the fake clock that only stalls the test":    "スキップしました: Current か Close が Put の要求を待っていることがわかっており、fake clock ではテストが止まるだけだからです",
			"Put returned while the replaced lease's keepalive was in flight":                                                     "置き換えたリースの keepalive が応答待ちのまま、Put が return しました",
			"a keepalive of the replaced lease began %v after the Put's request was answered":                                     "Put の要求に応答があってから %v 後に、置き換えたリースの keepalive が始まりました",
			"the replaced lease was renewed %d time(s) after Put returned":                                                        "Put が return した後に、置き換えたリースが %d 回更新されました",
			"the result of a Put whose request failed":                                                                            "要求が失敗した Put の結果",
			"Current returned %d after a failed Put; the lease before was %d":                                                     "失敗した Put の後、Current は %d を返しました。その前のリースは %d でした",
			"%d renewal(s) in 10s of the lease a failed Put left in place, whose Put's ctx had ended":                             "失敗した Put が残したリース(その Put の ctx は終了済み)の 10 秒間の更新は %d 回でした",
			"the result of a Put after Close":                                                                                     "Close の後の Put の結果",
			"Put after Close returned %v after it was called, the store being slow":                                               "ストアが遅いとき、Close の後の Put は呼び出しから %v 後に return しました",
			"%d lease(s) renewed in the 10s after 20 Puts at once":                                                                "20 回の Put を同時に呼んだ後の 10 秒間に、%d 個のリースが更新されました",
			"the current lease %d was renewed %d time(s) in 10s":                                                                  "現在のリース %d の 10 秒間の更新は %d 回でした",
			"%d keepalive(s) were in flight when one of two concurrent Closes returned":                                           "同時に呼ばれた 2 つの Close の一方が return した時点で、keepalive が %d 件応答待ちでした",
			"round %d: the first Put had not returned 5s after it was called":                                                     "%d 回目: 最初の Put は呼び出しから 5 秒たっても return していませんでした",
			"skipped: a test before this one failed, and on the real clock its goroutines would be left behind for good":          "スキップしました: これより前のテストが失敗しており、実時間ではその goroutine が取り残されたままになるからです",
			"round %d: a Put racing Close returned %q, which does not match ErrClosed":                                            "%d 回目: Close と競合した Put が %q を返しました。ErrClosed に一致しません",
			"round %d: a Put racing Close had not returned 5s after it was called":                                                "%d 回目: Close と競合した Put は呼び出しから 5 秒たっても return していませんでした",
			"round %d: Close racing two Puts had not returned 5s after it was called":                                             "%d 回目: 2 つの Put と競合した Close は呼び出しから 5 秒たっても return していませんでした",
		},
	})
}
