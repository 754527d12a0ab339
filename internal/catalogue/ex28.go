package catalogue

// Exercise 28: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    28,
		Dir:       "28_second_rlock",
		Seed:      SourceGoKer,
		Principle: "L3",
		Minutes:   15,
		Solution:  []Excerpt{{"registry.go", `/^func \(r \*Registry\) WriteTo/,/^}/`}, {"registry.go", `/^func \(r \*Registry\) snapshot/,/^}/`}},

		En: Edition{
			Title:   "The second read lock",
			Passage: "RWR deadlock (5 GoKer kernels; 5 of Tu et al.'s 85 blocking bugs are RWMutex): read lock, a writer waits, read lock again",
			Goal:    "A scrape writes every counter with its help text and value, and a registration returns, even when the registration comes while the scrape is writing to a slow scraper.",
			Clauses: []string{
				"A scrape writes every counter registered before it began, sorted by name, each with its help text and value, and returns the bytes written and the scraper's first error.",
				"While a scrape is writing to a scraper that has stopped reading, Counter, Help and Names return promptly, for new counters and existing ones.",
				"A scrape returns as soon as its writes have, however many registrations and lookups come while it runs, and so does every registration and lookup.",
				"Counter, Help and Names may be called from many goroutines at once: Counter returns one counter per name, however many register it at the same moment, and Help returns its help text.",
			},
			Hints: []string{
				"The report shows WriteTo waiting in RWMutex.RLock and Counter in RWMutex.Lock. WriteTo already holds a read lock: where does it ask for another, and what stands in its way?",
				"A writer waiting in Lock blocks every new RLock, even from a goroutine that already holds one. Dropping the second RLock ends the deadlock, but then the scrape holds its read lock while it writes to the scraper: a client that stops reading holds up every registration, and every lookup behind it.",
				"Principle L3 (GoKer's RWR): one lock per method, no locked method calls another, and nothing written to a client under the lock. Copy the sorted counters under one RLock (a counter's name and help never change, its value is atomic) and write to the scraper without any lock.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "one read lock for the whole scrape, the help text read directly instead of through Help (or a Mutex taken once)",
					Checker: "failing: goal clause 2 not met, observed: r.Counter(\"cache_misses_total\", …), called while r.WriteTo(scraper) was stalled in scraper.Write, had not returned 500ms later",
				},
				{
					Try:     "a TryRLock loop in Help, or a plain Mutex",
					Checker: "leaking: goal clause 3 not met, observed: the last call of … go r.Counter(\"cache_misses_total\", …); // the scraper reads on: r.WriteTo(scraper) had not returned 500ms after it was called",
				},
				{
					Try:     "Help gives up on its read lock after a timeout",
					Checker: "failing: goal clause 1 not met: the scrape wrote no help text for the counters it wrote while a registration waited",
				},
				{
					Try:     "Help without its lock",
					Checker: "data race: the race run sees Help read the map while Counter writes it",
				},
				{
					Try:     "Counter looks up under the read lock and takes the write lock only to add, without looking again",
					Checker: "failing: goal clause 4 not met, observed: round N: 4 × go (r.Counter(\"shared_<i>_total\", …).Add(1) for i < 8) returned 2 different counters (caught for sure by the race run, where the window is wider)",
				},
			},
			Debrief: []string{
				"a writer waiting in Lock blocks every new RLock, even a second one from the goroutine that holds the first",
				"one read lock per method and no locked method calls another; and nothing written to a client under any lock, read lock included: copy under the lock, write without it",
				"a read-then-write-lock upgrade must look again under the write lock: between the two, another goroutine may have registered the same name",
			},
		},
		Ja: Edition{
			Title:   "二度目の読み取りロック",
			Passage: "RWR デッドロック(GoKer の 5 kernel。Tu らの 85 件のブロッキングバグのうち 5 件が RWMutex): 読み取りロック、書き込み側が待つ、もう一度読み取りロック",
			Goal:    "遅いスクレイパーへの書き込み中にカウンタが登録されても、スクレイプはすべてのカウンタをヘルプ文と値つきで書き出し、登録も戻る。",
			Clauses: []string{
				"スクレイプは、始まる前に登録されたすべてのカウンタを名前順に、ヘルプ文と値をつけて書き出し、書いたバイト数とスクレイパーの最初のエラーを返す。",
				"読むのをやめたスクレイパーへスクレイプが書き込んでいる間も、Counter、Help、Names は新しいカウンタについても既存のカウンタについてもすぐに戻る。",
				"スクレイプの最中に登録や参照がいくつ来ても、スクレイプは自分の書き込みが戻りしだい戻り、登録と参照もそれぞれ戻る。",
				"Counter、Help、Names は多くの goroutine から同時に呼べる: 同じ瞬間に何人が登録しても Counter は名前ごとに一つのカウンタを返し、Help はそのヘルプ文を返す。",
			},
			Hints: []string{
				"レポートでは WriteTo が RWMutex.RLock で、Counter が RWMutex.Lock で待っています。WriteTo はすでに読み取りロックを握っています。どこでもう一つ求め、何がそれを阻んでいるのでしょうか。",
				"Lock で待つ書き込み側がいると、新しい RLock はすべて待たされます。すでに読み取りロックを握っている goroutine からのものでもそうです。二つ目の RLock をなくせばデッドロックは消えますが、今度はスクレイプがスクレイパーへ書き込む間ずっと読み取りロックを握ります。読むのをやめたクライアントが一つあるだけで、すべての登録と、その後ろのすべての参照が止まります。",
				"原則 L3(GoKer の RWR): ロックはメソッドごとに一度、ロックしたメソッドから別のロックするメソッドを呼ばない、クライアントへの書き込みはロックの下で行わない。一度の RLock の下でソート済みのカウンタをコピーし(名前とヘルプ文は変わらず、値は atomic)、スクレイパーへはロックなしで書き込みます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "スクレイプ全体で読み取りロックを一度だけ取り、ヘルプ文を Help を通さず直接読む(または一度だけ取る Mutex)",
					Checker: "失敗: ゴールの条件 2 を満たしていません。観測: r.WriteTo(scraper) が scraper.Write で止まっている間に呼んだ r.Counter(\"cache_misses_total\", …) が 500ms たっても戻りませんでした",
				},
				{
					Try:     "Help で TryRLock のループ、またはただの Mutex",
					Checker: "リークあり: ゴールの条件 3 を満たしていません。観測: スクレイパーが読み進めた後の r.WriteTo(scraper) が、呼び出しから 500ms たっても戻りませんでした",
				},
				{
					Try:     "Help がタイムアウトで読み取りロックをあきらめる",
					Checker: "失敗: ゴールの条件 1 を満たしていません: 登録が待っている間に書き出したカウンタのヘルプ文が抜けていました",
				},
				{
					Try:     "Help でロックを取らない",
					Checker: "データ競合: Counter がマップに書く間に Help が読むのを race 実行が見つけます",
				},
				{
					Try:     "Counter が読み取りロックで探し、追加するときだけ書き込みロックを取るが、もう一度は探さない",
					Checker: "失敗: ゴールの条件 4 を満たしていません。観測: round N: 4 × go (r.Counter(\"shared_<i>_total\", …).Add(1) for i < 8) が 2 つの異なるカウンタを返しました(窓が広がる race 実行では確実に見つかります)",
				},
			},
			Debrief: []string{
				"Lock で待つ書き手は新しい RLock をすべて止めます。最初の読み取りロックを握る goroutine 自身の二つ目も",
				"読み取りロックはメソッドごとに一回、ロックするメソッドは互いに呼ばない。そしてクライアントへの書き込みは、読み取りロックも含めてどのロックの下でも行わない: ロックの下でコピーし、ロックなしで書きます",
				"読み取りロックから書き込みロックへ移るときは、書き込みロックの下でもう一度探します: その間に別の goroutine が同じ名前を登録しているかもしれません",
			},
		},

		Messages: map[string]string{
			"a scrape during %s returned the error %q":                                                    "%s の最中のスクレイプがエラー %q を返しました",
			"a scrape during %s wrote these counters, in this order: %s":                                  "%s の最中のスクレイプが書いたカウンタは、この順でこれだけでした: %s",
			"%s, called while r.WriteTo(scraper) was stalled in scraper.Write, had not returned %v later": "r.WriteTo(scraper) が scraper.Write で止まっている間に呼んだ %s が %v たっても戻りませんでした",
			"len(r.Names()) after %s":                                                                     "%s の後の len(r.Names())",
			"r.Help(\"cache_misses_total\") after r.Counter(\"cache_misses_total\", …) returned %p":       "r.Counter(\"cache_misses_total\", …) が %p を返した後の r.Help(\"cache_misses_total\")",
			"r.Help(\"jobs_done_total\")":                                                                 "r.Help(\"jobs_done_total\") の結果",
			"r.Help(\"nobody_total\"), never registered":                                                  "一度も登録されていない r.Help(\"nobody_total\")",
			"r.Help(%q) returned %q during %s":                                                            "%[3]s の最中に r.Help(%[1]q) が %[2]q を返しました",
			"r.Names()":                                                                                   "r.Names() の結果",
			"r.WriteTo(&buf) to a bytes.Buffer":                                                           "bytes.Buffer への r.WriteTo(&buf)",
			"r.WriteTo(w) to a scraper that failed after 30 bytes":                                        "30 バイトの後に失敗するスクレイパーへの r.WriteTo(w)",
			"round %d: %s returned %d different counters for %q":                                          "round %d: %s が %[4]q について %[3]d 個の異なるカウンタを返しました",
			"round %d: r.Help(%q) after %s":                                                               "round %d: %[3]s の後の r.Help(%[2]q)",
			"round %d: the value of %q after %s":                                                          "round %d: %[3]s の後の %[2]q の値",
			"the byte count r.WriteTo(&buf) returned":                                                     "r.WriteTo(&buf) が返したバイト数",
			"the byte count r.WriteTo(w) returned, w having taken 30 bytes":                               "w が 30 バイトを受け取ったときに r.WriteTo(w) が返したバイト数",
			"the last call of %s had not returned %v after it was called":                                 "%s の最後の呼び出しが、呼び出しから %v たっても戻りませんでした",
			"the stalled scrape wrote %q":                                                                 "止まっていたスクレイプが書き出したのは %q でした",
			"what %s wrote":                                                                               "%s が書き出した内容",
			"what the next scrape wrote, after r.Counter(\"cache_misses_total\", …)":                      "r.Counter(\"cache_misses_total\", …) の後の次のスクレイプが書き出した内容",
		},
	})
}
