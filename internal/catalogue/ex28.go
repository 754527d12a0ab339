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
			Hints: []string{
				"The report shows WriteTo waiting in RWMutex.RLock and Counter in RWMutex.Lock. WriteTo already holds a read lock: where does it ask for another, and what stands in its way?",
				"A writer waiting in Lock blocks every new RLock, even from a goroutine that already holds one. A Mutex instead deadlocks at once, Help without its lock is a data race, and a TryRLock loop spins for ever.",
				"Principle L3 (GoKer's RWR): one read lock per method, and no locked method calls another. Copy the sorted counters under one RLock (a counter's name and help never change, its value is atomic) and write to the scraper without any lock.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a Mutex instead of the RWMutex",
					Checker: "the test: the first scrape deadlocks at once, since WriteTo's call of Help locks again",
				},
				{
					Try:     "Help without its lock",
					Checker: "data race: the race run sees Help read the map while Counter writes it",
				},
				{
					Try:     "a TryRLock loop in Help",
					Checker: "the test: deadlock: registering a counter during a slow scrape",
				},
			},
			Debrief: []string{
				"a writer waiting in Lock blocks every new RLock, even a second one from the goroutine that holds the first",
				"one read lock per method and no locked method calls another: copy under the lock, write to the scraper without it",
			},
		},
		Ja: Edition{
			Title:   "二度目の読み取りロック",
			Passage: "RWR デッドロック(GoKer の 5 kernel。Tu らの 85 件のブロッキングバグのうち 5 件が RWMutex): 読み取りロック、書き込み側が待つ、もう一度読み取りロック",
			Goal:    "遅いスクレイパーへの書き込み中にカウンタが登録されても、スクレイプはすべてのカウンタをヘルプ文と値つきで書き出し、登録も戻る。",
			Hints: []string{
				"レポートでは WriteTo が RWMutex.RLock で、Counter が RWMutex.Lock で待っている。WriteTo はすでに読み取りロックを握っている。どこでもう一つ求め、何がそれを阻んでいるのか。",
				"Lock で待つ書き込み側がいると、新しい RLock はすべて待たされる。すでに読み取りロックを握っている goroutine からのものでもそうだ。Mutex に替えれば即座にデッドロックし、Help からロックを外せばデータ競合になり、TryRLock のループは永遠に空回りする。",
				"原則 L3(GoKer の RWR): 読み取りロックはメソッドごとに一度だけ取り、ロックしたメソッドから別のロックするメソッドを呼ばない。一度の RLock の下でソート済みのカウンタをコピーし(名前とヘルプ文は変わらず、値は atomic)、スクレイパーへはロックなしで書き込む。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "RWMutex の代わりに Mutex",
					Checker: "テスト: 最初のスクレイプですぐにデッドロックする。WriteTo から呼んだ Help がもう一度ロックする",
				},
				{
					Try:     "Help でロックを取らない",
					Checker: "データ競合: Counter がマップに書く間に Help が読むのを race 実行が見つける",
				},
				{
					Try:     "Help で TryRLock のループ",
					Checker: `テスト: "deadlock: registering a counter during a slow scrape"`,
				},
			},
			Debrief: []string{
				"Lock で待つ書き手は新しい RLock をすべて止める。最初の読み取りロックを握る goroutine 自身の 2 つ目も",
				"読み取りロックはメソッドごとに 1 回、ロックするメソッドは互いに呼ばない: ロックの下でコピーし、ロックなしでスクレイパーに書く",
			},
		},
	})
}
