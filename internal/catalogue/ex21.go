package catalogue

// Exercise 21: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    21,
		Dir:       "21_crammed_client",
		Seed:      Seed000,
		Principle: "P4",
		Minutes:   20,
		Solution:  []Excerpt{{"client.go", `/^func startWatch/,/^}/`}, {"client.go", `/^func \(w \*watch\) stop/,/^}/`}},

		En: Edition{
			Title:   "The Client that did everything",
			Passage: "Principle 4, don't cram one struct: several mutexes or channels in one struct mean different things managed together; split them and manage each on its own",
			Goal:    "Once a watch's stop func has returned, nothing of that watch is running, while the Client and its other watches carry on; Close ends the rest.",
			Clauses: []string{
				"Once a watch's stop func has returned, nothing of that watch is running: no goroutine, no subscription at the store, no callback in progress or to come, even when stop is called while a callback runs and changes wait behind it; stop may be called again, and after Close.",
				"While the Client is open, its heartbeat goes to the store once per interval (Err reports the last one's error) and every live watch gets every change of its key, in order, one callback at a time, however many other watches come and go.",
				"When Close returns, nothing the Client started is running and nothing of it is open at the store, whatever the store was doing (a heartbeat or a Subscribe on the wire, a callback running); a Watch under way, racing Close or called after it returns ErrClosed or a watch that Close ended, and Close may be called again from any goroutine.",
			},
			Hints: []string{
				"Read the report: which function started the goroutine still running when stop returned, and what is the only thing it will ever stop for?",
				"The session lives until Close, each watch until its own stop, but the struct gives them one ctx, one WaitGroup and one Close. stop only crosses the watch off a map: can anything in the struct end that one goroutine and its subscription, and wait for its callback?",
				"Principle P4 (seed 000, don't cram one struct): give each lifetime a type of its own: a session with its heartbeat, and a watch with its own cancel and done channel whose stop cancels and waits. The Client keeps the set of live watches only so that Close can stop the ones nobody stopped.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "let stop cancel the Client's one ctx",
					Checker: "failing: goal clause 1 not met, observed: values a watch got, with one change before its stop and one after: got []string(nil), want []string{\"v1\"} (every other watch, and the heartbeat, end with it)",
				},
				{
					Try:     "cancel the watch's goroutine in stop without waiting for it",
					Checker: "failing: goal clause 1 not met, observed: fake time stop took, called while a callback of 1s ran: got 0, want 1000000000",
				},
				{
					Try:     "cancel and wait, with the goroutine's select choosing freely between the cancel and a waiting change",
					Checker: "failing: goal clause 1 not met, observed: values handed to the callback, with a burst of 5 changes and stop called during the first: got []string{\"0\", \"1\"}, want []string{\"0\"}",
				},
				{
					Try:     "a quit channel per watch, the subscription left on the Client's ctx",
					Checker: "failing: goal clause 1 not met, observed: subscriptions to \"tenants/acme\" open at the store when stop returned: got 1, want 0",
				},
				{
					Try:     "hand each change to the callback in a goroutine of its own",
					Checker: "failing: goal clause 2 not met, observed: values the flags watch got while 20 other watches came and went: got []string{\"beta=off\", \"dark-mode=on\"}, want []string{\"dark-mode=on\", \"beta=off\"}",
				},
				{
					Try:     "give each watch a ctx from context.Background()",
					Checker: "leaking: goal clause 3 not met, observed: a Watch whose Subscribe was on the wire when Close ran had not returned 1m0s after Close returned",
				},
			},
			Debrief: []string{
				"one struct held three lifetimes: the session, each watch, the Client as a whole",
				"a watch owns its cancel and its done channel: stop cancels and waits, as Close does for the rest",
				"select picks at random among ready cases: after a cancel, check ctx.Err() before starting more work",
				"the watches' ctxs derive from one the Client cancels on Close, so that a Subscribe on the wire ends too; a second Close waits on a channel for the first, not on a lock held while callbacks finish (sync.Once also works in production, but holds its lock for the whole wait)",
			},
		},
		Ja: Edition{
			Title:   "何でも抱え込んだ Client",
			Passage: "心得 4「1つの struct に詰め込みすぎない」: 1つの struct に複数の mutex や channel があるなら、異なるものを混ぜて管理している。細かく分割し、別々に管理する",
			Goal:    "watch の stop 関数が return した時点でその watch のものは何も動いておらず、Client と他の watch はそのまま動き続けます。残りは Close が終わらせます。",
			Clauses: []string{
				"watch の stop 関数が return したら、その watch のものは何も動いていません。goroutine も、ストアの購読も、実行中やこれから呼ばれるコールバックもありません。コールバックの実行中に、後ろに変更が待っている状態で stop を呼んでも同じです。stop は何度呼んでもよく、Close の後に呼んでもかまいません。",
				"Client が開いている間、ハートビートは interval ごとに 1 回ストアに送られ(Err は最後のハートビートのエラーを返します)、動いている watch はどれも、自分のキーのすべての変更を順番どおりに、コールバック 1 つずつ受け取ります。他の watch がいくつ始まって終わっても同じです。",
				"Close が return したときには、Client が起動したものは何も動いておらず、ストアに開いているものもありません。ストアが何をしていても(ハートビートや Subscribe の送信中、コールバックの実行中)同じです。実行中の Watch、Close と同時に呼んだ Watch、Close の後に呼んだ Watch は、ErrClosed か Close が終わらせた watch を返します。Close はどの goroutine から何度呼んでもかまいません。",
			},
			Hints: []string{
				"レポートを読んでみましょう。stop が return した時点でまだ動いている goroutine を起動したのはどの関数で、その goroutine が止まるきっかけはただ 1 つ、何でしょうか。",
				"セッションは Close まで、各 watch はそれぞれの stop まで生きますが、struct はそれらに ctx も WaitGroup も Close も 1 つずつしか与えていません。stop は map から watch を消すだけです。struct の中に、その goroutine とその購読だけを終わらせ、コールバックを待てるものはあるでしょうか。",
				"原則 P4(seed 000、1 つの struct に詰め込みすぎない): 寿命ごとに型を分けます。ハートビートを持つ session と、自分の cancel と done channel を持つ watch です。watch の stop は cancel して待ちます。Client が動いている watch の集合を持つのは、誰も stop しなかった watch を Close が止めるためだけです。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "stop で Client のただ 1 つの ctx を cancel する",
					Checker: "失敗: 条項 1 が満たされていません。観測: stop の前に 1 回、後に 1 回変更したとき watch が受け取った値: got []string(nil), want []string{\"v1\"}(他の watch もハートビートも一緒に終わります)",
				},
				{
					Try:     "stop で watch の goroutine を cancel し、終わるのを待たない",
					Checker: "失敗: 条項 1 が満たされていません。観測: 1s かかるコールバックの実行中に呼んだ stop にかかった偽の時間: got 0, want 1000000000",
				},
				{
					Try:     "cancel して待つが、goroutine の select は cancel と待っている変更のどちらでも選べる",
					Checker: "失敗: 条項 1 が満たされていません。観測: 5 件の変更がまとめて届き、最初の 1 件の処理中に stop を呼んだとき、コールバックに渡された値: got []string{\"0\", \"1\"}, want []string{\"0\"}",
				},
				{
					Try:     "watch ごとに quit channel を作り、購読は Client の ctx のままにする",
					Checker: "失敗: 条項 1 が満たされていません。観測: stop が return した時点でストアに開いていた \"tenants/acme\" の購読: got 1, want 0",
				},
				{
					Try:     "変更を 1 件ずつ別の goroutine でコールバックに渡す",
					Checker: "失敗: 条項 2 が満たされていません。観測: 他の 20 個の watch が始まって終わる間に flags の watch が受け取った値: got []string{\"beta=off\", \"dark-mode=on\"}, want []string{\"dark-mode=on\", \"beta=off\"}",
				},
				{
					Try:     "各 watch に context.Background() から作った ctx を与える",
					Checker: "リーク: 条項 3 が満たされていません。観測: Close の実行中に Subscribe を送信中だった Watch が、Close の return から 1m0s 後にも return していませんでした",
				},
			},
			Debrief: []string{
				"1 つの struct が 3 つの寿命を抱えていた: セッション、各 watch、そして Client 全体",
				"watch は自分の cancel と done channel を持つ: stop は cancel して待ち、残りは Close が同じようにする",
				"select は準備のできた case から無作為に選ぶ: cancel の後は、次の仕事を始める前に ctx.Err() を確かめる",
				"watch の ctx は Close が cancel する 1 つの ctx から派生させ、送信中の Subscribe も終わらせる。2 回目の Close は 1 回目を channel で待ち、コールバックが終わるまでロックを握ったりしない(sync.Once も本番では正しく動くが、待つ間ずっと自分のロックを握る)",
			},
		},
		Messages: map[string]string{
			"Close had not returned %v later":                           "Close が %v 後にも return していませんでした",
			"Close, called from three goroutines at once, panicked: %v": "3 つの goroutine から同時に呼んだ Close が panic しました: %v",
			"Err after a heartbeat failed":                              "ハートビートが失敗した後の Err",
			"Err once a heartbeat went through again: %v":               "ハートビートが再び通った後の Err: %v",
			"Err with every heartbeat going through: %v":                "ハートビートがすべて通っているときの Err: %v",
			"Open had not returned %v later":                            "Open が %v 後にも return していませんでした",
			"Watch after Close":                                         "Close の後の Watch",
			"Watch after Close had not returned %v later":               "Close の後の Watch が %v 後にも return していませんでした",
			"Watch(%q)":                                              "Watch(%q)",
			"Watch(%q) had not returned %v later":                    "Watch(%q) が %v 後にも return していませんでした",
			"a Watch called while Close ran":                         "Close の実行中に呼んだ Watch",
			"a Watch whose Subscribe was on the wire when Close ran": "Close の実行中に Subscribe を送信中だった Watch",
			"a Watch whose Subscribe was on the wire when Close ran had not returned %v after Close returned": "Close の実行中に Subscribe を送信中だった Watch が、Close の return から %v 後にも return していませんでした",
			"a second call of stop had not returned %v later":                                                 "2 回目の stop が %v 後にも return していませんでした",
			"a second call of stop panicked: %v":                                                              "2 回目の stop が panic しました: %v",
			"callbacks in progress when Close returned":                                                       "Close が return した時点で実行中だったコールバックの数",
			"callbacks in progress when Close, called from three goroutines at once, returned":                "3 つの goroutine から同時に呼んだ Close が return した時点で実行中だったコールバックの数",
			"callbacks in progress when stop returned":                                                        "stop が return した時点で実行中だったコールバックの数",
			"callbacks of the %q watch in progress at once":                                                   "%q の watch で同時に実行されていたコールバックの数",
			"fake time Close took":                                                                            "Close にかかった偽の時間",
			"fake time stop took, called while a callback of %v ran":                                          "%v かかるコールバックの実行中に呼んだ stop にかかった偽の時間",
			"heartbeats in %v":                                                                          "%v の間のハートビートの数",
			"heartbeats in %v after Close":                                                              "Close の後 %v の間のハートビートの数",
			"heartbeats in %v, after 20 watches came and went":                                          "20 個の watch が始まって終わった後、%v の間のハートビートの数",
			"stop and a second Close, after Close, had not returned %v later":                           "Close の後の stop と 2 回目の Close が %v 後にも return していませんでした",
			"stop had not returned %v later":                                                            "stop が %v 後にも return していませんでした",
			"stop of a watch that Close ended had not returned %v later":                                "Close が終わらせた watch の stop が %v 後にも return していませんでした",
			"stop or a second Close, after Close, panicked: %v":                                         "Close の後の stop か 2 回目の Close が panic しました: %v",
			"stop, called while a callback ran, had not returned %v later":                              "コールバックの実行中に呼んだ stop が %v 後にも return していませんでした",
			"subscriptions open at the store once Close returned":                                       "Close が return した後にストアに開いていた購読の数",
			"subscriptions open at the store when Close returned":                                       "Close が return した時点でストアに開いていた購読の数",
			"subscriptions to %q open at the store when stop returned":                                  "stop が return した時点でストアに開いていた %q の購読の数",
			"values a watch got, with one change before its stop and one after":                         "stop の前に 1 回、後に 1 回変更したとき watch が受け取った値",
			"values handed to the callback, with a burst of 5 changes and stop called during the first": "5 件の変更がまとめて届き、最初の 1 件の処理中に stop を呼んだとき、コールバックに渡された値",
			"values the %q watch got, in the order published":                                           "%q の watch が受け取った値(公開した順)",
			"values the flags watch got while 20 other watches came and went":                           "他の 20 個の watch が始まって終わる間に flags の watch が受け取った値",
		},
	})
}
