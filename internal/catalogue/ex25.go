package catalogue

// Exercise 25: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    25,
		Dir:       "25_meant_to_live",
		Seed:      Seed000,
		Principle: "P5",
		Minutes:   20,
		Solution:  []Excerpt{{"fxtest/fxtest.go", `/^func New/,/^}/`}},

		En: Edition{
			Title:   "The goroutine that is meant to live",
			Passage: "Principle 5, test for goroutine leaks too, with a ready-made leak checker; here, a worker that lives for the process, and who owns it",
			Goal:    "A converter refreshes its own feed's rates for as long as its caller says, the test that makes one with fxtest.New included, and leaves nothing running once that test ends; fx links no test library.",
			Clauses: []string{
				"Each converter refreshes its rates from its own feed every interval, while nobody converts too, and converts at the latest rates that feed gave; converters on different feeds, alive at once, each keep their own.",
				"A conversion never waits for the feed: before the first rates have come it fails at once with an error, and while a refresh hangs or fails, conversions go on at the last rates, while the converter's test ends and after it too.",
				"When the test that made a converter with fxtest.New ends, nothing the converter started is still running once the test's cleanups return, whatever its feed is doing: a refresh under way is cancelled, or waited for if it ignores the cancel.",
				"Importing fx links no test library into the program: goleak and the testing packages stay in test code and in fxtest.",
			},
			Hints: []string{
				"Read the report: the refresher outlives the test that made the converter. Is it meant to? Who decides how long it lives: the package, or the program that uses it? And what can a test do with one table per process?",
				"An option that tells goleak to ignore the refresher hides it in every test of every importer, and puts goleak into every program that imports fx. Give the refresher an owner instead: a Converter that its caller runs (Run(ctx), which returns when ctx is done) or closes (New starts it, Close ends it and waits). Then fxtest.New ends it with the test, in t.Cleanup, and waits for it.",
				"Principle P5 (seed 000, test for leaks too), with P2 behind it: a goroutine meant to live as long as the service is still owned by the service's main, never by a package. Make the rates a Converter with Run(ctx) (or New and Close); fxtest.New starts it and registers a cleanup that cancels it and waits for Run to return; nothing in fx imports goleak.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "keep the package's refresher and move LeakOptions into fxtest (or ask goleak to ignore it some other way)",
					Checker: "leaking: goal clause 3 not met, observed: 1 goroutine(s) started by the code under test still running when the test that made the converter ended, and its cleanups returned",
				},
				{
					Try:     "a package-level Run(ctx) or Stop that fxtest calls, with the one table per process",
					Checker: "failing: goal clause 1 not met, observed: a := fxtest.New(t, feedA /* USD 1.08 */, time.Minute); b := fxtest.New(t, feedB /* USD 1.50 */, time.Minute); // a; c.Convert(100, \"EUR\", \"USD\") = 150, not 108",
				},
				{
					Try:     "cancel the converter in the test's cleanup without waiting for it, or a Close that sets a flag the loop reads after its sleep",
					Checker: "leaking: goal clause 3 not met, observed: 1 goroutine(s) started by the code under test still running when the test that made the converter ended (a refresh deaf to the cancel)",
				},
				{
					Try:     "give each refresh a timeout of its own, not the ctx Run was given",
					Checker: "failing: goal clause 3 not met, observed: the test's cleanups returned 30s after the test ended, not 0s (a refresh hung until cancelled)",
				},
				{
					Try:     "fetch with Run's ctx and no bound of the refresh's own",
					Checker: "failing: goal clause 1 not met, observed: c := fxtest.New(t, feed /* the second call hangs */, time.Minute); time.Sleep(4*time.Minute + time.Second): the feed was asked for rates 2 times",
				},
				{
					Try:     "fetch the rates under the write lock",
					Checker: "failing: goal clause 2 not met, observed: the last call of c := fxtest.New(t, feed, 5*time.Millisecond); // the feed hangs; c.Convert(100, \"EUR\", \"USD\") had not returned 500ms after it was called",
				},
				{
					Try:     "keep LeakOptions in fx for the importers, or skip the refresher when testing.Testing()",
					Checker: "failing: goal clause 4 not met, observed: fx.go imports \"go.uber.org/goleak\"",
				},
			},
			Debrief: []string{
				"\"meant to live for the process\" still has an owner: the service's main, which runs it under the ctx that ends at shutdown; a package that starts a goroutine for the process takes that decision from every caller, tests included",
				"the test-side half lives beside the library, as httptest does beside net/http: fxtest.New ends the converter in t.Cleanup and waits for it, so an importer's test needs goleak with no option at all",
				"a goleak option in production code links a test library into every program, and an ignore hides the goroutine from every importer's tests; keep options for goroutines you do not own (a library's worker), in your test code (TestMain), and name them by function",
				"register the leak check before the helper (t.Cleanup runs last registered first), or use goleak.VerifyTestMain: a deferred VerifyNone runs before the test's cleanups",
			},
		},
		Ja: Edition{
			Title:   "生き続けるはずの goroutine",
			Passage: "心得 5「goroutine リークもテストする」: 既製のリークチェッカーを使う。ここでは、プロセスと同じだけ生きる worker と、その持ち主",
			Goal:    "コンバーターは、fxtest.New で作るテストも含めて呼び出し側が決める間だけ自分のフィードのレートを更新し、そのテストが終わったら何も動いたままにしない。fx はテスト用のライブラリをリンクしない。",
			Clauses: []string{
				"コンバーターはそれぞれ自分のフィードから一定間隔でレートを更新し(誰も換算していなくても)、そのフィードが最後に返したレートで換算する。別々のフィードのコンバーターが同時に生きていても、それぞれ自分のレートを保つ。",
				"換算はフィードを待たない: 最初のレートが届く前はすぐにエラーで失敗し、更新がハングしたり失敗したりしている間は、コンバーターのテストが終わる最中もその後も、最後のレートで換算を続ける。",
				"fxtest.New でコンバーターを作ったテストが終わると、テストのクリーンアップが戻った時点で、フィードが何をしていても、コンバーターが始めたものは何も動いていない: 実行中の更新はキャンセルされるか、キャンセルを聞かないなら待たれる。",
				"fx を import してもプログラムにテスト用のライブラリはリンクされない: goleak と testing パッケージはテストコードと fxtest の中にとどまる。",
			},
			Hints: []string{
				"レポートを読んでください: refresher はコンバーターを作ったテストより長生きしています。そのはずでしょうか。それがいつまで生きるかを決めるのは誰でしょうか。パッケージか、それを使うプログラムか。そして、プロセスに一つしかないレート表で、テストに何ができるでしょうか。",
				"goleak に refresher を無視させるオプションは、すべての利用者のすべてのテストからそれを隠し、fx を import するすべてのプログラムに goleak を持ち込みます。代わりに refresher に持ち主を与えてください: 呼び出し側が走らせる(ctx が終わると戻る Run(ctx))か、閉じる(New が始め、Close が終わらせて待つ)Converter です。そうすれば fxtest.New は t.Cleanup でテストと一緒にそれを終わらせ、待つことができます。",
				"心得 P5(seed 000「goroutine リークもテストする」)、その裏に P2: サービスと同じだけ生きるはずの goroutine も、持ち主はサービスの main であって、パッケージではありません。レートを Run(ctx)(または New と Close)を持つ Converter にし、fxtest.New はそれを始めて、キャンセルして Run が戻るのを待つクリーンアップを登録します。fx のどこも goleak を import しません。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "パッケージの refresher はそのままにして、LeakOptions を fxtest に移す(あるいは別の方法で goleak に無視させる)",
					Checker: "リークあり: ゴールの条件 3 を満たしていません。観測: コンバーターを作ったテストが終わり、そのクリーンアップが戻った時点で、テスト対象のコードが始めた goroutine が 1 つまだ動いていました",
				},
				{
					Try:     "プロセスに一つのレート表のまま、fxtest が呼ぶパッケージレベルの Run(ctx) や Stop を作る",
					Checker: "失敗: ゴールの条件 1 を満たしていません。観測: feedA(USD 1.08)と feedB(USD 1.50)のコンバーターを作った後、a の c.Convert(100, \"EUR\", \"USD\") が 150 で、108 ではありませんでした",
				},
				{
					Try:     "テストのクリーンアップでコンバーターをキャンセルするが待たない、またはループが sleep の後に読むフラグを立てるだけの Close",
					Checker: "リークあり: ゴールの条件 3 を満たしていません。観測: コンバーターを作ったテストが終わった時点で、テスト対象のコードが始めた goroutine が 1 つまだ動いていました(キャンセルを聞かない更新)",
				},
				{
					Try:     "更新ごとに Run が受け取った ctx ではなく独自のタイムアウトをつける",
					Checker: "失敗: ゴールの条件 3 を満たしていません。観測: テストのクリーンアップが戻ったのはテストの終わりの 30s 後で、0s 後ではありませんでした(キャンセルされるまでハングする更新)",
				},
				{
					Try:     "Run の ctx だけで取得し、更新ごとの上限をつけない",
					Checker: "失敗: ゴールの条件 1 を満たしていません。観測: 2 回目の呼び出しがハングするフィードで、4 分 1 秒の間にフィードがレートを求められたのは 2 回でした",
				},
				{
					Try:     "書き込みロックを握ったままレートを取得する",
					Checker: "失敗: ゴールの条件 2 を満たしていません。観測: フィードがハングしている間の c.Convert(100, \"EUR\", \"USD\") が、呼び出しから 500ms たっても戻りませんでした",
				},
				{
					Try:     "利用者のために LeakOptions を fx に残す、または testing.Testing() のときは refresher を始めない",
					Checker: "失敗: ゴールの条件 4 を満たしていません。観測: fx.go は \"go.uber.org/goleak\" を import しています",
				},
			},
			Debrief: []string{
				"「プロセスと同じだけ生きる」goroutine にも持ち主がいます: シャットダウンで終わる ctx の下でそれを走らせるサービスの main です。プロセスのために goroutine を始めるパッケージは、テストも含めたすべての呼び出し側からその決定を奪います",
				"テスト側の半分は、net/http の横の httptest のようにライブラリの横に置きます: fxtest.New は t.Cleanup でコンバーターを終わらせて待つので、利用者のテストはオプションなしの goleak で済みます",
				"本番コードの goleak オプションはテスト用ライブラリをすべてのプログラムにリンクし、無視の指定はその goroutine をすべての利用者のテストから隠します。オプションは自分が持ち主でない goroutine(ライブラリの worker)のために、テストコード(TestMain)の中で、関数名で指定して使います",
				"リークの検査はヘルパーより先に登録します(t.Cleanup は後に登録したものから実行されます)。あるいは goleak.VerifyTestMain を使います: defer した VerifyNone はテストのクリーンアップより前に実行されます",
			},
		},

		Messages: map[string]string{
			"%s: the feed was asked for rates %d times": "%s: フィードがレートを求められたのは %d 回でした",
			"%s imports %q": "%s は %q を import しています",
			"%s: c.Convert(100, \"EUR\", \"USD\") still returned %v a second later":                            "%s: 1 秒後も c.Convert(100, \"EUR\", \"USD\") は %v を返していました",
			"%s: the feed was not asked for rates in the second after it began to hang":                        "%s: フィードはハングし始めてから 1 秒の間、レートを求められませんでした",
			"%s; // the test ended: its cleanups had not returned a second after the refresh did":              "%s; // テストが終わった: 更新が戻ってから 1 秒たっても、テストのクリーンアップが戻りませんでした",
			"%s; c.Convert(100, \"EUR\", \"USD\")":                                                             "%s; c.Convert(100, \"EUR\", \"USD\") の結果",
			"%s; c.Convert(100, \"EUR\", \"USD\") = %v, not %v":                                                "%s; c.Convert(100, \"EUR\", \"USD\") が %v で、%v ではありませんでした",
			"%s; c.Convert(100, \"EUR\", \"USD\") = %v, not 108":                                               "%s; c.Convert(100, \"EUR\", \"USD\") が %v で、108 ではありませんでした",
			"before the first rates, c.Convert(100, \"EUR\", \"USD\") returned %v after %v":                    "最初のレートが届く前、c.Convert(100, \"EUR\", \"USD\") は %[2]v 後に %[1]v を返しました",
			"c.Convert(1, \"EUR\", \"XTS\")":                                                                   "c.Convert(1, \"EUR\", \"XTS\") の結果",
			"c.Convert(100, \"EUR\", \"USD\") returned %v after it was called":                                 "c.Convert(100, \"EUR\", \"USD\") が戻ったのは呼び出しの %v 後でした",
			"c.Convert(16000, \"JPY\", \"EUR\") = %v, not 100":                                                 "c.Convert(16000, \"JPY\", \"EUR\") が %v で、100 ではありませんでした",
			"round %d: c.Convert(100, \"EUR\", \"USD\") racing the end of the test":                            "round %d: テストの終わりと競わせた c.Convert(100, \"EUR\", \"USD\")",
			"the feed was asked for rates %d times in the 10m1.011s after fxtest.New, refreshing every minute": "1 分ごとに更新するなかで、fxtest.New から 10m1.011s の間にフィードがレートを求められたのは %d 回でした",
			"the last call of %s had not returned %v after it was called":                                      "%s の最後の呼び出しが、呼び出しから %v たっても戻りませんでした",
			"the test's cleanups returned %v after the test ended, not %v":                                     "テストのクリーンアップが戻ったのはテストの終わりの %v 後で、%v 後ではありませんでした",
			"the package's files could not be listed: %v":                                                      "パッケージのファイルを一覧できませんでした: %v",
		},
	})
}
