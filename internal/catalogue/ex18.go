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
			Hints: []string{
				"Run the test with GOTOOLCHAIN=go1.27.3 and -v: the runtime's profile is silent, goleak is not. Which goroutine does goleak report, and what still points to it?",
				"Follow Open when the store fails: what has it already started and registered, and who will ever call Close on a session it never returned?",
				"Principle P5 (seed 000, test for leaks): a reachable leak is invisible to the runtime, so the test is what catches it. Do everything that can fail before starting the loop and registering the session.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ignore the goroutine in goleak",
					Checker: "the test: a session whose Open failed is still listed in the registry",
				},
			},
			Debrief: []string{
				"reachable is not alive: the registry keeps the stuck loop out of the runtime's sight",
				"silence from the runtime's profile proves nothing; goleak in tests still counts",
			},
		},
		Ja: Edition{
			Title:   "検出器の意見が割れる",
			Passage: "[5] goroutineリークもテストする: channel だけで作った Statefull のイベントループ(番外編)が、レジストリから参照され続ける",
			Goal:    "Open がどの経路で return しても、起動したものが誰にも使われないまま動き続けることはなく、開いているセッションは Close まで値を保つ。",
			Hints: []string{
				"GOTOOLCHAIN=go1.27.3 と -v を付けてテストを実行しよう。ランタイムのプロファイルは何も言わないが、goleak は報告する。goleak が報告する goroutine はどれで、まだ何がそれを指しているか。",
				"ストアが失敗したときの Open をたどろう。その時点で何を起動し、何を登録しているか。return されなかったセッションの Close を、いったい誰が呼ぶのか。",
				"原則 P5(seed 000、リークもテストする): 到達可能なリークはランタイムには見えないので、それを捕まえるのはテストだ。失敗しうる処理はすべて、ループを起動してセッションを登録する前に済ませる。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "goleak でその goroutine を無視する",
					Checker: "テスト: Open に失敗したセッションがまだレジストリに載っている",
				},
			},
			Debrief: []string{
				"到達できることは生きていることではない: レジストリが、止まったループをランタイムから見えなくしている",
				"ランタイムのプロファイルの沈黙は何も証明しない。テストでは goleak がやはり頼りになる",
			},
		},
	})
}
