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
			Hints: []string{
				"Read the failures: which connections are still open after CloseAll, and where were they in the slice when CloseAll passed them? Follow i through three turns of the loop.",
				"The loop reads h.conns under one hold of the lock and uses the index under the next, after Close has called back into the Hub and changed the slice. Holding the lock across Close instead deadlocks: Close calls Hub.remove.",
				"Principle A3 (seed 002, avoiding deadlocks): don't write lock and unlock as a story through a loop. Cut the locked part out into a small function with defer Unlock (mark the Hub closed and hand over the connections), then close them with no lock held.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "hold the Hub's lock across the whole loop, Close included",
					Checker: "the test: CloseAll never returns, since Close calls back into Hub.remove, which waits for the lock CloseAll holds",
				},
				{
					Try:     "loop over a copy of the slice, with the Hub still open",
					Checker: "the test: Join after CloseAll began is refused",
				},
			},
			Debrief: []string{
				"lock and unlock written as a story through a loop hide which lock is held where",
				"cut the locked part out into a small function with defer Unlock: mark the Hub closed, hand over the connections, close them with no lock held",
			},
		},
		Ja: Edition{
			Title:   "物語のように書かれたロック",
			Passage: "deadlock を避けるために: lock と unlock で囲まれた部分を関数に切り出さずに narrative に書くと、どこで何のロックを取っているのかが分かりにくくなる。ロックの中での collection の iteration",
			Goal:    "CloseAll が返った時点で Hub の接続はすべて閉じられ writer も終わっている。その間の新規接続は拒否され、接続が閉じる間も Hub は他の呼び出しに応え続ける。",
			Hints: []string{
				"失敗を読もう。CloseAll のあとも開いたままの接続はどれで、CloseAll が通ったとき slice のどこにあったか。ループを3周、i を追ってみよう。",
				"ループは h.conns をあるロック区間で読み、その添字を次のロック区間で使っている。その間に Close が Hub を呼び返して slice を変えている。逆に Close の間ロックを持ち続けると deadlock する。Close は Hub.remove を呼ぶからだ。",
				"心得 A3(seed 002「deadlock を避けるために」): lock と unlock をループの中で物語のように書かない。ロックする部分を defer Unlock 付きの小さな関数に切り出し(Hub を閉じた印を付けて接続を引き渡す)、ロックを持たずに閉じる。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ループ全体(Close を含む)で Hub のロックを握り続ける",
					Checker: "テスト: CloseAll が戻らない。Close が Hub.remove を呼び返し、それが CloseAll の握るロックを待つ",
				},
				{
					Try:     "スライスのコピーでループし、Hub は開いたままにする",
					Checker: "テスト: CloseAll が始まった後の Join は断られなければならない",
				},
			},
			Debrief: []string{
				"ループの中で物語のように書いたロックとアンロックは、どこでどのロックを握っているかを隠す",
				"ロックする部分を defer Unlock 付きの小さな関数に切り出す: Hub を閉じた印を付けて接続を受け取り、ロックを握らずに閉じる",
			},
		},
	})
}
