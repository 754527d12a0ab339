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
			Hints: []string{
				"The report shows Put waiting in sync.Mutex.Lock, yet no goroutine is inside Get or Put any more. Which call returned and kept the lock?",
				"Walk every return of Get and check that each one unlocks. A TryLock loop or a Lock with a timeout turns the hang into a spin or an error: the lock is still held, and the connection put back can never be handed out.",
				"Principle L1 (GoKer's double locking): give each locked step its own small method that does Lock then defer Unlock and returns what Get needs (an idle connection, or a reserved slot to dial); Get dials outside it.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a TryLock loop, or a Lock with a timeout, in Put",
					Checker: "the test: a connection put back is handed out again, which it never can be while the lock is held",
				},
			},
			Debrief: []string{
				"every return is an exit from the critical section: Lock then defer Unlock in a small method covers them all",
				"dial outside the lock: a slow network must not hold up Put",
			},
		},
		Ja: Edition{
			Title:   "ロックを握ったままの早期 return",
			Passage: "GoKer で最も多いロックのクラス、二重ロック(68 のブロッキング kernel のうち 12): 早期 return が Unlock を飛ばし、次の Lock が永遠に待つ",
			Goal:    "プールがどれほど混んでいても(使い切った状態も含めて)Get と Put はすぐに戻り、返却された接続は再び貸し出される。",
			Hints: []string{
				"レポートでは Put が sync.Mutex.Lock で待っているが、Get にも Put にももう誰もいない。ロックを握ったまま戻ったのはどの呼び出しか。",
				"Get のすべての return について、Unlock しているかを確かめる。TryLock のループやタイムアウト付きの Lock は、ハングを空回りかエラーに変えるだけで、ロックは握られたままなので、返却された接続はいつまでも貸し出せない。",
				"原則 L1(GoKer の二重ロック): ロックする処理をそれぞれ小さなメソッドに分け、Lock の直後に defer Unlock を書いて、Get が必要とするもの(空いている接続、またはダイヤル用に予約した枠)を返す。ダイヤルはその外で行う。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Put で TryLock のループ、またはタイムアウト付きの Lock",
					Checker: "テスト: 返した接続がまた貸し出されなければならないが、ロックを握られたままでは決して貸し出せない",
				},
			},
			Debrief: []string{
				"return はすべてクリティカルセクションの出口: 小さなメソッドで Lock して defer Unlock すれば、すべてを覆える",
				"ダイヤルはロックの外で: 遅いネットワークが Put を止めてはならない",
			},
		},
	})
}
