package catalogue

// Exercise 08: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    8,
		Dir:       "08_who_decides_timeout",
		Seed:      Seed000,
		Principle: "C1",
		Minutes:   15,
		Solution:  []Excerpt{{"client.go", `/^func \(c \*Client\) Get/,/^}/`}, {"client.go", `/^func \(c \*Client\) withTimeout/,/^}/`}},

		En: Edition{
			Title:   "Who decides the timeout",
			Passage: "Who decides the timeout: a client keeps a per-request timeout (WithRequestTimeout) and applies it inside the library to every raw request",
			Goal:    "Every call returns when the caller's ctx is done or its per-request timeout passes, leaves no raw request running or waiting to deliver an answer, and an error of its own timeout says so.",
			Clauses: []string{
				"Each call returns the server's answer as soon as it comes, and otherwise as soon as the caller's ctx is done or one raw request's own timeout (DefaultRequestTimeout, or the one set with WithRequestTimeout) has passed, whichever comes first, and that raw request has given up; each raw request of PutWhenChanged gets the full timeout, and a value that has not changed is not put.",
				"When a call returns, no raw request it sent is still running, and the ctx of each is done, however slowly the transport gives up.",
				"An error of the client's own timeout says so, with the timeout's length, and matches errors.Is(err, context.DeadlineExceeded); an error of the caller's cancel matches context.Canceled, and one of the caller's own deadline matches context.DeadlineExceeded without claiming to be the client's timeout.",
			},
			Hints: []string{
				"Read the first failure: when the call returned, what was the raw request still doing, and what ctx did it see?",
				"The client stops waiting but never tells the request to stop, and the goroutine left behind waits to hand over an answer nobody reads. A bigger channel or a cancel lets it end later, after the call has returned: the tests judge at the instant it returns. Could the raw request's own ctx carry both the caller's cancellation and the client's timeout, so that no second goroutine is needed?",
				`Principle C1 (seed 000, "who decides the timeout"): derive each raw request's ctx from the caller's with context.WithTimeoutCause(ctx, c.requestTimeout, cause), defer cancel(), and call the transport directly: the caller's ctx decides, the client's default bounds each request, and when ctx is done, context.Cause(ctx) says whose deadline it was (the cause wraps context.DeadlineExceeded).`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "keep the goroutine, give the answer channel room for one",
					Checker: "goal clause 2 not met ... observed: 1 raw request(s) were still running when Get returned",
				},
				{
					Try:     "keep the goroutine, cancel the request's ctx when do returns, without waiting",
					Checker: "goal clause 2 not met ... observed: 1 raw request(s) were still running when Get returned (the transport takes 50ms to give up)",
				},
				{
					Try:     "one timeout for the whole PutWhenChanged",
					Checker: "goal clause 1 not met ... observed: the result of a PutWhenChanged whose raw requests each take four fifths of the request timeout: got error \"put \\\"k\\\": no answer within the request timeout of 1s: context deadline exceeded\"",
				},
				{
					Try:     "apply the client's timeout only when the caller's ctx has no deadline",
					Checker: "goal clause 1 not met ... observed: PutWhenChanged returned 1h0m0s after it was called; the caller's ctx, or a request timeout, ended it after 1s and the transport gave up 0s later",
				},
				{
					Try:     "context.WithTimeout(ctx, d) with defer cancel(), the error returned as it comes",
					Checker: "goal clause 3 not met ... observed: the error of a call whose raw request got no answer within the request timeout of 1s was \"get \\\"k\\\": context deadline exceeded\"",
				},
				{
					Try:     "say \"request timeout\" whenever the error is a deadline",
					Checker: "goal clause 3 not met ... observed: the error of a call the caller's own deadline ended, \"get \\\"k\\\": no answer within the request timeout of 1m0s: context deadline exceeded\", names the client's request timeout",
				},
			},
			Debrief: []string{
				"the library decides a per-request timeout; the caller's ctx still wins",
				"context.WithTimeout on the caller's ctx keeps both, and the request runs in the calling goroutine: when the call returns, so has the request",
				"a goroutine plus select gives up waiting, not the work: it is correct only if it cancels the request and waits for it, and then it buys nothing",
				"an error must say whose deadline passed (seed 000): WithTimeoutCause says so, and errors.Is still finds context.DeadlineExceeded",
			},
		},
		Ja: Edition{
			Title:   "タイムアウトを決めるのは誰か",
			Passage: "「だれがタイムアウトを決めるのか」: クライアントがリクエストごとのタイムアウト(WithRequestTimeout)を持ち、ライブラリの中で個々の raw リクエストに適用する",
			Goal:    "どの呼び出しも、呼び出し側の ctx が終わるかリクエストごとのタイムアウトが過ぎたら return し、動き続ける raw リクエストも、結果を渡そうと待つ raw リクエストも残さない。自前のタイムアウトによるエラーはそうだとわかるように伝える。",
			Clauses: []string{
				"どの呼び出しも、サーバーの応答が来ればすぐにそれを返し、来なければ、呼び出し側の ctx が終わるか、raw リクエスト 1 つの自分のタイムアウト(DefaultRequestTimeout、または WithRequestTimeout で設定したもの)が過ぎるか、どちらか早いほうで、その raw リクエストが諦めた時点ですぐに return します。PutWhenChanged の raw リクエストはそれぞれタイムアウトをまるごと使え、変わっていない値は Put されません。",
				"呼び出しが return した時点で、それが送った raw リクエストはどれも動いておらず、それぞれの ctx は終わっています。トランスポートが諦めるのがどれだけ遅くても同じです。",
				"クライアント自身のタイムアウトによるエラーはそのことをタイムアウトの長さとともに示し、errors.Is(err, context.DeadlineExceeded) に一致します。呼び出し側のキャンセルによるエラーは context.Canceled に、呼び出し側自身の deadline によるエラーは context.DeadlineExceeded に一致し、クライアントのタイムアウトだとは名乗りません。",
			},
			Hints: []string{
				"最初の失敗を読みましょう。呼び出しが return した時点で、raw リクエストはまだ何をしていましたか。どの ctx を見ていましたか。",
				"クライアントは待つのをやめますが、リクエストに止まれとは伝えず、残された goroutine は誰も読まない答えを渡そうと待ちます。channel を大きくしたりキャンセルしたりしても、goroutine が終わるのは呼び出しが return した後になるだけで、テストは return した瞬間に判定します。raw リクエスト自身の ctx に、呼び出し側のキャンセルとクライアントのタイムアウトの両方を持たせれば、2 つ目の goroutine は要らないのではないでしょうか。",
				"原則 C1(seed 000、「だれがタイムアウトを決めるのか」): 各 raw リクエストの ctx を context.WithTimeoutCause(ctx, c.requestTimeout, cause) で呼び出し側の ctx から派生させ、defer cancel() し、transport を直接呼びます。止める時を決めるのは呼び出し側の ctx で、クライアントの既定値は個々のリクエストの上限を決めます。ctx が終わったら、context.Cause(ctx) がどちらの deadline だったかを教えてくれます(cause は context.DeadlineExceeded をラップします)。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "goroutine は残し、答えの channel にバッファを 1 つ付ける",
					Checker: "目標の条項 2 を満たしていません ... 観察: Get が return した時点で、raw リクエストが 1 件まだ動いていました",
				},
				{
					Try:     "goroutine は残し、do が return するときにリクエストの ctx をキャンセルするが、待たない",
					Checker: "目標の条項 2 を満たしていません ... 観察: Get が return した時点で、raw リクエストが 1 件まだ動いていました(トランスポートが諦めるのに 50ms かかる場合)",
				},
				{
					Try:     "PutWhenChanged 全体にタイムアウトを 1 つ",
					Checker: "目標の条項 1 を満たしていません ... 観察: raw リクエストがそれぞれタイムアウトの 5 分の 4 かかる PutWhenChanged の結果: エラー \"put \\\"k\\\": no answer within the request timeout of 1s: context deadline exceeded\" が返りました",
				},
				{
					Try:     "呼び出し側の ctx に deadline がないときだけクライアントのタイムアウトを使う",
					Checker: "目標の条項 1 を満たしていません ... 観察: PutWhenChanged は呼び出しから 1h0m0s 後に return しました。呼び出し側の ctx かリクエストのタイムアウトが 1s 後に終わらせ、トランスポートは 0s 後に諦めていました",
				},
				{
					Try:     "context.WithTimeout(ctx, d) と defer cancel() を使い、エラーは来たとおりに返す",
					Checker: "目標の条項 3 を満たしていません ... 観察: raw リクエストがリクエストのタイムアウト 1s 以内に応答を得られなかった呼び出しのエラーは \"get \\\"k\\\": context deadline exceeded\" でした",
				},
				{
					Try:     "エラーが deadline ならいつでも「request timeout」と言う",
					Checker: "目標の条項 3 を満たしていません ... 観察: 呼び出し側自身の deadline が終わらせた呼び出しのエラー \"get \\\"k\\\": no answer within the request timeout of 1m0s: context deadline exceeded\" は、クライアントのリクエストのタイムアウトを名乗っています",
				},
			},
			Debrief: []string{
				"リクエストごとのタイムアウトはライブラリが決める。それでも呼び出し側の ctx が優先される",
				"呼び出し側の ctx に context.WithTimeout を重ねれば両方が保て、リクエストは呼び出した goroutine で動く。呼び出しが return したときにはリクエストも終わっている",
				"goroutine と select で諦められるのは待つことであって、仕事ではない。リクエストをキャンセルして終わりを待つならそれで正しいが、それでは何も得をしない",
				"エラーはどちらの deadline が過ぎたかを示すべき(seed 000)。WithTimeoutCause ならそれが言え、errors.Is は context.DeadlineExceeded を見つけられる",
			},
		},

		Messages: map[string]string{
			"%s had not returned %v after it was called":                                                                                                   "%s は呼び出しから %v たっても return していませんでした",
			"%d raw request(s) were still running when %s returned":                                                                                        "%[2]s が return した時点で、raw リクエストが %[1]d 件まだ動いていました",
			"%d raw request(s) still had a live ctx when %s returned":                                                                                      "%[2]s が return した時点で、ctx がまだ生きている raw リクエストが %[1]d 件ありました",
			"the error of a call whose raw request got no answer within the request timeout":                                                               "raw リクエストがリクエストのタイムアウト以内に応答を得られなかった呼び出しのエラー",
			"the error of a call whose raw request got no answer within the request timeout of %v was %q":                                                  "raw リクエストがリクエストのタイムアウト %v 以内に応答を得られなかった呼び出しのエラーは %q でした",
			"Get's result when the server answers":                                                                                                         "サーバーが応答したときの Get の結果",
			"Get returned %q for a key whose value is \"v\"":                                                                                               "値が \"v\" のキーに対して、Get は %q を返しました",
			"Get returned %v after it was called; the server answered after 300ms":                                                                         "Get は呼び出しから %v 後に return しました。サーバーは 300ms 後に応答していました",
			"%s returned %v after it was called; its raw request's timeout passed after %v and it gave up %v later":                                        "%s は呼び出しから %v 後に return しました。raw リクエストのタイムアウトは %v 後に過ぎ、その %v 後にリクエストは諦めていました",
			"the result of a PutWhenChanged whose raw requests each take four fifths of the request timeout":                                               "raw リクエストがそれぞれタイムアウトの 5 分の 4 かかる PutWhenChanged の結果",
			"PutWhenChanged left %q stored, not the new value":                                                                                             "PutWhenChanged の後、保存されていたのは新しい値ではなく %q でした",
			"PutWhenChanged returned %v after it was called; its get and put were answered after %v":                                                       "PutWhenChanged は呼び出しから %v 後に return しました。get と put は %v 後に応答を得ていました",
			"the result of a PutWhenChanged of the stored value":                                                                                           "保存済みの値に対する PutWhenChanged の結果",
			"PutWhenChanged sent %d put(s) for a value that had not changed":                                                                               "変わっていない値に対して、PutWhenChanged は put を %d 回送りました",
			"PutWhenChanged returned %v after it was called; its get was answered after 500ms":                                                             "PutWhenChanged は呼び出しから %v 後に return しました。get は 500ms 後に応答を得ていました",
			"the error of a call the caller ended":                                                                                                         "呼び出し側が終わらせた呼び出しのエラー",
			"the error of a call the caller's own deadline ended, %q, names the client's request timeout":                                                  "呼び出し側自身の deadline が終わらせた呼び出しのエラー %q は、クライアントのリクエストのタイムアウトを名乗っています",
			"PutWhenChanged returned %v after it was called; the caller's ctx, or a request timeout, ended it after %v and the transport gave up %v later": "PutWhenChanged は呼び出しから %v 後に return しました。呼び出し側の ctx かリクエストのタイムアウトが %v 後に終わらせ、トランスポートはその %v 後に諦めていました",
			"one of 20 calls at once returned with %d of its raw request(s) running and %d with a live ctx":                                                "同時に呼んだ 20 回のうち 1 回が、raw リクエストが %d 件動き、%d 件の ctx が生きたまま return しました",
			"skipped: a test before this one failed, and on the real clock its goroutines would be left behind for good":                                   "スキップしました: これより前のテストが失敗しており、実時間ではその goroutine が取り残されたままになるからです",
			"round %d: Get returned with %d raw request(s) running and %d with a live ctx":                                                                 "%d 回目: Get は、raw リクエストが %d 件動き、%d 件の ctx が生きたまま return しました",
		},
	})
}
