package catalogue

// Exercise 03: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    3,
		Dir:       "03_channel_statefull",
		Seed:      Seed000,
		Principle: "P3",
		Minutes:   15,
		Solution:  []Excerpt{{"statefull.go", `/^type Statefull struct/,/^}/`}, {"statefull.go", `/^func \(s \*Statefull\) Current/,/^}/`}},

		En: Edition{
			Title:   "The channel-only Statefull",
			Passage: "Extra: trying hard with channels: Statefull whose Put and Current talk to a Run event loop over putCh and getCh",
			Goal:    "Once Run has returned, Put fails with ErrStopped and Current returns the last lease, both promptly.",
			Hints: []string{
				"Put and Current are stuck on channel operations in the report. Which goroutine was supposed to be on the other end, and where is it now?",
				"Draining putCh and getCh after the loop stops raises a new question: until when? Ask instead whether the lease needs a goroutine at all. And look at the loop's time.After: every Put or Current restarts it, so frequent callers starve the keepalives.",
				"Principle P3 (seed 000, the Activate pattern's Statefull): guard the lease with a sync.Mutex; Run only ticks and sends keepalives, and marks the Statefull stopped with defer when it returns.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "drain the request channels after the loop returns",
					Checker: "the test: until when? a Put that arrives later is stranded again",
				},
				{
					Try:     "give Put and Current a select with time.After",
					Checker: "the test: Put after Run stopped must fail with ErrStopped promptly, not after a timeout",
				},
			},
			Debrief: []string{
				"the lease is data: a mutex guards it, no goroutine has to answer",
				"Run blocks and returns its error: the Activate pattern (P1)",
				"the runtime's goroutineleak profile misses this leak while the struct is reachable (module 6)",
			},
		},
		Ja: Edition{
			Title:   "channel だけで作った Statefull",
			Passage: "「番外編:channelで頑張りたい」: Put と Current が putCh と getCh 経由で Run のイベントループとやりとりする Statefull",
			Goal:    "Run が return した後は、Put はすぐに ErrStopped で失敗し、Current はすぐに最後のリースを返す。",
			Hints: []string{
				"レポートでは Put と Current が channel 操作で止まっている。相手側にいるはずだった goroutine はどれで、今どこにいるか。",
				"ループが止まった後に putCh と getCh を読み捨てるようにすると、「いつまで?」という新しい問題が生まれる。そもそもリースに goroutine が必要なのかを考えてみよう。ループの time.After にも注目: Put や Current のたびにタイマーが作り直されるので、頻繁に呼ばれると keepalive が送られなくなる。",
				"原則 P3(seed 000、Activate パターンの Statefull): リースは sync.Mutex で守る。Run は tick と keepalive の送信だけを行い、return するときに defer で Statefull を停止済みにする。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "ループが return した後にリクエストの channel を読み捨てる",
					Checker: "テスト: いつまで読むのか。後から来た Put はまた取り残される",
				},
				{
					Try:     "Put と Current で time.After と select する",
					Checker: "テスト: Run が止まった後の Put は、タイムアウトを待たずにすぐ ErrStopped で失敗しなければならない",
				},
			},
			Debrief: []string{
				"リースはデータ: Mutex で守れば、答えるべき goroutine は要らない",
				"Run はブロックしてエラーを返す: Activate パターン(P1)",
				"struct に到達できる間は、ランタイムの goroutineleak プロファイルはこのリークを見逃す(モジュール 6)",
			},
		},
	})
}
