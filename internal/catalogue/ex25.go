package catalogue

// Exercise 25: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    25,
		Dir:       "25_meant_to_live",
		Seed:      Seed000,
		Principle: "P5",
		Minutes:   12,
		Solution:  []Excerpt{{"leakopts.go", `/^func LeakOptions/,/^}/`}},

		En: Edition{
			Title:   "The goroutine that is meant to live",
			Passage: "Principle 5, test for goroutine leaks too, with a ready-made leak checker; here, the one goroutine it must not count, a worker that lives for the process",
			Goal:    "Tests that convert money pass goleak with LeakOptions() while the refresher runs for the process, and LeakOptions() still lets goleak report every other goroutine left running.",
			Hints: []string{
				"Read the package comment, then goleak's report: is the refresher a leak? What would stopping it, or refreshing inside Convert instead, cost the service?",
				"The refresher's top function is time.Sleep, and so is that of any goroutine sleeping in a loop. IgnoreCurrent hides whatever runs when the options are made, leaks from earlier tests included. Which function is in the refresher's stack and in no other?",
				"Principle P5 (seed 000, test for leaks too): say exactly what may live. goleak.IgnoreAnyFunction with the refresher's own function, named from the function value with runtime.FuncForPC so that a rename cannot silently break it, in LeakOptions, where every importer's tests find it.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "goleak.IgnoreCurrent() in LeakOptions",
					Checker: "leaking: TestConvert still reports refreshLoop, which starts after the options are made, and TestLeakOptionsStillCatchLeaks: goleak with LeakOptions() reports nothing, yet two goroutines were left running: LeakOptions hides real leaks",
				},
				{
					Try:     `goleak.IgnoreTopFunction("time.Sleep")`,
					Checker: "the test: a goroutine sleeping in a loop of its own must still be reported",
				},
				{
					Try:     "stop the refresher, or refresh inside Convert",
					Checker: "the test: the rates are refreshed every RefreshInterval, even while nobody converts, and a conversion never waits for the feed",
				},
			},
			Debrief: []string{
				"not every goroutine that outlives a test is a leak: say exactly which one may live",
				"name its function from the function value (runtime.FuncForPC), so that a rename cannot silently break the option",
			},
		},
		Ja: Edition{
			Title:   "生き続けるはずの goroutine",
			Passage: "心得 5「goroutine リークもテストする」: 既製のリークチェッカーを使う。ここでは、数えてはいけない唯一の goroutine、プロセスと同じだけ生きる worker",
			Goal:    "通貨を換算するテストは、refresher がプロセスの間ずっと動いていても LeakOptions() を付けた goleak を通り、LeakOptions() はそれ以外に残った goroutine をすべて goleak に報告させる。",
			Hints: []string{
				"package のコメントを読み、次に goleak のレポートを読もう。refresher はリークか。止めたり、Convert の中で更新したりすると、サービスは何を失うか。",
				"refresher の先頭の関数は time.Sleep で、ループの中で眠る goroutine はどれもそうだ。IgnoreCurrent はオプションを作った時点で動いているもの、前のテストのリークまで隠す。refresher のスタックにだけあって、他のどれにもない関数はどれか。",
				"心得 P5(seed 000「goroutine リークもテストする」): 生きてよいものを正確に言う。refresher 自身の関数を goleak.IgnoreAnyFunction に渡す。名前は関数値から runtime.FuncForPC で取り、改名しても黙って壊れないようにし、利用者すべてのテストが使える LeakOptions に置く。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "LeakOptions に goleak.IgnoreCurrent() を入れる",
					Checker: `リークあり: TestConvert はオプションを作った後に始まる refreshLoop をやはり報告し、TestLeakOptionsStillCatchLeaks は "goleak with LeakOptions() reports nothing, yet two goroutines were left running: LeakOptions hides real leaks"`,
				},
				{
					Try:     `goleak.IgnoreTopFunction("time.Sleep")`,
					Checker: "テスト: 自分のループで眠っている goroutine はやはり報告されなければならない",
				},
				{
					Try:     "リフレッシャーを止める、または Convert の中で更新する",
					Checker: "テスト: 誰も換算していなくてもレートは RefreshInterval ごとに更新され、換算がフィードを待つことはない",
				},
			},
			Debrief: []string{
				"テストより長生きする goroutine がすべてリークとは限らない: 生きてよいものを正確に名指しする",
				"その関数の名前は関数値から取る(runtime.FuncForPC)。名前を変えてもオプションが黙って壊れないように",
			},
		},
	})
}
