package catalogue

// Exercise 16: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    16,
		Dir:       "16_lock_scope",
		Seed:      Seed002,
		Principle: "A2",
		Minutes:   15,
		Solution:  []Excerpt{{"hub.go", `/^func \(h \*Hub\) ShutdownAll/,/^}/`}, {"hub.go", `/^func \(h \*Hub\) all/,/^}/`}},

		En: Edition{
			Title:   "The Hub that held its lock too long",
			Passage: "Avoiding deadlocks: keep the locked range narrow, never take a lock inside a lock, don't iterate a collection under a lock; guard shared state with small getters",
			Goal:    "Kick and ShutdownAll return once their sessions have finished, even when a session calls back into the Hub, and the Hub keeps serving other callers meanwhile.",
			Hints: []string{
				"Read the stuck goroutine's stack from the bottom up: which lock does it want, and who is holding it?",
				"A session's Shutdown calls Hub.Remove, which takes the Hub's mutex; sync.Mutex is not reentrant. What does the Hub really need the lock for while a session shuts down?",
				"Principle A2 (seed 002, avoiding deadlocks): hold the mutex only in small getters; copy what you need (the session, or a snapshot of the map; taking it out of the map works too) under the lock and call the sessions after unlocking.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "sync.RWMutex instead of Mutex",
					Checker: `leaking: deadlock: Kick("b") did not return within 500ms: it is blocked forever`,
				},
				{
					Try:     "unlock before Shutdown but iterate the live map",
					Checker: "the test: a data race under -race, or a session shut down twice",
				},
			},
			Debrief: []string{
				"copy under the lock, call out without it",
				"sync.Mutex is not reentrant, and synctest cannot see a Mutex wait",
			},
		},
		Ja: Edition{
			Title:   "ロックを握りすぎた Hub",
			Passage: "deadlock を避けるために気をつけること: ロックの範囲は狭く、ロックの中でロックを取らない、ロックの中で collection を iterate しない、共有状態は小さな getter で守る",
			Goal:    "Kick と ShutdownAll は、セッションが Hub を呼び返す場合でも、セッションが終わった時点で return し、その間も Hub は他の呼び出しに応え続ける。",
			Hints: []string{
				"止まっている goroutine のスタックを下から読もう。どのロックを欲しがっていて、誰がそれを握っているか。",
				"セッションの Shutdown は Hub.Remove を呼び、Hub.Remove は Hub の Mutex を取る。sync.Mutex は再入できない。セッションが終了するあいだ、Hub は本当は何のためにロックを必要としているのか。",
				"原則 A2(seed 002、deadlock を避けるために): Mutex を握るのは小さな getter の中だけにする。必要なもの(セッション、または map のスナップショット。map から取り出すのでもよい)をロックの中でコピーし、アンロックしてからセッションを呼ぶ。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Mutex の代わりに sync.RWMutex",
					Checker: `リークあり: "deadlock: Kick("b") did not return within 500ms: it is blocked forever"`,
				},
				{
					Try:     "Shutdown の前にアンロックするが、生きている map をそのまま回す",
					Checker: "テスト: -race でのデータ競合、または 2 回 Shutdown されるセッション",
				},
			},
			Debrief: []string{
				"ロックの中でコピーし、ロックの外で呼び出す",
				"sync.Mutex は再入できず、synctest には Mutex の待機が見えない",
			},
		},
	})
}
