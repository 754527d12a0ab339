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
			Clauses: []string{
				"Price sends its request through Client.HTTP and returns the product's price on 200 OK, and a *StatusError with the SKU and the status code for any other status.",
				"When Price returns, whatever the answer, the response body is closed, and no goroutine of the transport is left holding a connection for it.",
				"Successful calls in a row reuse one kept-alive connection of the shared client, and Price leaves the client's other connections alone.",
				"Price reads no more of a body than it needs: an error page, or the rest of a 200 body after its JSON value, that stalls does not hold it.",
				"When the caller's ctx ends before Price has its answer, Price returns at once with an error matching ctx.Err().",
			},
			Hints: []string{
				"Read the goleak report: net/http.(*persistConn).readLoop and writeLoop belong to one connection each. What are they waiting for, and which path of Price never gives it to them?",
				"A response holds its connection until its body is closed. CloseIdleConnections does not touch a connection still in use, a client Timeout frees it only when it fires, long after Price returned, and reading the body to the end without closing it breaks the contract of http.Response: the test counts the Close calls.",
				"Principle P2 (seed 000, [2]: whoever gets the Close() must call it, on every path): defer resp.Body.Close() right after the error check of Do. Read no more of a body than you need: reading the rest of an error page keeps its connection for the next call, but it is a wait of its own, and a page that stalls turns it into a hang.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "read what is left of an error page (up to 64KB) before closing it, to keep its connection",
					Checker: `failing: goal clause 4 not met; observed: Price("SKU-STALLED-PAGE") had not returned 1s after it was called`,
				},
				{
					Try:     "drain and close the body in a goroutine, so that Price never waits for it",
					Checker: `failing: goal clause 2 not met; observed: Price("SKU-0") returned with 0 of its 1 response bodies closed`,
				},
				{
					Try:     "CloseIdleConnections on an error, the defer left after the status check",
					Checker: `leaking: goal clause 2 not met; observed: Price("SKU-HOT") returned with 0 of its 1 response bodies closed`,
				},
				{
					Try:     "req.Close = true, so that no connection is ever left open",
					Checker: "failing: goal clause 3 not met; observed: 20 successful calls in a row opened 20 connections",
				},
				{
					Try:     "send the request with context.WithoutCancel, since a price lookup is cheap",
					Checker: `failing: goal clause 5 not met; observed: Price("SKU-STALLED-HEAD") had not returned 1s after it was called`,
				},
			},
			Debrief: []string{
				"defer resp.Body.Close() right after the error check, on every status",
				"the solution does not drain an error page: draining keeps the connection, but it is a wait with no way out of its own, and a page that stalls half-way hangs Price; closing it unread only costs a new connection",
				"if you drain, bound it in bytes and in time (a timer that cancels the request's own ctx)",
				"the http.Client is shared: Price must not close its idle connections or turn keep-alive off",
			},
		},
		Ja: Edition{
			Title:   "誰も閉じなかったレスポンスボディ",
			Passage: "[2] goroutine の終了を別の関数の Close() に委ねるのは危険な兆候: コネクションごとの transport の goroutine は、呼び出し側がレスポンスボディを閉じて初めて終わる",
			Goal:    "Price の呼び出しは、失敗してもしなくても transport の goroutine も閉じていないレスポンスボディも残さず、成功した呼び出しは 1 本のコネクションを使い回し続ける。",
			Clauses: []string{
				"Price はリクエストを Client.HTTP で送り、200 OK なら商品の価格を、それ以外のステータスなら SKU とステータスコードを持つ *StatusError を返します。",
				"Price が return した時点で、答えが何であれ、レスポンスボディは閉じられていて、そのために接続を抱えたままのトランスポートの goroutine は残っていません。",
				"成功した呼び出しが続くかぎり、共有クライアントの keep-alive 接続をひとつ使い回し、クライアントのほかの接続には手を出しません。",
				"Price はボディを必要な分しか読みません。途中で止まったエラーページや、200 のボディのうち JSON の値のあとで止まった残りに、引き止められることはありません。",
				"Price が答えを得る前に呼び出し側の ctx が終わったら、Price はすぐに ctx.Err() にマッチするエラーを返します。",
			},
			Hints: []string{
				"goleak のレポートを読みましょう。net/http.(*persistConn).readLoop と writeLoop はコネクション 1 本につき 1 つずつあります。何を待っているのでしょうか。Price のどの経路がそれを与えていないでしょうか。",
				"レスポンスはボディが閉じられるまでコネクションを握っています。CloseIdleConnections は使用中のコネクションには触れません。クライアントの Timeout は発火したときに解放するだけで、それは Price が return したずっとあとになります。ボディを最後まで読んでも閉じなければ http.Response の約束を破ることになります。テストは Close の呼び出し回数を数えています。",
				"原則 P2(seed 000、[2]: Close() を受け取った者が、すべての経路でそれを呼ぶ): Do のエラーチェックの直後に defer resp.Body.Close() を書きます。ボディは必要な分しか読まないでください。エラーページの残りを読み捨てればコネクションを次の呼び出しに残せますが、それ自体が待ちであり、途中で止まったページはそれを終わらない待ちに変えます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "接続を残すため、閉じる前にエラーページの残りを(64KB まで)読み捨てる",
					Checker: `failing: ゴールの条項 4 が満たされていません。観測: Price("SKU-STALLED-PAGE") は呼び出されてから 1s たっても return していませんでした`,
				},
				{
					Try:     "Price が待たずにすむよう、ボディの読み捨てと Close を goroutine でする",
					Checker: `failing: ゴールの条項 2 が満たされていません。観測: Price("SKU-0") は、受け取った 1 個のレスポンスボディのうち 0 個しか閉じずに return しました`,
				},
				{
					Try:     "defer はステータス確認のあとのまま、エラーのときに CloseIdleConnections を呼ぶ",
					Checker: `leaking: ゴールの条項 2 が満たされていません。観測: Price("SKU-HOT") は、受け取った 1 個のレスポンスボディのうち 0 個しか閉じずに return しました`,
				},
				{
					Try:     "接続を開いたままにしないよう req.Close = true にする",
					Checker: "failing: ゴールの条項 3 が満たされていません。観測: 成功した 20 回の呼び出しで、接続が 20 本開かれました",
				},
				{
					Try:     "価格の問い合わせは軽いので、context.WithoutCancel でリクエストを送る",
					Checker: `failing: ゴールの条項 5 が満たされていません。観測: Price("SKU-STALLED-HEAD") は呼び出されてから 1s たっても return していませんでした`,
				},
			},
			Debrief: []string{
				"エラーの確認の直後に defer resp.Body.Close()、どのステータスでも",
				"解答はエラーページを読み捨てない。読み捨てれば接続は残るが、それ自体が逃げ道のない待ちで、途中で止まったページは Price を止めてしまう。読まずに閉じても、失うのは接続 1 本の張り直しだけ",
				"読み捨てるなら、バイト数と時間の両方に上限を付ける(リクエスト自身の ctx をキャンセルするタイマー)",
				"http.Client は共有されている。Price がそのアイドル接続を閉じたり、keep-alive を切ったりしてはならない",
			},
		},
		Messages: map[string]string{
			"Price(%q) had not returned %v after it was called":                                              "Price(%q) は呼び出されてから %v たっても return していませんでした",
			"Price(%q) returned with %d of its %d response bodies closed":                                    "Price(%q) は、受け取った %[3]d 個のレスポンスボディのうち %[2]d 個しか閉じずに return しました",
			"the service answered %d for %s; Price returned %v":                                              "サービスは %[2]s に %[1]d を返しましたが、Price が返したのは %[3]v でした",
			"the service answered %d for %s; Price's *StatusError has %d for %s":                             "サービスは %[2]s に %[1]d を返しましたが、Price の *StatusError は %[4]s に %[3]d を持っていました",
			"the service knows %s; Price returned %q":                                                        "サービスは %s を知っていますが、Price は %q を返しました",
			"the service answered %+v; Price returned %+v":                                                   "サービスは %+v を返しましたが、Price が返したのは %+v でした",
			"20 calls of Price sent %d requests through Client.HTTP":                                         "Price を 20 回呼んで、Client.HTTP を通ったリクエストは %d 個でした",
			"20 successful calls in a row opened %d connections":                                             "成功した 20 回の呼び出しで、接続が %d 本開かれました",
			"the other service: %v":                                                                          "もうひとつのサービス: %v",
			"two requests to another service, with calls of Price between them, opened %d connections to it": "間に Price の呼び出しをはさんだ、もうひとつのサービスへの 2 回のリクエストで、そのサービスへの接続が %d 本開かれました",
			"3 calls of Price sent %d requests through Client.HTTP":                                          "Price を 3 回呼んで、Client.HTTP を通ったリクエストは %d 個でした",
			"the service knows %s; Price returned %+v and %v":                                                "サービスは %s を知っていますが、Price は %+v と %v を返しました",
			"10 calls, 4 of them failed, opened %d connections":                                              "10 回の呼び出し(うち 4 回は失敗)で、接続が %d 本開かれました",
			"the service answered 200 with a body that is not a price; Price returned %+v and %v":            "サービスは価格ではないボディとともに 200 を返しましたが、Price は %+v と %v を返しました",
			"the service answered 4200 cents for %s; Price returned %+v and %v":                              "サービスは %s に 4200 セントと答えましたが、Price は %+v と %v を返しました",
			"the caller's ctx ended with %q; Price returned %v":                                              "呼び出し側の ctx は %q で終わりましたが、Price が返したのは %v でした",
			"the caller's ctx ended after %v; Price returned after %v":                                       "呼び出し側の ctx は %v 後に終わりましたが、Price が return したのは %v 後でした",
			"%d of 96 concurrent calls of Price had not returned %v after they were called":                  "同時に呼んだ 96 回の Price のうち %d 回が、呼び出されてから %v たっても return していませんでした",
			"96 concurrent calls of Price returned; %d responses, %d bodies closed":                          "同時に呼んだ 96 回の Price が return しました。レスポンスは %d 個、閉じられたボディは %d 個でした",
		},
	})
}
