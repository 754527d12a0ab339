package catalogue

// Exercise 30: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    30,
		Dir:       "30_double_send",
		Seed:      SourceLeakProf,
		Principle: "S1",
		Minutes:   10,
		Solution:  []Excerpt{{"status.go", `/^func check/,/^}/`}},

		En: Edition{
			Title:   "The health check that answered twice",
			Passage: "DoubleSend, one of Uber's leak patterns: an error path sends its result, has no return, and sends again to a reader that receives once",
			Goal:    "Check returns one Status per service, in the order given, the moment the slowest probe has answered, and leaves no goroutine behind, whichever probes fail.",
			Clauses: []string{
				"Check returns exactly one Status per service, in the order given: up with the time its probe took when the probe returned nil, down with the probe's error (errors.Is matches it) when it failed.",
				"Check returns the moment the slowest probe has answered, however long that takes: one probe's failure cuts no other short, and once ctx is done Check returns as soon as every probe has returned.",
				"When Check returns, nothing it started is still running, whichever probes fail, however many answer at the same moment, and whatever ctx does.",
			},
			Hints: []string{
				"The goroutine in the report is stuck on a send, one service is missing from the result and another shows up when it should be down. Count the values one goroutine sends when its probe fails.",
				"The reader takes exactly one value per service. A buffered channel lets the extra send through, but the reader still gets two answers for one service and none for another; a reader that keeps the first answer per service leaves the second send blocked. Check must also wait for every probe, the slowest included, and leave none running.",
				"Principle S1 (Uber's DoubleSend): return right after the error send; better, compute the Status in a function that returns it, and send its result in one place. A WaitGroup filling statuses[i] needs no channel at all.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a buffered channel, make(chan Status, len(services))",
					Checker: "leaking: goal clause 3 not met, observed: 1 goroutine(s) started by the code under test still running when Check(ctx, probe, [auth billing search mail]) // billing and search down returned (and clause 1: two answers for billing, none for search)",
				},
				{
					Try:     "a reader that keeps the first answer for each service",
					Checker: "leaking: goal clause 3 not met, observed: 1 goroutine(s) started by the code under test still running when Check(…) returned",
				},
				{
					Try:     "errgroup.WithContext, returning the probe's error from each goroutine",
					Checker: "failing: goal clause 1 not met, observed: the statuses Check(…) returned: got auth, search and mail down with context canceled, after billing failed",
				},
				{
					Try:     "stop waiting when ctx is done, showing the rest as down",
					Checker: "leaking: goal clause 3 not met, observed: 1 goroutine(s) started by the code under test still running when Check(ctx /* 5s */, probe, [auth search mail]) // search deaf to cancel returned",
				},
				{
					Try:     "a timeout of Check's own for every probe",
					Checker: "failing: goal clause 1 not met, observed: archive !Up Err=\"context deadline exceeded\", want archive Up Latency=1h0m0s",
				},
			},
			Debrief: []string{
				"count the sends on every path against the receives: an error path without return sends twice",
				"compute the Status in a function that returns it and send it in one place; a WaitGroup filling statuses[i] needs no channel at all",
				"a down service is an answer, not an error: errgroup.WithContext would cancel every other probe at the first one",
				"the caller's ctx decides how long the page waits; Check still waits for every probe it started, even one that ignores the cancel",
			},
		},
		Ja: Edition{
			Title:   "二度答えたヘルスチェック",
			Passage: "DoubleSend、Uber のリークパターンの一つ: エラー経路が結果を送り、return がないまま、一度しか受信しない読み手へもう一度送る",
			Goal:    "Check はサービスごとに一つの Status を与えられた順で、最も遅いプローブが答えたその瞬間に返し、どのプローブが失敗しても goroutine を残さない。",
			Clauses: []string{
				"Check はサービスごとにちょうど一つの Status を与えられた順で返す: プローブが nil を返したなら up でプローブにかかった時間つき、失敗したなら down でプローブのエラーつき(errors.Is で一致する)。",
				"Check は、どれだけかかっても、最も遅いプローブが答えたその瞬間に戻る: あるプローブの失敗が他を打ち切ることはなく、ctx が終わった後は、すべてのプローブが戻りしだい戻る。",
				"Check が戻った時点で、どのプローブが失敗しても、いくつのプローブが同時に答えても、ctx がどうなっても、Check が始めたものは何も動いていない。",
			},
			Hints: []string{
				"レポートの goroutine は送信で止まっていて、結果からはサービスが一つ消え、別のサービスは落ちているはずなのに up と表示されています。プローブが失敗したとき、一つの goroutine はいくつの値を送っているでしょうか。",
				"読み手はサービスごとにちょうど一つの値を受け取ります。channel をバッファ付きにすれば余分な送信は通りますが、読み手は相変わらず一つのサービスについて二つの答えを受け取り、別のサービスの答えを受け取りません。サービスごとに最初の答えだけを残す読み手では、二つ目の送信が止まったままです。Check は最も遅いものも含めてすべてのプローブを待ち、どれも動いたままにしてはいけません。",
				"原則 S1(Uber の DoubleSend): エラーを送ったらすぐに return します。さらに良いのは、Status を返す関数で計算し、その結果を一箇所で送ることです。WaitGroup で statuses[i] を埋めれば channel はまったく要りません。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "バッファ付き channel、make(chan Status, len(services))",
					Checker: "リークあり: ゴールの条件 3 を満たしていません。観測: Check(ctx, probe, [auth billing search mail]) // billing and search down が戻った時点で、テスト対象のコードが始めた goroutine が 1 つまだ動いていました(条件 1 も: billing に二つの答え、search には答えなし)",
				},
				{
					Try:     "サービスごとに最初の答えだけを残す読み手",
					Checker: "リークあり: ゴールの条件 3 を満たしていません。観測: Check(…) が戻った時点で、テスト対象のコードが始めた goroutine が 1 つまだ動いていました",
				},
				{
					Try:     "errgroup.WithContext を使い、各 goroutine からプローブのエラーを返す",
					Checker: "失敗: ゴールの条件 1 を満たしていません。観測: billing が失敗した後、auth、search、mail が context canceled で down になりました",
				},
				{
					Try:     "ctx が終わったら待つのをやめ、残りを down と表示する",
					Checker: "リークあり: ゴールの条件 3 を満たしていません。観測: Check(ctx /* 5s */, probe, [auth search mail]) // search deaf to cancel が戻った時点で、テスト対象のコードが始めた goroutine が 1 つまだ動いていました",
				},
				{
					Try:     "Check 独自のタイムアウトをプローブごとにつける",
					Checker: "失敗: ゴールの条件 1 を満たしていません。観測: archive !Up Err=\"context deadline exceeded\" で、期待は archive Up Latency=1h0m0s",
				},
			},
			Debrief: []string{
				"すべての経路で送信の数を受信の数と比べます: return のないエラー経路は 2 回送ります",
				"Status は値を返す関数で計算し、1 か所で送ります。statuses[i] を埋める WaitGroup なら channel は要りません",
				"落ちているサービスは答えであってエラーではありません: errgroup.WithContext は最初の一つで他のプローブをすべてキャンセルしてしまいます",
				"ページがどれだけ待つかは呼び出し側の ctx が決めます。それでも Check は、キャンセルを聞かないものも含めて、始めたプローブをすべて待ちます",
			},
		},

		Messages: map[string]string{
			"%s had not returned 24h after it was called":           "%s が呼び出しから 24h たっても戻りませんでした",
			"%s had not returned 2s after every probe answered":     "すべてのプローブが答えてから 2s たっても %s が戻りませんでした",
			"%s had not started every probe 2s after it was called": "%s は呼び出しから 2s たっても、すべてのプローブを始めていませんでした",
			"%s returned %v after it was called, not %v":            "%s が戻ったのは呼び出しの %v 後で、%v 後ではありませんでした",
			"%s showed %s":                  "%s の結果: %s",
			"how many statuses %s returned": "%s が返した Status の数",
			"the statuses %s returned":      "%s が返した Status",
		},
	})
}
