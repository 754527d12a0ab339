package catalogue

// Exercise 27: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    27,
		Dir:       "27_lock_order",
		Seed:      SourceGoKer,
		Principle: "L2",
		Minutes:   15,
		Solution:  []Excerpt{{"room.go", `/^func \(r \*Room\) Broadcast/,/^}/`}, {"room.go", `/^func \(m \*Member\) Ping/,/^}/`}},

		En: Edition{
			Title:   "The chat room that locked itself out",
			Passage: "AB-BA deadlock (6 GoKer kernels): two goroutines take the same two Mutexes in opposite orders; seed 002 warns that iterating a collection under a lock takes other locks unnoticed",
			Goal:    "Broadcast and Ping return promptly even when a member's connection fails while both are under way, the member is gone from the room once its Ping has returned, and everyone else still gets every line.",
			Hints: []string{
				"Two goroutines are in the report, both in sync.Mutex.Lock. For each one, which lock does it hold (read its stack upwards) and which does it wait for?",
				"Broadcast takes the Room's lock, then a Member's; Ping takes a Member's, then the Room's. A TryLock loop spins forever, and a timeout around a Lock drops the member's leave: the room must forget bob once his Ping has returned.",
				"Principle L2 (GoKer's AB-BA; seed 002: no lock inside a lock): keep one order, Room before Member. Ping leaves the room after it has unlocked the member; or Broadcast copies the members under the Room's lock and writes without it.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a TryLock loop for the Room's lock in Ping",
					Checker: "the test: deadlock: bob's Ping after his connection failed during a Broadcast (the loop spins while Broadcast waits for bob)",
				},
				{
					Try:     "a timeout around the Room's Lock in Ping that skips the leave",
					Checker: "the test: bob must be gone from the room once his Ping has returned",
				},
			},
			Debrief: []string{
				"two goroutines in sync.Mutex.Lock: read each stack upwards for the lock it holds",
				"one lock order, Room before Member, written next to the fields; or copy the members under the Room's lock and write without it",
			},
		},
		Ja: Edition{
			Title:   "自分を締め出したチャットルーム",
			Passage: "AB-BA デッドロック(GoKer の 6 kernel): 二つの goroutine が同じ二つの Mutex を逆の順序で取る。seed 002 は、ロック中にコレクションを走査すると気づかないうちに別のロックを取ると戒めている",
			Goal:    "両方の処理の最中にメンバーの接続が壊れても Broadcast と Ping はすぐに戻り、Ping が戻った時点でそのメンバーはルームから消えていて、他の全員はすべての行を受け取る。",
			Hints: []string{
				"レポートには sync.Mutex.Lock で待つ goroutine が二つある。それぞれについて、どのロックを握っていて(スタックを上にたどる)、どのロックを待っているか。",
				"Broadcast は Room のロック、次に Member のロックを取る。Ping は Member のロック、次に Room のロックを取る。TryLock のループは永遠に空回りし、Lock をタイムアウトで囲むとメンバーの退出が抜け落ちる。bob の Ping が戻った時点で、ルームは bob を忘れていなければならない。",
				"原則 L2(GoKer の AB-BA。seed 002: ロックの中で別のロックを取らない): 順序は Room が先、Member が後の一つに決める。Ping はメンバーのロックを外してからルームを抜ける。あるいは Broadcast が Room のロックの下でメンバーをコピーし、ロックなしで書き込む。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Ping で Room のロックを TryLock のループで取る",
					Checker: `テスト: "deadlock: bob's Ping after his connection failed during a Broadcast"(Broadcast が bob を待つ間、ループは回り続ける)`,
				},
				{
					Try:     "Ping で Room の Lock をタイムアウト付きにし、退室を飛ばす",
					Checker: "テスト: bob の Ping が戻ったら、bob はルームからいなくなっていなければならない",
				},
			},
			Debrief: []string{
				"sync.Mutex.Lock で止まった goroutine が 2 つ: それぞれのスタックを上へ読み、握っているロックを見つける",
				"ロックの順序は 1 つ、Room が先で Member が後。フィールドの横に書いておく。あるいは Room のロックの下でメンバーをコピーし、ロックなしで書く",
			},
		},
	})
}
