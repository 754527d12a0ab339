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
			Hints: []string{
				"Read which known Caches your CheckCache passed: what do they leave running once Close has returned, and what in CheckCache looks at that?",
				"Compare the goroutines before newCache with those after Close. Goroutines that were running before CheckCache began are not this Cache's, and one that is on its way out after Close deserves a moment to finish.",
				`Principle P5 (seed 000, "test for leaks too"): the idiomatic tool is go.uber.org/goleak. One deferred line at the top of CheckCache, with goleak.IgnoreCurrent() evaluated before newCache, checks every Cache that ever runs it.`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "goleak.VerifyNone without IgnoreCurrent",
					Checker: "the test: a leak test that fails correct code gets switched off",
				},
				{
					Try:     "check leaks only, skip the behaviour checks",
					Checker: "the test: a leak test comes on top of the behaviour checks",
				},
			},
			Debrief: []string{
				"IgnoreCurrent judges only what the code under test started",
				"check after Close, and give a verdict in bounded (fake) time",
			},
		},
		Ja: Edition{
			Title:   "リークのテストを書く",
			Passage: "[5] goroutineリークもテストする: 既製のリークチェッカーを使うか、runtime.NumGoroutine() を自分で比べる",
			Goal:    "CheckCache は、Close の後に goroutine を動かしたままにする Cache をすべて不合格にし、正しい Cache は、プロセスで他に何が動いていても合格にする。",
			Hints: []string{
				"自分の CheckCache が合格にした既知の Cache を見よう。Close が return した後に何を動かしたままにしているか。CheckCache のどこがそれを見ているか。",
				"newCache の前と Close の後の goroutine を比べる。CheckCache が始まる前から動いていた goroutine はこの Cache のものではない。Close の後に終わりかけている goroutine には、終わるまで少し時間をあげよう。",
				"原則 P5(seed 000、「goroutineリークもテストする」): 定番のツールは go.uber.org/goleak だ。CheckCache の先頭に defer する 1 行を書き、goleak.IgnoreCurrent() を newCache の前に評価すれば、それを実行するすべての Cache を検査できる。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "IgnoreCurrent なしの goleak.VerifyNone",
					Checker: "テスト: 正しいコードで失敗するリークのテストは、いずれ無効にされる",
				},
				{
					Try:     "リークだけを確かめ、振る舞いの確認を省く",
					Checker: "テスト: リークのテストは振る舞いの確認に上乗せするもの",
				},
			},
			Debrief: []string{
				"IgnoreCurrent なら、テスト対象のコードが起動したものだけを判定できる",
				"Close の後に確かめ、上限のある(偽の)時間で判定を出す",
			},
		},
	})
}
