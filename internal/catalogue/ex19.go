package catalogue

// Exercise 19: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    19,
		Dir:       "19_write_the_leak_test",
		Seed:      Seed000,
		Principle: "P5",
		Minutes:   20,
		Solution:  []Excerpt{{"check.go", `/^func CheckCache/,/^\tc := newCache/`}},

		En: Edition{
			Title:   "Write the leak test",
			Passage: "Principle 5, test for goroutine leaks too: a ready-made leak checker, or a simple runtime.NumGoroutine() comparison of your own",
			Goal:    "CheckCache fails every Cache that leaves a goroutine running after Close and still passes correct ones, whatever else the process is running.",
			Clauses: []string{
				"CheckCache fails every Cache that leaves a goroutine it started still running a minute after Close returned, whether the constructor, Set, Get or Close started it, and even one that would end only with the test itself (when the test's context is cancelled).",
				"CheckCache passes every correct Cache, including one whose goroutines end a moment after Close returns and one whose Set starts goroutines that Close ends.",
				"Its verdict is about the Cache under test only: goroutines that were already running when CheckCache was called, whether they keep running or end meanwhile, neither fail a correct Cache nor hide a leak.",
				"CheckCache still fails a Cache that returns wrong values, and gives its verdict on every Cache within three minutes: it neither skips nor hangs.",
			},
			Hints: []string{
				"Read which known Caches your CheckCache passed or failed, and find them in check_test.go: what does each leave running once Close has returned, and when does that goroutine end, if ever?",
				"Compare the goroutines running before newCache with those still running after Close. The ones already running before CheckCache began are not this Cache's, whether they stay or end meanwhile; one on its way out after Close deserves a moment to finish; and the verdict belongs to CheckCache itself, before the test's own end cancels anything.",
				"Principle P5 (seed 000, \"test for leaks too\"): the idiomatic tool is go.uber.org/goleak. One deferred line at the top of CheckCache, with goleak.IgnoreCurrent() evaluated before newCache, checks every Cache that ever runs it.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "goleak.VerifyNone without IgnoreCurrent, as in goleak's README",
					Checker: "leaking: goal clause 2 not met, observed: CheckCache failed newGoodCache, a correct Cache (goleak's report lists the test's own goroutines)",
				},
				{
					Try:     "compare runtime.NumGoroutine before and after, with a grace period",
					Checker: "failing: goal clause 3 not met, observed: CheckCache passed newLeakyJanitorCache, whose goroutines outlive Close, while another goroutine of the process ended",
				},
				{
					Try:     "register the check with tb.Cleanup, as a test defers goleak at its top",
					Checker: "failing: goal clause 1 not met, observed: CheckCache passed newContextCache, whose goroutines outlive Close (the test's context is cancelled before cleanups run)",
				},
				{
					Try:     "defer a closure that calls goleak.IgnoreCurrent() when CheckCache returns",
					Checker: "failing: goal clause 1 not met, observed: CheckCache passed newLeakyJanitorCache, whose goroutines outlive Close",
				},
				{
					Try:     "check for leftover goroutines before Close, or only for a janitor",
					Checker: "failing: goal clause 2 (a correct Cache's goroutines are still running before Close) or clause 1 (newReplicatingCache, newPrefetchCache, newFlushOnCloseCache pass)",
				},
				{
					Try:     "check leaks only, skip the behaviour checks",
					Checker: "failing: goal clause 4 not met, observed: CheckCache passed newStickyCache, whose Set keeps the first value of a key",
				},
			},
			Debrief: []string{
				"IgnoreCurrent, evaluated before the code under test starts, judges only what it started: counts cannot tell which goroutines ended and which began",
				"judge when CheckCache returns, not at the test's end: by then the test's context is cancelled and some leaks end with it",
				"give a goroutine on its way out a moment (goleak retries for about half a second), and a verdict in bounded time",
				"a leak can start anywhere: the constructor, Set, Get, Close itself",
			},
		},
		Ja: Edition{
			Title:   "リークのテストを書く",
			Passage: "[5] goroutineリークもテストする: 既製のリークチェッカーを使うか、runtime.NumGoroutine() を自分で比べる",
			Goal:    "CheckCache は、Close の後に goroutine を動かしたままにする Cache をすべて不合格にし、正しい Cache は、プロセスで他に何が動いていても合格にします。",
			Clauses: []string{
				"CheckCache は、自分が起動した goroutine を Close の return から 1 分後にもまだ動かしている Cache をすべて不合格にします。その goroutine を起動したのがコンストラクタでも Set でも Get でも Close でも、テスト自体が終わるとき(テストの context が cancel されるとき)にしか終わらないものでも同じです。",
				"CheckCache は正しい Cache をすべて合格にします。Close の return の少し後に goroutine が終わる Cache も、Set が起動した goroutine を Close が終わらせる Cache も含みます。",
				"判定はテスト対象の Cache についてだけ行います。CheckCache が呼ばれたときにすでに動いていた goroutine は、動き続けても途中で終わっても、正しい Cache を不合格にすることも、リークを隠すこともありません。",
				"CheckCache は間違った値を返す Cache もこれまでどおり不合格にし、どの Cache についても 3 分以内に判定を出します。スキップも、止まったままになることもありません。",
			},
			Hints: []string{
				"CheckCache が合格や不合格にした既知の Cache を読み、check_test.go でその Cache を探してみましょう。それぞれ Close が return した後に何を動かしたままにしていて、その goroutine はいつ終わるでしょうか(終わるとすれば)。",
				"newCache の前に動いていた goroutine と、Close の後にまだ動いている goroutine を比べてみましょう。CheckCache が始まる前から動いていたものは、動き続けても途中で終わっても、この Cache のものではありません。Close の後に終わりかけている goroutine には少し時間をあげます。そして判定は、テスト自体の終わりが何かを cancel する前に、CheckCache 自身が出します。",
				"原則 P5(seed 000「goroutine リークもテストする」): 定番の道具は go.uber.org/goleak です。newCache より前に goleak.IgnoreCurrent() を評価する defer を CheckCache の先頭に 1 行置けば、CheckCache を使うすべての Cache を検査できます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "goleak の README どおり、IgnoreCurrent なしで goleak.VerifyNone を使う",
					Checker: "リーク: 条項 2 が満たされていません。観測: CheckCache が正しい Cache である newGoodCache を失敗にしました(goleak の報告にテスト自身の goroutine が並びます)",
				},
				{
					Try:     "runtime.NumGoroutine を前後で比べ、猶予も与える",
					Checker: "失敗: 条項 3 が満たされていません。観測: プロセスの別の goroutine が途中で終わったとき、CheckCache が Close の後も goroutine が残る newLeakyJanitorCache を合格にしました",
				},
				{
					Try:     "テストが先頭で goleak を defer するように、検査を tb.Cleanup に登録する",
					Checker: "失敗: 条項 1 が満たされていません。観測: CheckCache が Close の後も goroutine が残る newContextCache を合格にしました(テストの context は Cleanup の前に cancel されます)",
				},
				{
					Try:     "CheckCache の return 時に goleak.IgnoreCurrent() を呼ぶクロージャを defer する",
					Checker: "失敗: 条項 1 が満たされていません。観測: CheckCache が Close の後も goroutine が残る newLeakyJanitorCache を合格にしました",
				},
				{
					Try:     "Close の前に残った goroutine を調べる、または janitor だけを調べる",
					Checker: "失敗: 条項 2(正しい Cache の goroutine は Close の前にはまだ動いています)か条項 1(newReplicatingCache、newPrefetchCache、newFlushOnCloseCache が合格になります)が満たされません",
				},
				{
					Try:     "リークだけを調べ、振る舞いの検査をやめる",
					Checker: "失敗: 条項 4 が満たされていません。観測: CheckCache が、Set でキーの最初の値を保ち続ける newStickyCache を合格にしました",
				},
			},
			Debrief: []string{
				"テスト対象のコードが動き出す前に評価した IgnoreCurrent は、そのコードが起動したものだけを判定する: 数では、どの goroutine が終わりどれが始まったか区別できない",
				"判定はテストの終わりではなく CheckCache が return するときに下す: その頃にはテストの context が cancel され、一緒に終わってしまうリークがある",
				"終わりかけの goroutine には少し時間を与え(goleak は約 0.5 秒再試行する)、判定は限られた時間内に出す",
				"リークはどこからでも始まる: コンストラクタ、Set、Get、Close 自身",
			},
		},
		Messages: map[string]string{
			"CheckCache failed %s, a correct Cache, while another goroutine ended. It reported:\n%s":                           "別の goroutine が途中で終わったとき、CheckCache が正しい Cache である %s を失敗にしました。報告:\n%s",
			"CheckCache failed %s, a correct Cache, while goroutines other code leaked earlier were running. It reported:\n%s": "他のコードが先にリークさせた goroutine が動いているとき、CheckCache が正しい Cache である %s を失敗にしました。報告:\n%s",
			"CheckCache failed %s, a correct Cache. It reported:\n%s":                                                          "CheckCache が正しい Cache である %s を失敗にしました。報告:\n%s",
			"CheckCache passed %s, whose Set keeps the first value of a key":                                                   "CheckCache が、Set でキーの最初の値を保ち続ける %s を合格にしました",
			"CheckCache passed %s, whose goroutines outlive Close":                                                             "CheckCache が、Close の後も goroutine が残る %s を合格にしました",
			"CheckCache passed %s, whose goroutines outlive Close, while another goroutine of the process ended":               "プロセスの別の goroutine が途中で終わったとき、CheckCache が Close の後も goroutine が残る %s を合格にしました",
			"CheckCache passed %s, whose goroutines outlive Close, while goroutines other code leaked earlier were running":    "他のコードが先にリークさせた goroutine が動いているとき、CheckCache が Close の後も goroutine が残る %s を合格にしました",
			"CheckCache skipped %s instead of giving a verdict. It reported:\n%s":                                              "CheckCache が %s の判定を出さずにスキップしました。報告:\n%s",
			"CheckCache, given %s, had not returned %v later":                                                                  "%s を渡した CheckCache が %v 後にも return していませんでした",
			"Close of %s, run before CheckCache: %v":                                                                           "CheckCache の前に実行した %s の Close: %v",
		},
	})
}
