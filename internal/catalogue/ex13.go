package catalogue

// Exercise 13: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    13,
		Dir:       "13_http_body_not_closed",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   10,
		Solution:  []Excerpt{{"pricing.go", `/^\tresp, err := c.HTTP.Do/,/^}/`}},

		En: Edition{
			Title:   "The response body nobody closed",
			Passage: "[2] Leaving a goroutine's end to another function's Close() is a danger sign: the transport's goroutines for a connection end only when the caller closes the response body",
			Goal:    "No call to Price, failed or not, leaves a transport goroutine behind or a response body unclosed, and successful calls keep reusing one connection.",
			Hints: []string{
				"Read the goleak report: net/http.(*persistConn).readLoop and writeLoop belong to one connection each. What are they waiting for, and which path of Price never gives it to them?",
				"A response holds its connection until its body is closed. CloseIdleConnections does not touch a connection still in use, a client Timeout frees it only when it fires, long after Price returned, and reading the body to the end without closing it breaks the contract of http.Response: the test counts the Close calls.",
				"Principle P2 (seed 000, [2]: whoever gets the Close() must call it, on every path): defer resp.Body.Close() right after the error check of Do. Optionally, read what is left of an error body (bounded, io.Copy(io.Discard, io.LimitReader(...))) before closing it, so that its connection goes back to the pool instead of being closed.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "defer resp.Body.Close() before the status check, without reading the body",
					Checker: "failing: 8 calls opened 5 connections: closing a body that was not read to the end closes its connection",
				},
			},
			Debrief: []string{
				"defer resp.Body.Close() right after the error check, on every status",
				"io.Copy(io.Discard, resp.Body) keeps the connection alive for the next call",
			},
		},
		Ja: Edition{
			Title:   "誰も閉じなかったレスポンスボディ",
			Passage: "[2] goroutine の終了を別の関数の Close() に委ねるのは危険な兆候: コネクションごとの transport の goroutine は、呼び出し側がレスポンスボディを閉じて初めて終わる",
			Goal:    "Price の呼び出しは、失敗してもしなくても transport の goroutine も閉じていないレスポンスボディも残さず、成功した呼び出しは 1 本のコネクションを使い回し続ける。",
			Hints: []string{
				"goleak のレポートを読もう。net/http.(*persistConn).readLoop と writeLoop はコネクション 1 本につき 1 つずつある。何を待っているのか。Price のどの経路がそれを与えていないか。",
				"レスポンスはボディが閉じられるまでコネクションを握っている。CloseIdleConnections は使用中のコネクションには触れない。クライアントの Timeout は発火したときに解放するだけで、それは Price が return したずっと後になる。ボディを最後まで読んでも閉じなければ http.Response の約束を破ることになる。テストは Close の呼び出し回数を数えている。",
				"原則 P2(seed 000、[2]: Close() を受け取った者が、すべての経路でそれを呼ぶ): Do のエラーチェックの直後に defer resp.Body.Close() を書く。さらに、閉じる前にエラーボディの残りを上限付きで読み捨てれば(io.Copy(io.Discard, io.LimitReader(...)))、コネクションは閉じられずにプールに戻る。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ボディを読まずに、ステータスの確認の前で defer resp.Body.Close() する",
					Checker: `失敗: "8 calls opened 5 connections": 最後まで読んでいないボディを閉じると、その接続も閉じられる`,
				},
			},
			Debrief: []string{
				"エラーの確認の直後に defer resp.Body.Close()、どのステータスでも",
				"io.Copy(io.Discard, resp.Body) で、接続が次の呼び出しのために生き続ける",
			},
		},
	})
}
