package catalogue

// Exercise 09: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    9,
		Dir:       "09_trust_your_ctx",
		Seed:      Seed000,
		Principle: "C1",
		Minutes:   15,
		Solution:  []Excerpt{{"prefetch.go", `/^func fetch/,/^}/`}},

		En: Edition{
			Title:   "Trust your own ctx",
			Passage: "Don't trust context.DeadlineExceeded or context.Canceled from the wild: err == context.Canceled does not mean your ctx was cancelled; ask your own ctx.Err()",
			Goal:    "FetchAll reports the caller's cancellation or deadline only when the caller's ctx ended, retries the store's own failures and reports them (still matchable with errors.Is, except the store's bare context errors), and leaves no fetch running.",
			Clauses: []string{
				"While the caller's ctx lasts, FetchAll gets every key at once and returns every value; a Get that fails, whatever its error (the store's bare context errors included), is tried again 200ms later, up to 3 attempts per key.",
				"A key that fails 3 times makes FetchAll return an error that names the key and says the store's last error, in which errors.Is finds that error unless it is a context error.",
				"FetchAll's error matches context.Canceled or context.DeadlineExceeded only if the caller's ctx ended before FetchAll had its answer (every value, or a key that failed 3 times), and then it matches what ctx.Err() matches, not the other.",
				"Once the caller's ctx has ended or a key has failed 3 times, FetchAll tries no key again and returns as soon as the Gets in flight have returned.",
				"When FetchAll returns, no Get and no goroutine it started is still running.",
			},
			Hints: []string{
				"Read the failures: the caller never cancelled, yet FetchAll returned a context error, and goroutines it started were still running when it returned. Where are they stuck, and why did nobody read their results?",
				"A context error returned by the store may be the store's own timeout. Which value can tell you for certain whether your caller gave up? And when you wrap the store's last error: %w keeps errors.Is working for it, %v keeps only its text; the store's context errors need the second, its other errors the first.",
				`Principle C1 (seed 000, "don't trust DeadlineExceeded/Canceled from the wild"): decide with ctx.Err(), never with the callee's error; wrap the store's errors so they cannot pass for the caller's; let golang.org/x/sync/errgroup own the fetches so none outlives FetchAll.`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "end the leak with an errgroup, but keep deciding from the store's error (errors.Is(err, context.Canceled)) that the caller gave up",
					Checker: `failing: goal clause 1 not met; observed: the caller's ctx was live and every key had a value; FetchAll returned the error "get \"user/7\": context deadline exceeded"`,
				},
				{
					Try:     "wrap the store's last error with %w whatever it is",
					Checker: `failing: goal clause 3 not met; observed: the caller's ctx was live; FetchAll returned "get \"user/13\": 3 attempts failed, last: context deadline exceeded", which matches context deadline exceeded`,
				},
				{
					Try:     "time.Sleep for the pause between attempts",
					Checker: "failing: goal clause 4 not met; observed: the caller's ctx ended at 1.1s and the Gets in flight had returned at 1.101s; FetchAll returned at 1.2s",
				},
				{
					Try:     "a plain errgroup.Group (no WithContext): every fetch has the caller's ctx already",
					Checker: "failing: goal clause 4 not met; observed: key user/13 failed for the third time at 1.9s; FetchAll returned at 3s",
				},
				{
					Try:     "return as soon as the caller's ctx is done, leaving the fetches to notice it by themselves",
					Checker: "leaking: goal clause 5 not met; observed: 50 Get(s) still running when FetchAll returned",
				},
			},
			Debrief: []string{
				"only your own ctx.Err() says the caller gave up: a callee's context error may be its own timeout",
				"keep the store's errors matchable (%w), but turn its bare context errors into text (%v), or they pass for your caller's",
				"a pause is a select on a timer and ctx.Done()",
				"errgroup.WithContext: the first error cancels the rest, and Wait returns only once every fetch has; so after a cancel FetchAll returns when the requests in flight have answered, not before: returning earlier would leave them running",
			},
		},
		Ja: Edition{
			Title:   "自分の ctx を信じる",
			Passage: "「野生のcontext.DeadlineExceededやcontext.Canceledを信頼して失敗する」: err == context.Canceled だからといって自分の ctx がキャンセルされたとは限らない。自分の ctx.Err() に聞く",
			Goal:    "FetchAll は呼び出し側の ctx が終わったときに限ってキャンセルや deadline を報告し、ストア自身の失敗はリトライしたうえで報告し(ストアの素の context エラーを除き errors.Is で判別できるまま)、fetch をひとつも置き去りにしない。",
			Clauses: []string{
				"呼び出し側の ctx が続いている間、FetchAll はすべてのキーを同時に取得して、すべての値を返します。失敗した Get は、エラーが何であっても(ストアの素の context エラーも含めて)200ms 後にもう一度試し、1 つのキーにつき最大 3 回まで試みます。",
				"3 回とも失敗したキーがあると、FetchAll はそのキーの名前とストアの最後のエラーの内容を含むエラーを返します。ストアの最後のエラーは、context のエラーでない限り、errors.Is でそのエラーの中に見つかります。",
				"FetchAll のエラーが context.Canceled か context.DeadlineExceeded にマッチするのは、FetchAll が答え(すべての値、または 3 回失敗したキー)を得る前に呼び出し側の ctx が終わった場合だけです。そのときは ctx.Err() と同じほうにだけマッチします。",
				"呼び出し側の ctx が終わるか、あるキーが 3 回失敗したら、FetchAll はどのキーも再試行せず、処理中の Get がすべて戻りしだい return します。",
				"FetchAll が return した時点で、それが始めた Get も goroutine もひとつも動いていません。",
			},
			Hints: []string{
				"失敗内容を読みましょう。呼び出し側はキャンセルしていないのに FetchAll は context のエラーを返し、return した時点でそれが始めた goroutine がまだ動いています。どこで止まっているでしょうか。なぜ誰も結果を読まなかったのでしょうか。",
				"ストアが返した context のエラーは、ストア自身のタイムアウトかもしれません。呼び出し側が諦めたかどうかを確実に教えてくれる値はどれでしょうか。ストアの最後のエラーをラップするとき、%w なら errors.Is が効き続け、%v なら文面だけが残ります。ストアの context エラーには後者、それ以外のエラーには前者が必要です。",
				"原則 C1(seed 000、「野生の DeadlineExceeded/Canceled を信頼しない」): 判断は呼び出し先のエラーではなく ctx.Err() で行います。ストアのエラーは呼び出し側のものと紛れないようにラップし、fetch の管理は golang.org/x/sync/errgroup に任せて、FetchAll より長生きするものを残さないようにします。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "errgroup でリークは止めたが、呼び出し側が諦めたかどうかはストアのエラー(errors.Is(err, context.Canceled))で判断したまま",
					Checker: `failing: ゴールの条項 1 が満たされていません。観測: 呼び出し側の ctx は生きていて、すべてのキーに値がありましたが、FetchAll はエラー "get \"user/7\": context deadline exceeded" を返しました`,
				},
				{
					Try:     "ストアの最後のエラーを、何であれ %w でラップする",
					Checker: `failing: ゴールの条項 3 が満たされていません。観測: 呼び出し側の ctx は生きていましたが、FetchAll は "get \"user/13\": 3 attempts failed, last: context deadline exceeded" を返し、これは context deadline exceeded にマッチします`,
				},
				{
					Try:     "試行の間の待ちに time.Sleep を使う",
					Checker: "failing: ゴールの条項 4 が満たされていません。観測: 呼び出し側の ctx は 1.1s に終わり、処理中の Get は 1.101s に戻りましたが、FetchAll が return したのは 1.2s でした",
				},
				{
					Try:     "WithContext なしの素の errgroup.Group を使う(どの fetch も呼び出し側の ctx を持っているから)",
					Checker: "failing: ゴールの条項 4 が満たされていません。観測: キー user/13 は 1.9s に 3 回目の失敗をしましたが、FetchAll が return したのは 3s でした",
				},
				{
					Try:     "呼び出し側の ctx が終わったらすぐ return し、fetch には自分で気づいて終わってもらう",
					Checker: "leaking: ゴールの条項 5 が満たされていません。観測: FetchAll が return した時点で、Get が 50 個まだ動いていました",
				},
			},
			Debrief: []string{
				"呼び出し側が諦めたと言えるのは、自分の ctx.Err() だけ。呼び出し先の context エラーは、呼び出し先自身のタイムアウトかもしれない",
				"ストアのエラーは %w で判別できるまま残し、ストアの素の context エラーだけは文面(%v)にする。そうしないと呼び出し側のキャンセルと見分けられない",
				"待ちは、タイマーと ctx.Done() の select",
				"errgroup.WithContext: 最初のエラーが残りをキャンセルし、Wait はすべての fetch が戻るまで戻らない。だからキャンセルのあと FetchAll が return するのは処理中のリクエストが答えたときで、それより前ではない。先に戻れば、それらを動かしたまま置き去りにする",
			},
		},
		Messages: map[string]string{
			"FetchAll had not returned %v after it was called":                                                "FetchAll は呼び出されてから %v たっても return していませんでした",
			"%d Get(s) still running when FetchAll returned":                                                  "FetchAll が return した時点で、Get が %d 個まだ動いていました",
			"the caller's ctx was live and every key had a value; FetchAll returned the error %q":             "呼び出し側の ctx は生きていて、すべてのキーに値がありましたが、FetchAll はエラー %q を返しました",
			"FetchAll returned %d values for %d keys":                                                         "FetchAll は %[2]d 個のキーに対して %[1]d 個の値を返しました",
			"FetchAll returned %q for key %s":                                                                 "FetchAll はキー %[2]s の値として %[1]q を返しました",
			"each Get takes %v; FetchAll returned after %v":                                                   "Get は 1 回 %v かかりますが、FetchAll が return したのは %v 後でした",
			"key %s, answered at the first attempt, was tried %d times":                                       "キー %s は 1 回目で答えが返りましたが、%d 回試されました",
			"key %s failed %d time(s) with %q, then would have answered; it was tried %d time(s)":             "キー %s は %d 回 %q で失敗し、その次には答えが返るはずでしたが、試されたのは %d 回でした",
			"attempt %d at key %s began %v after attempt %d failed":                                           "キー %[2]s の %[1]d 回目の試行は、%[4]d 回目の失敗の %[3]v 後に始まりました",
			"FetchAll returned after %v; the last Get answered after %v":                                      "FetchAll が return したのは %v 後で、最後の Get が答えたのは %v 後でした",
			"key %s kept failing; it was tried %d time(s)":                                                    "キー %s は失敗し続けましたが、試されたのは %d 回でした",
			"key %s failed for the third time at %v; FetchAll returned at %v":                                 "キー %s は %v に 3 回目の失敗をしましたが、FetchAll が return したのは %v でした",
			"%d attempt(s) began after key %s failed for the third time":                                      "キー %[2]s の 3 回目の失敗のあとに、試行が %[1]d 回始まりました",
			"key %s failed every attempt; FetchAll returned no error":                                         "キー %s はすべての試行で失敗しましたが、FetchAll はエラーを返しませんでした",
			"the caller's ctx was live; FetchAll returned %q, which matches %v":                               "呼び出し側の ctx は生きていましたが、FetchAll は %q を返し、これは %v にマッチします",
			"FetchAll returned %q for key %s whose store error was %q":                                        "ストアのエラーが %[3]q だったキー %[2]s について、FetchAll は %[1]q を返しました",
			"FetchAll returned %q, in which errors.Is does not find the store's error %q":                     "FetchAll は %q を返しましたが、その中に errors.Is でストアのエラー %q が見つかりません",
			"the caller's ctx ended at %v and the Gets in flight had returned at %v; FetchAll returned at %v": "呼び出し側の ctx は %v に終わり、処理中の Get は %v に戻りましたが、FetchAll が return したのは %v でした",
			"%d key(s) were tried again after the caller's ctx ended at %v":                                   "呼び出し側の ctx が %[2]v に終わったあとで、%[1]d 個のキーが再試行されました",
			"the caller's ctx ended with %q before every value was in; FetchAll returned no error":            "呼び出し側の ctx はすべての値がそろう前に %q で終わりましたが、FetchAll はエラーを返しませんでした",
			"the caller's ctx ended with %q; FetchAll returned %q, which does not match it":                   "呼び出し側の ctx は %q で終わりましたが、FetchAll はそれにマッチしない %q を返しました",
			"the caller's ctx ended with %q; FetchAll returned %q, which matches %v":                          "呼び出し側の ctx は %q で終わりましたが、FetchAll は %q を返し、これは %v にマッチします",
			"key %s failed for good at %v, the Gets in flight had returned at %v; FetchAll returned at %v":    "キー %s は %v に最終的に失敗し、処理中の Get は %v に戻りましたが、FetchAll が return したのは %v でした",
			"round %d: %d Get(s) still running when FetchAll returned":                                        "%d 回目: FetchAll が return した時点で、Get が %d 個まだ動いていました",
			"round %d: FetchAll returned no error and %d values for %d keys":                                  "%d 回目: FetchAll はエラーを返さず、%[3]d 個のキーに対して %[2]d 個の値を返しました",
			"round %d: the store never failed and the caller's ctx was live; FetchAll returned %q":            "%d 回目: ストアは一度も失敗せず、呼び出し側の ctx も生きていましたが、FetchAll は %q を返しました",
			"round %d: the caller cancelled; FetchAll returned %q, which does not match context.Canceled":     "%d 回目: 呼び出し側がキャンセルし、FetchAll は context.Canceled にマッチしない %q を返しました",
			"round %d: %d Get(s) began after FetchAll returned":                                               "%d 回目: FetchAll が return したあとで、Get が %d 個始まりました",
		},
	})
}
