package catalogue

// Exercise 22: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    22,
		Dir:       "22_narrative_locks",
		Seed:      Seed002,
		Principle: "A3",
		Minutes:   15,
		Solution:  []Excerpt{{"hub.go", `/^func \(h \*Hub\) CloseAll/,/^}/`}, {"hub.go", `/^func \(h \*Hub\) takeAll/,/^}/`}},

		En: Edition{
			Title:   "The lock written as a story",
			Passage: "Avoiding deadlocks: lock and unlock written narratively, without cutting the locked parts out into functions, hide where which lock is held; iterating a collection under a lock",
			Goal:    "When CloseAll returns every connection the Hub held is closed and its writer gone, newcomers are refused meanwhile, and the Hub keeps serving while connections close.",
			Clauses: []string{
				"When CloseAll returns, every connection the Hub held is closed (Send refused with ErrClosed), what was queued on it is written to its peer, its writer goroutine has ended, and the Hub is empty; this holds for each caller when CloseAll runs twice at once or while peers hang up.",
				"Once CloseAll has begun, Join is refused with ErrClosed; a connection that joined before is closed by CloseAll with the rest.",
				"While connections close, however long a peer takes to read, the Hub answers its other callers at once: Join, Len, and a connection closing itself.",
				"A connection closed by anyone (its peer, the Hub, both at once, any number of times) writes what was queued, stops its writer and leaves the Hub; Close returns once all of that is done.",
			},
			Hints: []string{
				"Read the failures: which connections are still open after CloseAll, and where were they in the slice when CloseAll passed them? Follow i through three turns of the loop.",
				"The loop reads h.conns under one hold of the lock and uses the index under the next, after Close has called back into the Hub and changed the slice. Holding the lock across Close instead deadlocks: Close calls Hub.remove.",
				"Principle A3 (seed 002, avoiding deadlocks): don't write lock and unlock as a story through a loop. Cut the locked part out into a small function with defer Unlock (mark the Hub closed and hand over the connections), then close them with no lock held.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "hold the Hub's lock across the whole loop, Close included (remove skipping the lock while CloseAll runs)",
					Checker: "failing: goal clause 3 not met, observed: Join, while CloseAll waited for a slow peer, had not returned 1s later (with remove still locking: CloseAll never returns)",
				},
				{
					Try:     "range over h.conns instead of indexing it, still unlocking around each Close",
					Checker: "leaking: goal clause 1 not met, observed: CloseAll panicked: runtime error: invalid memory address or nil pointer dereference (remove shifts the array range walks)",
				},
				{
					Try:     "take the connections but leave the Hub open, or mark it closed only at the end",
					Checker: "failing: goal clause 2 not met, observed: Join after CloseAll: got no error, want one matching \"chathub: closed\"",
				},
				{
					Try:     "close every connection in a goroutine of its own, without waiting",
					Checker: "failing: goal clause 1 not met, observed: connection user-0 was still open when CloseAll returned: Send returned <nil>",
				},
				{
					Try:     "empty the Hub under the lock and close what was taken",
					Checker: "failing: goal clause 1 not met, observed: when a CloseAll returned, with another CloseAll and peers closing at the same time, these connections were still open: [user-4]",
				},
				{
					Try:     "make Conn.Close idempotent with an atomic flag instead of sync.Once",
					Checker: "failing: goal clause 4 not met, observed: CloseAll returned while the slow peer's queued message was still being written",
				},
			},
			Debrief: []string{
				"lock and unlock written as a story through a loop hide which lock is held where",
				"cut the locked part out into a small function with defer Unlock: mark the Hub closed, hand over the connections, close them with no lock held",
				"a second caller of Close or CloseAll must wait for the first, not return early: sync.Once does that for a Conn, and cloning the list (not emptying it) does it for the Hub",
				"walking the slice backwards with the lock dropped around each Close also works, but only a careful reader can tell; the small function makes it obvious",
			},
		},
		Ja: Edition{
			Title:   "物語のように書かれたロック",
			Passage: "deadlock を避けるために: lock と unlock で囲まれた部分を関数に切り出さずに narrative に書くと、どこで何のロックを取っているのかが分かりにくくなる。ロックの中での collection の iteration",
			Goal:    "CloseAll が return したときには、Hub が持っていた接続はすべて閉じられ、writer goroutine は終了し、Hub は空です。その間に参加しようとした接続は拒否され、接続が閉じられている間も Hub は他の呼び出しに応え続けます。",
			Clauses: []string{
				"CloseAll が return したときには、Hub が持っていた接続はすべて閉じられ(Send は ErrClosed で拒否されます)、キューにあったメッセージは相手に書き込まれ、writer goroutine は終了しており、Hub は空です。CloseAll が同時に 2 回呼ばれても、相手が切断している最中でも、呼び出し側それぞれにとって同じです。",
				"CloseAll が始まったら Join は ErrClosed で拒否されます。それより前に参加した接続は、他の接続と一緒に CloseAll が閉じます。",
				"接続が閉じられている間も、相手が読むのにどれほど時間がかかっても、Hub は他の呼び出し(Join、Len、接続が自分で閉じること)にすぐに応えます。",
				"接続は、誰が閉じても(相手、Hub、その両方が同時に、何度でも)キューにあるものを書き込み、writer を止め、Hub から抜けます。Close はそのすべてが終わってから return します。",
			},
			Hints: []string{
				"失敗を読んでみましょう。CloseAll の後も開いたままの接続はどれで、CloseAll がそこを通ったとき slice のどこにあったでしょうか。ループを 3 周、i を追ってみましょう。",
				"ループは h.conns をあるロック区間で読み、その添字を次のロック区間で使っています。その間に Close が Hub を呼び返して slice を変えています。逆に Close の間ロックを持ち続けると deadlock します。Close は Hub.remove を呼ぶからです。",
				"原則 A3(seed 002「deadlock を避けるために」): lock と unlock をループの中で物語のように書かないでください。ロックする部分を defer Unlock 付きの小さな関数に切り出し(Hub に閉じた印を付けて接続を引き渡す)、ロックを持たずに閉じます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ループ全体(Close を含む)で Hub のロックを握り続ける(CloseAll の間は remove がロックを取らない)",
					Checker: "失敗: 条項 3 が満たされていません。観測: CloseAll が遅い相手を待つ間の Join が 1s 後にも return していませんでした(remove がロックを取るままなら CloseAll が永遠に戻りません)",
				},
				{
					Try:     "h.conns を添字でなく range で回し、Close の前後でロックを外す",
					Checker: "リーク: 条項 1 が満たされていません。観測: CloseAll が panic しました: runtime error: invalid memory address or nil pointer dereference(range が回る配列を remove がずらします)",
				},
				{
					Try:     "接続を引き取るが Hub は開いたままにする、または最後に閉じた印を付ける",
					Checker: "失敗: 条項 2 が満たされていません。観測: CloseAll の後の Join: got no error, want one matching \"chathub: closed\"",
				},
				{
					Try:     "各接続を別々の goroutine で閉じ、終わるのを待たない",
					Checker: "失敗: 条項 1 が満たされていません。観測: CloseAll が return した時点で接続 user-0 はまだ開いていました: Send returned <nil>",
				},
				{
					Try:     "ロックの下で Hub を空にし、引き取った接続を閉じる",
					Checker: "失敗: 条項 1 が満たされていません。観測: 別の CloseAll や相手の切断と同時に動いた CloseAll が return した時点で、まだ開いていた接続: [user-4]",
				},
				{
					Try:     "Conn.Close を sync.Once でなく atomic のフラグで 1 回きりにする",
					Checker: "失敗: 条項 4 が満たされていません。観測: 遅い相手へのキュー済みメッセージを書いている最中に CloseAll が return しました",
				},
			},
			Debrief: []string{
				"ループの中に物語のように書いた lock と unlock は、どこでどのロックを握っているかを見えなくする",
				"ロックする部分を defer Unlock 付きの小さな関数に切り出す: Hub に閉じた印を付け、接続を引き渡し、ロックを持たずに閉じる",
				"Close や CloseAll の 2 番目の呼び出し側は、先に戻らず最初の呼び出しを待たなければならない: Conn では sync.Once が、Hub では一覧を空にせず複製することがそれを保証する",
				"ロックを Close の前後で外しながら slice を後ろから回しても正しく動くが、それが分かるのは注意深い読み手だけだ。小さな関数なら一目で分かる",
			},
		},
		Messages: map[string]string{
			"Send on a connection that joined as CloseAll began":                                  "CloseAll が始まった頃に参加した接続での Send",
			"%s, with the peer reading its queued message for an hour, had not returned %v later": "相手が待ち行列のメッセージを 1 時間かけて読む間に呼んだ %s が %v たっても戻りませんでした",
			"fake time %s took, with the peer reading its queued message for an hour":             "相手が待ち行列のメッセージを 1 時間かけて読むときに %s にかかった偽の時間",
			"%s panicked: %v": "%s が panic しました: %v",
			"%s returned while the slow peer's queued message was still being written":         "遅い相手へのキュー済みメッセージを書いている最中に %s が return しました",
			"Close by the peer had not returned %v later":                                      "相手による Close が %v 後にも return していませんでした",
			"Close or CloseAll had not returned %v after the slow peer read its message":       "遅い相手がメッセージを読んでから %v 後にも Close か CloseAll が return していませんでした",
			"CloseAll had not returned %v after the slow peer read its message":                "遅い相手がメッセージを読んでから %v 後にも CloseAll が return していませんでした",
			"CloseAll had not returned %v later":                                               "CloseAll が %v 後にも return していませんでした",
			"CloseAll panicked: %v":                                                            "CloseAll が panic しました: %v",
			"Join after CloseAll":                                                              "CloseAll の後の Join",
			"Join after CloseAll began":                                                        "CloseAll が始まった後の Join",
			"Join after CloseAll had not returned %v later":                                    "CloseAll の後の Join が %v 後にも return していませんでした",
			"Join before CloseAll":                                                             "CloseAll の前の Join",
			"Join had not returned %v later":                                                   "Join が %v 後にも return していませんでした",
			"Join still accepted newcomers %v after CloseAll began":                            "CloseAll が始まってから %v 後にも Join が新しい接続を受け付けていました",
			"Join, while CloseAll waited for a slow peer, had not returned %v later":           "CloseAll が遅い相手を待つ間の Join が %v 後にも return していませんでした",
			"Len after CloseAll had not returned %v later":                                     "CloseAll の後の Len が %v 後にも return していませんでした",
			"Len after CloseAll returned":                                                      "CloseAll が return した後の Len",
			"Len after one of 3 connections was closed by its peer":                            "3 つの接続のうち 1 つを相手が閉じた後の Len",
			"Len had not returned %v later":                                                    "Len が %v 後にも return していませんでした",
			"Len, while CloseAll waited for a slow peer, had not returned %v later":            "CloseAll が遅い相手を待つ間の Len が %v 後にも return していませんでした",
			"Send after Close":                                                                 "Close の後の Send",
			"Send on a connection that joined while CloseAll ran, once CloseAll returned":      "CloseAll の実行中に参加した接続への、CloseAll が return した後の Send",
			"Send on an open connection":                                                       "開いている接続への Send",
			"Send on connection %s after CloseAll returned had not returned %v later":          "CloseAll が return した後の接続 %s への Send が %v 後にも return していませんでした",
			"a peer's Close, while CloseAll ran, panicked: %v":                                 "CloseAll の実行中に相手が呼んだ Close が panic しました: %v",
			"a peer's Close, while CloseAll waited for a slow peer, had not returned %v later": "CloseAll が遅い相手を待つ間の、相手による Close が %v 後にも return していませんでした",
			"a second Close had not returned %v later":                                         "2 回目の Close が %v 後にも return していませんでした",
			"a second Close panicked: %v":                                                      "2 回目の Close が panic しました: %v",
			"a second CloseAll had not returned %v later":                                      "2 回目の CloseAll が %v 後にも return していませんでした",
			"a second CloseAll panicked: %v":                                                   "2 回目の CloseAll が panic しました: %v",
			"connection %s was still open when CloseAll returned: Send returned %v":            "CloseAll が return した時点で接続 %s はまだ開いていました: Send returned %v",
			"the slow peer's writer had not begun its write %v after Send":                     "Send から %v 後にも、遅い相手の writer が書き込みを始めていませんでした",
			"what peer %s had received when CloseAll returned":                                 "CloseAll が return した時点で相手 %s が受け取っていたもの",
			"what peer %s had received when CloseAll returned: %q":                             "CloseAll が return した時点で相手 %s が受け取っていたもの: %q",
			"what peer %s had received when its Close returned":                                "Close が return した時点で相手 %s が受け取っていたもの",
			"what the slow peer had received when its Close returned":                          "Close が return した時点で遅い相手が受け取っていたもの",
			"when a CloseAll returned, with another CloseAll and peers closing at the same time, these connections were still open: %v": "別の CloseAll や相手の切断と同時に動いた CloseAll が return した時点で、まだ開いていた接続: %v",
		},
	})
}
