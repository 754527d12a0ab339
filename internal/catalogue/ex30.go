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
			Hints: []string{
				"The goroutine in the report is stuck on a send, one service is missing from the result and another shows up when it should be down. Count the values one goroutine sends when its probe fails.",
				"The reader takes exactly one value per service. A buffered channel lets the extra send through, but the reader still gets two answers for one service and none for another.",
				"Principle S1 (Uber's DoubleSend): return right after the error send; better, compute the Status in a function that returns it, and send its result in one place. A WaitGroup filling statuses[i] needs no channel at all.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a buffered channel, make(chan Status, len(services))",
					Checker: "failing: one status per service, in the order given: a service shown up when its probe failed, or missing, means that a probe's goroutine sent more than one Status",
				},
			},
			Debrief: []string{
				"count the sends on every path against the receives: an error path without return sends twice",
				"compute the Status in a function that returns it and send it in one place; a WaitGroup filling statuses[i] needs no channel at all",
			},
		},
		Ja: Edition{
			Title:   "二度答えたヘルスチェック",
			Passage: "DoubleSend、Uber のリークパターンの一つ: エラー経路が結果を送り、return がないまま、一度しか受信しない読み手へもう一度送る",
			Goal:    "Check はサービスごとに一つの Status を与えられた順で、最も遅いプローブが答えたその瞬間に返し、どのプローブが失敗しても goroutine を残さない。",
			Hints: []string{
				"レポートの goroutine は送信で止まっていて、結果からはサービスが一つ消え、別のサービスは落ちているはずなのに up と表示されている。プローブが失敗したとき、一つの goroutine はいくつの値を送っているか。",
				"読み手はサービスごとにちょうど一つの値を受け取る。channel をバッファ付きにすれば余分な送信は通るが、読み手は相変わらず一つのサービスについて二つの答えを受け取り、別のサービスの答えを受け取らない。",
				"原則 S1(Uber の DoubleSend): エラーを送ったらすぐに return する。さらに良いのは、Status を返す関数で計算し、その結果を一箇所で送ること。WaitGroup で statuses[i] を埋めれば channel はまったく要らない。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "バッファ付き channel、make(chan Status, len(services))",
					Checker: `失敗: "one status per service, in the order given: a service shown up when its probe failed, or missing, means that a probe's goroutine sent more than one Status"`,
				},
			},
			Debrief: []string{
				"すべての経路で送信の数を受信の数と比べる: return のないエラー経路は 2 回送る",
				"Status は値を返す関数で計算し、1 か所で送る。statuses[i] を埋める WaitGroup なら channel は要らない",
			},
		},
	})
}
