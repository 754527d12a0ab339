package catalogue

// Exercise 32: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    32,
		Dir:       "32_shared_buffer",
		Seed:      Seed002,
		Principle: "A4",
		Minutes:   20,
		Solution: []Excerpt{
			{"auditlog.go", `/^func New/,/^}/`},
			{"auditlog.go", `/^func own/,/^}/`},
			{"auditlog.go", `/^func \(l \*Logger\) Log/,/^}/`},
			{"auditlog.go", `/^func \(l \*Logger\) Close/,/^}/`},
		},

		En: Edition{
			Title:   "The buffer everyone wrote to",
			Passage: "Among the rules that keep an actor from deadlocking: touch an object that is not thread-safe from one goroutine only; and since TCPConn.Write can block, put a goroutine with a queue in front of it rather than a lock around it",
			Goal:    "One goroutine owns the writer: Log hands it lines without ever waiting for the destination, every accepted line arrives numbered and in order, and Close ends the owner once everything is written.",
			Clauses: []string{
				"When Close returns, every line Log accepted (it returned nil) has been written to the destination and flushed, and nothing the Logger started is still running, whatever the destination does (fast, slow, stuck until it comes back, failing); Close returns the destination's first write error, and the same on every later call.",
				"Log never waits for the destination: while a write or a flush is slow or stuck, Log returns at once, accepting at least Queue lines and then refusing the next ones with ErrFull.",
				"Every accepted line reaches the destination whole and numbered in the order Log accepted it (1, 2, 3... without gaps or repeats, each caller's lines in its order), within FlushEvery of Log returning, however quiet the Logger is afterwards.",
				"Log and Close may be called from any number of goroutines at once, also racing each other, without a data race or a panic: a Log racing Close either returns nil and its line is written by the time Close returns, or returns ErrClosed (or ErrFull) and writes nothing; Log after Close returns ErrClosed.",
			},
			Hints: []string{
				"Run the tests with -race as well: which goroutines touch the bufio.Writer, and which of them holds the lock when it does? Then read goleak's report: who ends the goroutine that New starts?",
				"A lock around every use of the writer ends the race but not the waiting: a write to a slow connection then holds the lock, and every Log waits behind it (deck 05: never block while holding a lock). Seed 002 puts a goroutine with a queue between the callers and the socket instead.",
				"Principle A4 (seed 002): give the writer, the line numbers and the flushes to one goroutine. Log hands it lines over a buffered channel without waiting (a select with a default), and Close closes that channel under a lock that Log holds only across its send, then waits for the owner to drain, flush and return.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "take the Logger's lock in the flusher too, and stop it with a done channel and a WaitGroup",
					Checker: "leaking: goal clause 2 not met, observed: Log(\"queued1\") (dest: stuck, flushing) had not returned 1s (real time) after it was called",
				},
				{
					Try:     "an owner goroutine, but Log sends on its channel without a default",
					Checker: "leaking: goal clause 2 not met, observed: Log(\"M5.........\") (dest: stuck, 8 × 1 KB queued) had not returned 1s (real time) after it was called",
				},
				{
					Try:     "stop the flusher with a done channel, but let it flush without the lock",
					Checker: "failing: goal clause 1 not met, observed: Log ×9 (dest: stuck, then back); Close(), the destination held 1 line(s) [1 first......]; want 9 (two goroutines in one bufio.Writer lose lines; the race run reports it as a DATA RACE)",
				},
				{
					Try:     "close the owner's channel in Close and return without waiting for the owner",
					Checker: "leaking: goal clause 1 not met, observed: 1 goroutine(s) started by the code under test still running when Close returned (with the owner's stack)",
				},
				{
					Try:     "check an atomic closed flag in Log, then send, while Close closes the channel without a lock",
					Checker: "data race: the tests pass, but the race run reports a DATA RACE between Close's close and Log's send (and now and then a panic: send on closed channel)",
				},
			},
			Debrief: []string{
				"confinement needs no lock around the writer: only its owner touches it, and everyone else hands it lines over a channel",
				"a lock around the writer fixes the race and keeps the wait: a slow destination holds the lock and every caller waits behind it; the owner waits alone",
				"the owner's lifetime is visible where it starts: New starts it with a WaitGroup, Close ends it by closing the channel and waits for it to drain and flush",
				"closing a channel that others send on needs the senders fenced off: Log sends under a read lock and never blocks there, so Close can take the lock and close",
				"ErrFull is a decision, not a failure: a logger that waits for a stuck collector takes the requests down with it",
			},
		},
		Ja: Edition{
			Title:   "みんなが書き込んだバッファ",
			Passage: "アクターのデッドロックを避けるためのルールのうち: スレッドセーフでないオブジェクトに触るのは 1 つの goroutine だけにする。TCPConn.Write はブロックしうるので、ロックで囲むのではなく、キューを持つ goroutine を前に置く",
			Goal:    "書き手は 1 つの goroutine が持つ: Log は宛先を決して待たずに行を渡し、受け付けた行はすべて番号付きで順序どおりに届き、Close はすべてを書き終えてから持ち主を終わらせる。",
			Clauses: []string{
				"Close が戻ったとき、Log が受け付けた行(nil を返した行)はすべて宛先に書き込まれてフラッシュされており、Logger が起動したものは何も動いていない。宛先がどうであっても(速い、遅い、戻るまで止まっている、失敗する)同じで、Close は宛先への最初の書き込みエラーを返し、それ以降の呼び出しでも同じものを返す。",
				"Log は宛先を決して待たない: 書き込みやフラッシュが遅いときや止まっているときも Log はすぐに戻り、少なくとも Queue 行は受け付け、それ以降は ErrFull で断る。",
				"受け付けた行はどれも欠けずに、Log が受け付けた順の番号付きで宛先に届く(1、2、3... と抜けも重複もなく、呼び出し元ごとの行はその順で)。届くのは Log が戻ってから FlushEvery 以内で、その後 Logger がどれほど静かでも変わらない。",
				"Log と Close は、いくつの goroutine から同時に呼んでも、互いに競合しても、データ競合も panic も起こさない: Close と競合した Log は、nil を返してその行が Close の戻りまでに書き込まれるか、ErrClosed(または ErrFull)を返して何も書かないかのどちらか。Close の後の Log は ErrClosed を返す。",
			},
			Hints: []string{
				"-race を付けてもテストを実行してください。bufio.Writer に触っているのはどの goroutine で、そのうち触るときにロックを握っているのはどれでしょうか。次に goleak のレポートを読んでください。New が起動した goroutine を終わらせるのは誰でしょうか。",
				"書き手を使うところをすべてロックで囲むと競合はなくなりますが、待つことはなくなりません。遅い接続への書き込みがロックを握り、Log はすべてその後ろで待ちます(スライド 05: ロックを握ったままブロックしない)。seed 002 は代わりに、呼び出し元とソケットの間にキューを持つ goroutine を置きます。",
				"原則 A4(seed 002): 書き手、行番号、フラッシュを 1 つの goroutine に任せます。Log はバッファ付き channel で行を待たずに渡し(default 付きの select)、Close は Log が送信の間だけ握るロックの下でその channel を閉じ、持ち主が残りを書き、フラッシュして戻るのを待ちます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "フラッシュ係でも Logger のロックを取り、done channel と WaitGroup で止める",
					Checker: "リークあり: ゴールの条件 2 を満たしていません。観測: (dest: stuck, flushing) の Log(\"queued1\") が、呼び出しから 1s(実時間)たっても戻りませんでした",
				},
				{
					Try:     "持ち主の goroutine を置くが、Log は default なしでその channel に送る",
					Checker: "リークあり: ゴールの条件 2 を満たしていません。観測: (dest: stuck, 8 × 1 KB queued) の Log(\"M5.........\") が、呼び出しから 1s(実時間)たっても戻りませんでした",
				},
				{
					Try:     "フラッシュ係を done channel で止めるが、ロックなしでフラッシュさせる",
					Checker: "失敗: ゴールの条件 1 を満たしていません。観測: Log ×9 (dest: stuck, then back); Close() の後、宛先にあったのは 1 行 [1 first......] で、期待は 9 行でした(1 つの bufio.Writer に 2 つの goroutine が触ると行が失われます。競合検出の実行は DATA RACE と報告します)",
				},
				{
					Try:     "Close で持ち主の channel を閉じ、持ち主を待たずに戻る",
					Checker: "リークあり: ゴールの条件 1 を満たしていません。観測: Close が戻ったとき、テスト対象が起動した goroutine が 1 個まだ動いていました(持ち主のスタック付き)",
				},
				{
					Try:     "Log でアトミックな closed フラグを見てから送り、Close はロックなしで channel を閉じる",
					Checker: "データ競合: テストは通りますが、競合検出の実行が Close の close と Log の送信の間の DATA RACE を報告します(ときには panic: send on closed channel)",
				},
			},
			Debrief: []string{
				"閉じ込めには書き手を囲むロックが要りません。触るのは持ち主だけで、ほかはみな channel で行を渡します",
				"書き手をロックで囲むと競合は直りますが、待ちは残ります。遅い宛先がロックを握り、呼び出し元はみなその後ろで待ちます。持ち主なら待つのは自分だけです",
				"持ち主の寿命は起動する場所で見えます: New が WaitGroup で起動し、Close が channel を閉じて終わらせ、残りを書いてフラッシュするまで待ちます",
				"ほかの goroutine が送る channel を閉じるには、送り手を締め出す必要があります。Log は読み取りロックの下で送り、そこでは決してブロックしないので、Close はロックを取って閉じられます",
				"ErrFull は失敗ではなく判断です。止まった収集先を待つロガーは、リクエストを道連れにします",
			},
		},

		Messages: map[string]string{
			"with a line logged every %v, %v after the first: %d line(s) at the destination, but %d had been logged at least %v before": "%v ごとに 1 行ずつ記録して、最初の行から %v の時点で、出力先にある行は %d 行でしたが、%[5]v 以上前に記録された行は %[4]d 行ありました",
			"%s, %s's line %d came after its line %d":                                   "%s の後、%s の %d 行目がその %d 行目より後に来ていました",
			"%s, Close() had not returned %v after it was called":                       "%s の後、Close() が呼び出しから %v たっても戻りませんでした",
			"%s, Close() panicked: %v":                                                  "%s の後、Close() が panic しました: %v",
			"%s, line %d of the destination is %q, not a number, a space and a message": "%s の後、宛先の %d 行目は %q で、番号、空白、メッセージの形ではありませんでした",
			"%s, line %d of the destination was numbered %d":                            "%s の後、宛先の %d 行目の番号は %d でした",
			"%s, the destination held %d line(s) %s; want %d: %s":                       "%s の後、宛先にあったのは %d 行 %s でした。期待は %d 行: %s",
			"%s, the destination held %q %d time(s); Log had accepted it once":          "%s の後、宛先には %q が %d 回ありました。Log が受け付けたのは 1 回です",
			"%s, the destination held %q, which Log had not accepted":                   "%s の後、宛先に Log が受け付けていない %q がありました",
			"%s: 200ms after two Close() racing six goroutines that log had returned, %d goroutine(s) started by the Logger were still running": "%s: ログを書く 6 つの goroutine と競合した 2 つの Close() が戻って 200ms 後に、Logger が起動した goroutine が %d 個まだ動いていました",
			"%s: Close() racing six goroutines that log":         "%s: ログを書く 6 つの goroutine と競合する Close()",
			"%s: Log(%q) after Close() returned %v":              "%s: Close() の後の Log(%q) が %v を返しました",
			"%s: two Close() racing six goroutines that log: %s": "%s: ログを書く 6 つの goroutine と競合する 2 つの Close(): %s",
			"Close() %s": "%s の後の Close()",
			"Close() had not returned %v after the destination came back":                       "宛先が戻ってから %v たっても Close() が戻りませんでした",
			"Close() once the destination came back":                                            "宛先が戻った後の Close()",
			"Close() returned while the destination was still stuck with %d lines logged":       "%d 行を記録して宛先がまだ止まっている間に、Close() が戻りました",
			"Close() with a destination that never failed":                                      "一度も失敗しなかった宛先での Close()",
			"Log(%q) %s had not returned %v (real time) after it was called":                    "%[2]s の Log(%[1]q) が、呼び出しから %[3]v(実時間)たっても戻りませんでした",
			"Log(%q) %s had not returned %v after it was called":                                "%[2]s の Log(%[1]q) が、呼び出しから %[3]v たっても戻りませんでした",
			"Log(%q) %s panicked: %v":                                                           "%[2]s の Log(%[1]q) が panic しました: %[3]v",
			"Log(%q) %s returned after %v":                                                      "%[2]s の Log(%[1]q) が戻るまでに %[3]v かかりました",
			"Log(%q) from one of 8 goroutines logging at once returned %q":                      "同時にログを書く 8 つの goroutine の 1 つからの Log(%q) が %q を返しました",
			"Log(%q) panicked: %v":                                                              "Log(%q) が panic しました: %v",
			"Log(%q) while Close() waited for a stuck destination":                              "止まった宛先を Close() が待っている間の Log(%q)",
			"Log(%q) while the destination was stuck returned %q":                               "宛先が止まっている間の Log(%q) が %q を返しました",
			"Log(%q), call %d of %d %s, returned %q":                                            "%[4]s の Log(%[1]q)(%[3]d 回中 %[2]d 回目)が %[5]q を返しました",
			"Log(%q), call %d of %d, had not returned %v after it was called":                   "Log(%q)(%[3]d 回中 %[2]d 回目)が、呼び出しから %[4]v たっても戻りませんでした",
			"Log(%q), call %d of %d, returned %q":                                               "Log(%q)(%[3]d 回中 %[2]d 回目)が %[4]q を返しました",
			"New(dest, Config{FlushEvery: %v, Queue: %d}) did not return within %v (panic: %v)": "New(dest, Config{FlushEvery: %v, Queue: %d}) が %v 以内に戻りませんでした(panic: %v)",
			"a second Close() %s":                                                               "%s の後の 2 回目の Close()",
			"time Close() %s took, the last write ending %v after it was called":                "%s の後の Close() にかかった時間。最後の書き込みは呼び出しから %v で終わっています",
			"time Close() took, the destination coming back after 11m0s":                        "Close() にかかった時間。宛先は 11m0s 後に戻っています",
			"while the destination was stuck, Log accepted %d lines of 1 KB and refused none":   "宛先が止まっている間に、Log は 1 KB の行を %d 行受け付け、1 行も断りませんでした",
		},
	})
}
