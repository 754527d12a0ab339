package catalogue

// Exercise 26: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    26,
		Dir:       "26_early_return_lock",
		Seed:      SourceGoKer,
		Principle: "L1",
		Minutes:   12,
		Solution:  []Excerpt{{"pool.go", `/^func \(p \*Pool\) take/,/^}/`}},

		En: Edition{
			Title:   "The early return that kept the lock",
			Passage: "Double locking, GoKer's largest lock class (12 of 68 blocking kernels): an early return skips the Unlock, and the next Lock waits forever",
			Goal:    "Every Get and Put returns promptly, however busy the pool has been (an exhausted pool included), and a connection put back is handed out again.",
			Clauses: []string{
				"Every call of Get, Put, Open and Close returns promptly, whichever way the calls before it returned: with an idle connection, a new one, a failed dial, ErrExhausted or ErrClosed.",
				"A slow dial or a slow Close of a connection holds up no other call: while one is under way, Get of an idle connection, Put, Open and Close return promptly.",
				"At most max connections are open at once, dials under way included: when all are in use Get fails at once with ErrExhausted, a connection put back is handed out again before a new one is dialled, and a failed dial frees its place.",
				"After Close, Get fails with ErrClosed and every connection the pool dialled is closed exactly once: the idle ones by Close, the others when they are put back, even those being dialled or put back as Close was called; then Open reports 0.",
			},
			Hints: []string{
				"The report shows Put waiting in sync.Mutex.Lock, yet no goroutine is inside Get or Put any more. Which call returned and kept the lock?",
				"Walk every return of Get and check that each one unlocks. Then ask what else runs under the lock: a dial or a connection's Close can take seconds, and every other caller waits that long. A TryLock loop or a Lock with a timeout leaves the lock held.",
				"Principle L1 (GoKer's double locking): give each locked step its own small method that does Lock then defer Unlock and returns what Get needs (an idle connection, or a reserved place to dial); Get dials, and Put and Close close connections, outside those methods.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a TryLock loop in Put (or a Lock with a timeout that closes the connection instead)",
					Checker: "leaking: goal clause 1 not met, observed: the last call of p.Get(); p.Get(); p.Get() → ErrExhausted; p.Open() had not returned 500ms after it was called",
				},
				{
					Try:     "Lock and defer Unlock at the top of Get, dialling under the lock",
					Checker: "failing: goal clause 3 not met, observed: p.Get(), called while dial() was under way, had not returned 500ms later (and clause 2 for Put, Open and Close while a dial is slow)",
				},
				{
					Try:     "deferred Unlocks everywhere, closing the connections under the lock in Close or Put",
					Checker: "failing: goal clause 2 not met, observed: p.Get(), called while p.Close() → a.Close() was under way, had not returned 500ms later",
				},
				{
					Try:     "counting a connection only once its dial has succeeded",
					Checker: "failing: goal clause 3 not met, observed: p.Get(), called while dial() was under way, had not returned 500ms later (a second dial past max)",
				},
				{
					Try:     "making Get wait for a connection to be put back instead of failing",
					Checker: "leaking: goal clause 1 not met, observed: the last call of p.Get(); p.Get(); p.Get() had not returned 500ms after it was called",
				},
				{
					Try:     "a Close that only sets closed, or a Put that keeps connections after Close",
					Checker: "failing: goal clause 4 not met, observed: after p.Put(b); p.Close(); p.Put(a); p.Close(), connection 2 of the 2 dialled had been closed 0 times",
				},
			},
			Debrief: []string{
				"every return is an exit from the critical section: Lock then defer Unlock in a small method covers them all",
				"a lock is for bookkeeping, not for waiting: dial and close outside it, or a slow network holds up every Put and Get (deck 05's rule)",
				"a dial under way holds its place: reserve it under the lock, or two dials can pass max",
				"the one-line fix (the missing Unlock) passes too; ask what happens at the next early return someone adds",
			},
		},
		Ja: Edition{
			Title:   "ロックを握ったままの早期 return",
			Passage: "GoKer で最も多いロックのクラス、二重ロック(68 のブロッキング kernel のうち 12): 早期 return が Unlock を飛ばし、次の Lock が永遠に待つ",
			Goal:    "プールがどれほど混んでいても(使い切った状態も含めて)Get と Put はすぐに戻り、返却された接続は再び貸し出される。",
			Clauses: []string{
				"Get、Put、Open、Close のどの呼び出しも、それより前の呼び出しがどう戻ったか(空いている接続、新しい接続、ダイヤルの失敗、ErrExhausted、ErrClosed)にかかわらず、すぐに戻る。",
				"遅いダイヤルや接続の遅い Close が他の呼び出しを止めない: その最中にも、空いている接続の Get、Put、Open、Close はすぐに戻る。",
				"同時に開いている接続は、ダイヤル中のものも含めて max 個まで: すべて使用中なら Get はすぐに ErrExhausted で失敗し、返却された接続は新しくダイヤルする前に再び貸し出され、失敗したダイヤルはその枠を空ける。",
				"Close の後、Get は ErrClosed で失敗し、プールがダイヤルした接続はどれもちょうど一度だけ閉じられる: 空いているものは Close が、それ以外は返却されたときに閉じる。Close の瞬間にダイヤル中だったものや返却中だったものも同じで、その後 Open は 0 を返す。",
			},
			Hints: []string{
				"レポートでは Put が sync.Mutex.Lock で待っていますが、Get にも Put にももう誰もいません。ロックを握ったまま戻ったのはどの呼び出しでしょうか。",
				"Get のすべての return で Unlock しているかを確かめてください。次に、ロックの下で他に何が動いているかを考えてください。ダイヤルや接続の Close には数秒かかることがあり、その間ほかの呼び出しはすべて待たされます。TryLock のループやタイムアウト付きの Lock では、ロックは握られたままです。",
				"原則 L1(GoKer の二重ロック): ロックする処理をそれぞれ小さなメソッドに分け、Lock の直後に defer Unlock を書いて、Get が必要とするもの(空いている接続、またはダイヤル用に予約した枠)を返します。Get のダイヤルも、Put と Close が接続を閉じるのも、そのメソッドの外で行います。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Put で TryLock のループ(またはタイムアウト付きの Lock で、取れなければ接続を閉じる)",
					Checker: "リークあり: ゴールの条件 1 を満たしていません。観測: p.Get(); p.Get(); p.Get() → ErrExhausted; p.Open() の最後の呼び出しが、呼び出しから 500ms たっても戻りませんでした",
				},
				{
					Try:     "Get の先頭で Lock と defer Unlock を書き、ロックを握ったままダイヤルする",
					Checker: "失敗: ゴールの条件 3 を満たしていません。観測: dial() の最中に呼んだ p.Get() が 500ms たっても戻りませんでした(遅いダイヤルの最中の Put、Open、Close については条件 2)",
				},
				{
					Try:     "どこにでも defer Unlock を書き、Close や Put で接続をロックの下で閉じる",
					Checker: "失敗: ゴールの条件 2 を満たしていません。観測: p.Close() → a.Close() の最中に呼んだ p.Get() が 500ms たっても戻りませんでした",
				},
				{
					Try:     "ダイヤルが成功してから接続を数える",
					Checker: "失敗: ゴールの条件 3 を満たしていません。観測: dial() の最中に呼んだ p.Get() が 500ms たっても戻りませんでした(max を超える二つ目のダイヤル)",
				},
				{
					Try:     "使い切ったとき、失敗する代わりに接続の返却を Get で待つ",
					Checker: "リークあり: ゴールの条件 1 を満たしていません。観測: p.Get(); p.Get(); p.Get() の最後の呼び出しが、呼び出しから 500ms たっても戻りませんでした",
				},
				{
					Try:     "closed を立てるだけの Close、または Close の後も接続を取っておく Put",
					Checker: "失敗: ゴールの条件 4 を満たしていません。観測: p.Put(b); p.Close(); p.Put(a); p.Close() の後、ダイヤルした 2 本のうち接続 2 が閉じられた回数は 0 回でした",
				},
			},
			Debrief: []string{
				"return はすべてクリティカルセクションの出口: 小さなメソッドで Lock して defer Unlock すれば、すべてを覆えます",
				"ロックは帳簿付けのためのもので、待つためのものではありません: ダイヤルも Close もロックの外で行います。さもないと遅いネットワークがすべての Put と Get を止めます(デッキ 05 のルール)",
				"ダイヤル中の接続も枠を占めます: ロックの下で予約しないと、二つのダイヤルが max を超えられます",
				"1 行の修正(抜けていた Unlock)でも通ります。次に誰かが早期 return を足したら何が起きるかを問いかけます",
			},
		},

		Messages: map[string]string{
			"%s, called while %s was under way, had not returned %v later":                          "%[2]s の最中に呼んだ %[1]s が %[3]v たっても戻りませんでした",
			"Close() calls of the connection in use when Close() was called, before it is put back": "Close() の時点で使用中だった接続が、返却される前に Close() された回数",
			"Close() calls of the connection that was idle when Close() was called":                 "Close() の時点で空いていた接続が Close() された回数",
			"Get() after Close()": "Close() の後の Get()",
			"Get() after Put(a)":  "Put(a) の後の Get()",
			"Get() after Put(a) returned connection %d, not a (connection %d)":   "Put(a) の後の Get() が返したのは接続 %d で、a(接続 %d)ではありませんでした",
			"Get() calls that failed with neither a connection nor ErrExhausted": "接続も ErrExhausted も返さずに失敗した Get() の回数",
			"Get() from an empty pool":                                             "空のプールからの Get()",
			"Get() from an empty pool, max 2":                                      "空のプール(max 2)からの Get()",
			"Get() of the idle connection":                                         "空いている接続の Get()",
			"Get() returned a nil connection and no error":                         "Get() が nil の接続をエラーなしで返しました",
			"Get() while a was idle returned connection %d, not a (connection %d)": "a が空いているときの Get() が返したのは接続 %d で、a(接続 %d)ではありませんでした",
			"Get() while the dial fails":                                           "ダイヤルが失敗するときの Get()",
			"Get() with both connections in use, max 2":                            "接続が 2 本とも使用中(max 2)のときの Get()",
			"Get() with max 1 after a failed dial":                                 "max 1 でダイヤルが失敗した後の Get()",
			"Get() with max 1 while the first Get() dials":                         "max 1 で最初の Get() がダイヤル中のときの Get()",
			"Open() after a failed dial":                                           "ダイヤルが失敗した後の Open()",
			"Open() once every connection is closed":                               "すべての接続が閉じられた後の Open()",
			"Open() while one Get() dials":                                         "Get() が一つダイヤル中のときの Open()",
			"Open() with two connections in use":                                   "接続が 2 本使用中のときの Open()",
			"after %s, connection %d of the %d dialled had been closed %d times":   "%s の後、ダイヤルした %[3]d 本のうち接続 %[2]d が閉じられた回数は %[4]d 回でした",
			"dials after Get, Put, Get":                                            "Get、Put、Get の後のダイヤル回数",
			"dials for max 2":                                                      "max 2 でのダイヤル回数",
			"no query was served: all %d were shed":                                "どのクエリも処理されませんでした: %d 件すべてが見送られました",
			"the connection put back and handed out again was closed %d times":     "返却されて再び貸し出された接続が %d 回閉じられていました",
			"the last call of %s had not returned %v after it was called":          "%s の最後の呼び出しが、呼び出しから %v たっても戻りませんでした",
			"with max %d, %d connections were open and %d in use at once":          "max %d で、同時に %d 本の接続が開き、%d 本が使用中でした",
			"with max 1, %d connections were open at once":                         "max 1 で、同時に %d 本の接続が開いていました",
		},
	})
}
