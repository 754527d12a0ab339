package catalogue

// Exercise 24: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    24,
		Dir:       "24_init_deadline_stream",
		Seed:      Seed000,
		Principle: "C1",
		Minutes:   20,
		Solution:  []Excerpt{{"tail.go", `/^\tstreamCtx, cancelStream/,/^\tevents := make/`}, {"tail.go", `/^\tfollow := func/,/^}/`}},

		En: Edition{
			Title:   "The deadline that was only for opening",
			Passage: "What does cancel() stop? BackgroundTask: a deadline for someInitialization can only go on ctx, and then it stops the goroutine too; the Continue variant",
			Goal:    "Open returns by OpenTimeout or when its ctx is done, leaving nothing behind; the stream outlives both; once Continue's ctx is done, Continue returns at once with the stream closed.",
			Hints: []string{
				"Read the failures: what is still waiting after Open gave up, and what is Continue blocked in after its ctx was cancelled? Which ctx do they wait on, and who can ever cancel it?",
				"The stream lives as long as the ctx Subscribe got. context.WithoutCancel saved it from the open deadline and from everything else too. It needs a ctx of its own, with a cancel func that the opening's deadline calls until the stream is open, and Continue's ctx after.",
				"Principle C1 (seed 000, what does cancel() stop, and the Continue variant): a cancel stops what is blocked with that ctx. streamCtx, cancelStream := context.WithCancel(context.WithoutCancel(ctx)); context.AfterFunc ties it first to a context.WithTimeout of ctx, then to Continue's ctx; Continue defers cancelStream.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "pass context.WithTimeout(ctx, OpenTimeout) to Subscribe",
					Checker: "the test: the stream outlives Open, and that timeout would end it",
				},
				{
					Try:     "keep context.WithoutCancel and make Open select on its ctx",
					Checker: "leaking: Subscribe calls are still waiting for the broker's handshake, and will forever",
				},
				{
					Try:     "look at Continue's ctx only between events",
					Checker: "the test: Continue returns as soon as its ctx is done, not at the next event",
				},
			},
			Debrief: []string{
				"a cancel stops only what waits on that ctx: WithoutCancel shields the stream from everything, its own end included",
				"give the stream a ctx of its own, tied by context.AfterFunc to the opening's deadline, then to Continue's ctx",
			},
		},
		Ja: Edition{
			Title:   "開くときだけのはずだった deadline",
			Passage: "cancel() は何を停止するのか: BackgroundTask では someInitialization の deadline は ctx に載せるしかなく、載せると goroutine も止まってしまう。Continue を返す変形",
			Goal:    "Open は OpenTimeout か ctx の終了で何も残さずに返る。stream はそのどちらよりも長く生き、Continue の ctx が終われば Continue はすぐに stream を閉じて返る。",
			Hints: []string{
				"失敗を読もう。Open が諦めたあとも待っているものは何か。ctx を cancel されたあと Continue は何の中でブロックしているか。それらが待つ ctx は何で、誰がそれを cancel できるか。",
				"stream は Subscribe に渡した ctx が生きている間だけ生きる。context.WithoutCancel は open の deadline からは stream を守ったが、ほかのすべてからも切り離してしまった。stream には専用の ctx と cancel 関数が要る。stream が開くまでは open の deadline が、開いたあとは Continue の ctx がそれを呼ぶ。",
				"心得 C1(seed 000「cancel() は何を停止するのか」と Continue): cancel が止めるのは、その ctx でブロックしているものだ。streamCtx, cancelStream := context.WithCancel(context.WithoutCancel(ctx))。context.AfterFunc で、まず ctx から作った context.WithTimeout に、次に Continue の ctx に結び付け、Continue では defer cancelStream() する。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "context.WithTimeout(ctx, OpenTimeout) を Subscribe に渡す",
					Checker: "テスト: ストリームは Open より長生きする。そのタイムアウトはストリームを終わらせてしまう",
				},
				{
					Try:     "context.WithoutCancel はそのままで、Open で ctx を select する",
					Checker: `リークあり: "Subscribe calls are still waiting for the broker's handshake, and will forever"`,
				},
				{
					Try:     "Continue の ctx をイベントの合間にだけ見る",
					Checker: "テスト: Continue は ctx が終わったらすぐに戻る。次のイベントを待たない",
				},
			},
			Debrief: []string{
				"cancel が止めるのはその ctx で待っているものだけ: WithoutCancel はストリームを、その終わりも含めてすべてから切り離す",
				"ストリームに専用の ctx を持たせ、context.AfterFunc で最初は開くときの期限に、その後は Continue の ctx に結び付ける",
			},
		},
	})
}
