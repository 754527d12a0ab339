package catalogue

// Exercise 18: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    18,
		Dir:       "18_detectors_disagree",
		Seed:      Seed000,
		Principle: "P5",
		Minutes:   15,
		Solution:  []Excerpt{{"sessions.go", `/^func Open/,/^}/`}},

		En: Edition{
			Title:   "The detectors disagree",
			Passage: "Principle 5: test for leaks; the channel-only Statefull's event loop (extra section), kept reachable by a registry",
			Goal:    "Whichever way Open returns, nothing it started is left running for nobody, and an open session keeps its values until Close.",
			Clauses: []string{
				"When Open returns an error, whatever the store did (failed, hung until Open's ctx ended, answered only after that), nothing Open started is still running and the session is not listed: Lookup does not find it and Count is unchanged.",
				"When Open succeeds, the session is listed (Lookup finds it, Count counts it), holds the values the store saved for it and keeps every value Set until Close, with many sessions in use side by side.",
				"When Close returns, the session's goroutine has ended and the session is no longer listed; Close may be called again, from any goroutine, and does nothing more.",
				"Set and Get never wait for a closed session: called after Close, or while Close runs, they return at once (Get with \"\" after Close) and leave nothing running.",
			},
			Hints: []string{
				"Run the test with GOTOOLCHAIN=go1.27.3 and -v: the runtime's profile is silent, goleak is not. Which goroutine does goleak report, and what still points to it?",
				"Follow Open when the store fails, or hangs until Open's ctx ends: what has it already started and registered, and who will ever call Close on a session it never returned?",
				"Principle P5 (seed 000, test for leaks): a reachable leak is invisible to the runtime, so the test is what catches it. Do everything that can fail before starting the loop and registering the session.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "take the session off the registry when Load fails, and leave its loop running",
					Checker: "leaking: goleak's report (found unexpected goroutines: (*Session).loop) in TestOpenFails; with the registry no longer pointing to it, the runtime's profile confirms the leak too",
				},
				{
					Try:     "close the session in a goroutine of its own (go s.Close()) when Load fails, so that Open returns at once",
					Checker: "failing: goal clause 1 not met, observed: Lookup found the session whose Open failed",
				},
				{
					Try:     "run Load in a goroutine and return when Open's ctx is done",
					Checker: "leaking: goal clause 1 not met, observed: 1 goroutine(s) started by the code under test still running when Open returned (a store that answers only after Open's ctx ended)",
				},
				{
					Try:     "let Set drop the value when the loop is busy (select with default), so that nothing ever blocks",
					Checker: "failing: goal clause 2 not met, observed: user-1's Get after its own Set: got \"\", want \"0\"",
				},
				{
					Try:     "Set and Get with plain sends, as the seed's Statefull has them",
					Checker: "leaking: goal clause 4 not met, observed: Set after Close had not returned 1m0s later",
				},
				{
					Try:     "Close without sync.Once, or guarded by a plain closed flag",
					Checker: "failing: goal clause 3 not met, observed: a second Close panicked: close of closed channel; with a flag: data race",
				},
			},
			Debrief: []string{
				"reachable is not alive: the registry keeps the stuck loop out of the runtime's sight",
				"silence from the runtime's profile proves nothing; goleak in tests still counts",
				"do what can fail first, then start and register: once the loop runs, Open can only succeed, and Close is the one way out",
				"a loop-owned session still needs every Set and Get to select on done: exercise 03's leak, one layer up; a map under a mutex needs no goroutine at all",
			},
		},
		Ja: Edition{
			Title:   "検出器の意見が割れる",
			Passage: "[5] goroutineリークもテストする: channel だけで作った Statefull のイベントループ(番外編)が、レジストリから参照され続ける",
			Goal:    "Open がどの経路で return しても、起動したものが誰にも使われないまま動き続けることはなく、開いているセッションは Close まで値を保つ。",
			Clauses: []string{
				"Open がエラーを返したときは、ストアがどう振る舞っても(失敗した、Open の ctx が終わるまで応答しなかった、その後で応答した)、Open が起動したものは何も動いておらず、セッションは登録されていません。Lookup では見つからず、Count も変わりません。",
				"Open が成功したときは、セッションが登録され(Lookup で見つかり、Count に数えられます)、ストアに保存された値を持ち、Set された値を Close まで保ちます。多くのセッションを並行して使っても同じです。",
				"Close が return したときには、セッションの goroutine は終了しており、セッションはもう登録されていません。Close はどの goroutine から何度呼んでもよく、2 回目以降は何もしません。",
				"閉じたセッションで Set と Get が待つことはありません。Close の後や Close の最中に呼んでもすぐに return し(Close の後の Get は \"\" を返します)、何も動かしたままにしません。",
			},
			Hints: []string{
				"GOTOOLCHAIN=go1.27.3 と -v を付けてテストを実行してみましょう。ランタイムのプロファイルは何も言いませんが、goleak は報告します。goleak が報告する goroutine はどれで、まだ何がそれを指しているでしょうか。",
				"ストアが失敗したとき、または Open の ctx が終わるまで応答しないときの Open をたどってみましょう。その時点で何を起動し、何を登録しているでしょうか。return されなかったセッションの Close を、いったい誰が呼ぶのでしょうか。",
				"原則 P5(seed 000、リークもテストする): 到達可能なリークはランタイムには見えないので、それを捕まえるのはテストです。失敗しうる処理はすべて、ループを起動してセッションを登録する前に済ませます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Load が失敗したらセッションをレジストリから外し、ループは動かしたままにする",
					Checker: "リーク: TestOpenFails で goleak のレポート(found unexpected goroutines: (*Session).loop)。レジストリが指さなくなったので、ランタイムのプロファイルもリークを確認します",
				},
				{
					Try:     "Load が失敗したらセッションを別の goroutine で閉じて(go s.Close())、Open はすぐに return する",
					Checker: "失敗: 条項 1 が満たされていません。観測: Open が失敗したセッションを Lookup が見つけました",
				},
				{
					Try:     "Load を goroutine で実行し、Open の ctx が終わったら return する",
					Checker: "リーク: 条項 1 が満たされていません。観測: Open が return した時点で、テスト対象のコードが起動した goroutine が 1 つまだ動いています(Open の ctx が終わってから応答するストアで)",
				},
				{
					Try:     "ループが忙しいときは Set が値を捨てる(default 付きの select)ようにして、何もブロックしないようにする",
					Checker: "失敗: 条項 2 が満たされていません。観測: user-1 が自分で Set した後の Get: got \"\", want \"0\"",
				},
				{
					Try:     "seed の Statefull と同じく、Set と Get をただの送信で書く",
					Checker: "リーク: 条項 4 が満たされていません。観測: Close の後の Set が 1m0s 後にも return していませんでした",
				},
				{
					Try:     "Close を sync.Once なしで書く、またはただの closed フラグで守る",
					Checker: "失敗: 条項 3 が満たされていません。観測: 2 回目の Close が panic しました: close of closed channel。フラグの場合はデータ競合",
				},
			},
			Debrief: []string{
				"到達できることは生きていることではない: レジストリが、止まったループをランタイムから見えなくしている",
				"ランタイムのプロファイルの沈黙は何も証明しない。テストでは goleak がやはり頼りになる",
				"失敗しうることを先に済ませ、それから起動して登録する: ループが動き出したら Open は成功するしかなく、終わらせる道は Close だけになる",
				"ループが持つセッションでも、Set と Get はすべて done を select に入れる必要がある: 演習 03 のリークが一段上に現れたもの。mutex で守った map なら goroutine はそもそも要らない",
			},
		},
		Messages: map[string]string{
			"Lookup and Count, called while sessions closed, had not returned %v later": "セッションが閉じる間に呼んだ Lookup と Count が %v たっても戻りませんでした",
			"%d sessions used side by side had not all been closed %v later":            "並行して使った %d 個のセッションが、%v 後にもすべては閉じられていませんでした",
			"%s's Get after its own Set":                                                "%s が自分で Set した後の Get",
			"Close had not returned %v later":                                           "Close が %v 後にも return していませんでした",
			"Close, called from two goroutines at once, panicked: %v":                   "2 つの goroutine から同時に呼んだ Close が panic しました: %v",
			"Count after Close returned":                                                "Close が return した後の Count",
			"Count after a second Close":                                                "2 回目の Close の後の Count",
			"Count after an Open that failed":                                           "失敗した Open の後の Count",
			"Count with one more session open":                                          "セッションが 1 つ増えたときの Count",
			"Get after Close had not returned %v later":                                 "Close の後の Get が %v 後にも return していませんでした",
			"Get(%q) after Close":                                                       "Close の後の Get(%q)",
			"Get(%q) after Set":                                                         "Set の後の Get(%q)",
			"Get(%q) of a session the store saved":                                      "ストアが保存していたセッションの Get(%q)",
			"Get(%q), never set":                                                        "一度も Set していない Get(%q)",
			"Lookup found the session after its Close returned":                         "Close が return した後も Lookup がセッションを見つけました",
			"Lookup found the session whose Open failed":                                "Open が失敗したセッションを Lookup が見つけました",
			"Lookup(%q) after Open returned %p, %v; Open returned %p":                   "Open の後の Lookup(%q) は %p, %v を返しました。Open が返したのは %p です",
			"Open returned a session as well as its error":                              "Open がエラーと一緒にセッションも返しました",
			"Open returned neither a session nor an error":                              "Open がセッションもエラーも返しませんでした",
			"Open's error, with a store whose Load failed":                              "Load が失敗するストアでの Open のエラー",
			"Open's error, with a store whose Load was %s":                              "Load が %s のストアでの Open のエラー",
			"Open(%q)": "Open(%q)",
			"Open, with a store whose Load failed at once, had not returned %v later": "Load がすぐに失敗するストアで、Open が %v 後にも return していませんでした",
			"Open, with a store whose Load was %s":                                    "Load が %s のストアでの Open",
			"Open, with a store whose Load was %s, had not returned %v later":         "Load が %s のストアで、Open が %v 後にも return していませんでした",
			"Set after Close had not returned %v later":                               "Close の後の Set が %v 後にも return していませんでした",
			"Set and Get on an open session had not returned %v later":                "開いているセッションの Set と Get が %v 後にも return していませんでした",
			"a second Close had not returned %v later":                                "2 回目の Close が %v 後にも return していませんでした",
			"a second Close panicked: %v":                                             "2 回目の Close が panic しました: %v",
			"fake time that Set and Get took after Close":                             "Close の後の Set と Get にかかった偽の時間",
		},
	})
}
