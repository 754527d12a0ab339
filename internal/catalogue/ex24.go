package catalogue

// Exercise 24: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    24,
		Dir:       "24_init_deadline_stream",
		Seed:      Seed000,
		Principle: "C1",
		Minutes:   20,
		Solution:  []Excerpt{{"tail.go", `/^\tstreamCtx, cancelStream/,/^\tevents := make/`}, {"tail.go", `/^\tfollow := func/,/^\t}$/`}},

		En: Edition{
			Title:   "The deadline that was only for opening",
			Passage: "What does cancel() stop? BackgroundTask: a deadline for someInitialization can only go on ctx, and then it stops the goroutine too; the Continue variant",
			Goal:    "Open returns by OpenTimeout or when its ctx is done, leaving nothing behind; the stream outlives both; once Continue's ctx is done, Continue returns at once with the stream closed.",
			Clauses: []string{
				"Open returns at OpenTimeout, or as soon as its ctx is done if that comes first, with an error wrapping context.DeadlineExceeded or the ctx's error (the broker's own error if the broker fails first); when Open returns an error, nothing it started is still running and no stream is open or opening at the broker.",
				"Once Open has succeeded, the stream outlives OpenTimeout and Open's ctx, and carries that ctx's values (the caller's credentials): Continue delivers every event, in order, for as long as it runs.",
				"Once Continue's ctx is done, wherever Continue is waiting (for the broker's next event, or for the reader to take one), Continue returns nil at that instant, with the events channel closed, the stream closed at the broker and nothing it started still running.",
				"When the stream fails, Continue returns an error that wraps the stream's error and names the topic, with the events channel closed and nothing it started still running.",
				"Continue runs once: a second call, after the first or while it runs, returns ErrContinued at once and leaves the first call and the events channel alone.",
			},
			Hints: []string{
				"Read the failures: what is still waiting after Open gave up, and what is Continue blocked in after its ctx was cancelled? Which ctx do they wait on, and who can ever cancel it?",
				"The stream lives as long as the ctx Subscribe got. context.WithoutCancel saved it from the open deadline, and from everything else too, its own end included. It needs a ctx of its own, with a cancel func that the opening's deadline calls until the stream is open, and Continue's ctx after. Recv takes no ctx: ending the stream is what ends a Recv that waits.",
				"Principle C1 (seed 000, what does cancel() stop, and the Continue variant): a cancel stops what is blocked with that ctx. streamCtx, cancelStream := context.WithCancel(context.WithoutCancel(ctx)); context.AfterFunc ties it first to a context.WithTimeout of ctx, then to Continue's ctx; Continue defers cancelStream and close(events).",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "pass context.WithTimeout(ctx, OpenTimeout) to Subscribe",
					Checker: "failing: goal clause 2 not met, observed: events delivered in an hour, one every 10s, after Open's ctx was cancelled: got 0, want 360",
				},
				{
					Try:     "give up in Open but leave the handshake's goroutine to finish on its own",
					Checker: "leaking: goal clause 1 not met, observed: 1 goroutine(s) started by the code under test still running when Open returned",
				},
				{
					Try:     "bound the handshake with OpenTimeout alone, on a ctx free of the caller's",
					Checker: "failing: goal clause 1 not met, observed: fake time Open took, with a handshake fake.Hung: got 5000000000, want 2000000000",
				},
				{
					Try:     "give the stream context.Background() so that it outlives Open",
					Checker: "failing: goal clause 2 not met: the stream's Subscribe did not get the caller's credentials",
				},
				{
					Try:     "look at Continue's ctx only between events, or run each Recv in a goroutine and select on the ctx",
					Checker: "leaking: goal clause 3 not met: Continue returns at the next event, or returns at once with the Recv goroutine and the stream left behind",
				},
				{
					Try:     "no guard against a second Continue (the doc says the caller runs it)",
					Checker: "failing: goal clause 5 not met, observed: a second Continue panicked: close of closed channel",
				},
			},
			Debrief: []string{
				"a cancel stops only what waits on that ctx: WithoutCancel shields the stream from everything, its own end included",
				"give the stream a ctx of its own (WithCancel of WithoutCancel, so that it keeps the caller's values), tied by context.AfterFunc to the opening's deadline, then to Continue's ctx",
				"a call without a ctx (Recv) is ended by ending what it reads from: the stream's cancel is the Recv's way out",
				"a func handed to the caller is an API: it must say, and enforce, what a second call does",
			},
		},
		Ja: Edition{
			Title:   "開くときだけのはずだった deadline",
			Passage: "cancel() は何を停止するのか: BackgroundTask では someInitialization の deadline は ctx に載せるしかなく、載せると goroutine も止まってしまう。Continue を返す変形",
			Goal:    "Open は OpenTimeout か ctx の終了で、何も残さずに return します。ストリームはそのどちらよりも長く生き、Continue の ctx が終われば Continue はすぐにストリームを閉じて return します。",
			Clauses: []string{
				"Open は OpenTimeout で、またはそれより先に ctx が終われば直ちに return し、context.DeadlineExceeded か ctx のエラー(ブローカーが先に失敗したときはブローカー自身のエラー)をラップしたエラーを返します。Open がエラーを返したときは、Open が起動したものは何も動いておらず、ブローカーで開いているストリームや開きかけのストリームもありません。",
				"Open が成功した後のストリームは OpenTimeout よりも Open の ctx よりも長く生き、その ctx の値(呼び出し側の認証情報)を持ちます。Continue は動いている間、すべてのイベントを順番どおりに届けます。",
				"Continue の ctx が終わったら、Continue がどこで待っていても(ブローカーの次のイベントを待っていても、読み手がイベントを受け取るのを待っていても)、その瞬間に nil を返します。そのとき events の channel は閉じられ、ブローカーのストリームも閉じられ、Continue が起動したものは何も動いていません。",
				"ストリームが失敗したときは、Continue はストリームのエラーをラップしトピック名を含むエラーを返します。そのとき events の channel は閉じられ、Continue が起動したものは何も動いていません。",
				"Continue が動くのは一度だけです。2 回目の呼び出しは、1 回目の後でも実行中でも、すぐに ErrContinued を返し、1 回目の呼び出しにも events の channel にも手を触れません。",
			},
			Hints: []string{
				"失敗を読んでみましょう。Open が諦めた後も待っているものは何でしょうか。ctx を cancel された後、Continue は何の中でブロックしているでしょうか。それらが待つ ctx は何で、誰がそれを cancel できるでしょうか。",
				"ストリームは Subscribe が受け取った ctx と同じだけ生きます。context.WithoutCancel はストリームを開くときの deadline から守りましたが、それ以外のすべて、ストリーム自身の終わりからも切り離してしまいました。ストリームには専用の ctx と cancel 関数が必要で、開き終わるまでは開くときの deadline が、その後は Continue の ctx がそれを呼びます。Recv は ctx を取らないので、待っている Recv を終わらせるのはストリームを終わらせることです。",
				"原則 C1(seed 000、cancel() は何を停止するのか、と Continue を返す変形): cancel が止めるのは、その ctx で待っているものです。streamCtx, cancelStream := context.WithCancel(context.WithoutCancel(ctx)) とし、context.AfterFunc でまず ctx から作った context.WithTimeout に、その後は Continue の ctx に結び付けます。Continue は cancelStream と close(events) を defer します。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Subscribe に context.WithTimeout(ctx, OpenTimeout) を渡す",
					Checker: "失敗: 条項 2 が満たされていません。観測: Open の ctx が cancel された後、1 時間(10s ごとに 1 件)で届いたイベント: got 0, want 360",
				},
				{
					Try:     "Open は諦めるが、ハンドシェイクの goroutine は自分で終わるのに任せる",
					Checker: "リーク: 条項 1 が満たされていません。観測: Open が return した時点で、テスト対象のコードが起動した goroutine が 1 つまだ動いています",
				},
				{
					Try:     "ハンドシェイクを、呼び出し側の ctx から切り離した OpenTimeout だけで区切る",
					Checker: "失敗: 条項 1 が満たされていません。観測: ハンドシェイクが fake.Hung のとき Open にかかった偽の時間: got 5000000000, want 2000000000",
				},
				{
					Try:     "ストリームが Open より長く生きるよう context.Background() を渡す",
					Checker: "失敗: 条項 2 が満たされていません。ストリームの Subscribe が呼び出し側の認証情報を受け取っていません",
				},
				{
					Try:     "Continue の ctx をイベントの合間にだけ見る、または Recv を 1 回ずつ goroutine で動かして ctx と select する",
					Checker: "リーク: 条項 3 が満たされていません。Continue が次のイベントまで return しないか、すぐに return しても Recv の goroutine とストリームが残ります",
				},
				{
					Try:     "2 回目の Continue を防がない(呼ぶのは呼び出し側だとドキュメントにある)",
					Checker: "失敗: 条項 5 が満たされていません。観測: 2 回目の Continue が panic しました: close of closed channel",
				},
			},
			Debrief: []string{
				"cancel が止めるのはその ctx で待っているものだけ: WithoutCancel はストリームをあらゆるものから守り、ストリーム自身の終わりからも切り離してしまう",
				"ストリームには専用の ctx を与える(呼び出し側の値を残すため WithoutCancel の WithCancel)。context.AfterFunc で、まず開くときの deadline に、その後は Continue の ctx に結び付ける",
				"ctx を取らない呼び出し(Recv)は、その読み出し元を終わらせることで終わらせる: ストリームの cancel が Recv の出口になる",
				"呼び出し側に渡す関数も API である: 2 回目の呼び出しで何が起きるかを決めて、それを守らせる",
			},
		},
		Messages: map[string]string{
			"Continue had not returned %v after its ctx was cancelled":                                             "ctx が cancel されてから %v 後にも Continue が return していませんでした",
			"Continue had not returned %v after the stream failed":                                                 "ストリームが失敗してから %v 後にも Continue が return していませんでした",
			"Continue's error does not name the topic %q: %q":                                                      "Continue のエラーにトピック %q の名前がありません: %q",
			"Continue's result once its ctx was cancelled":                                                         "ctx が cancel された後の Continue の結果",
			"Continue's result once the stream failed":                                                             "ストリームが失敗した後の Continue の結果",
			"Continue, called twice at once, panicked: %v, %v":                                                     "2 回同時に呼んだ Continue が panic しました: %v, %v",
			"Continue, called twice at once, returned %v and %v":                                                   "2 回同時に呼んだ Continue は %v と %v を返しました",
			"Open's error, with a handshake %s":                                                                    "ハンドシェイクが %s のときの Open のエラー",
			"Open's error, with its ctx cancelled during the handshake":                                            "ハンドシェイク中に ctx が cancel されたときの Open のエラー",
			"Open, with a handshake %s":                                                                            "ハンドシェイクが %s のときの Open",
			"Open, with a handshake %s, had not returned %v later":                                                 "ハンドシェイクが %s のとき、Open が %v 後にも return していませんでした",
			"Open, with a handshake of %v":                                                                         "ハンドシェイクに %v かかるときの Open",
			"a second Continue panicked: %v":                                                                       "2 回目の Continue が panic しました: %v",
			"a second Continue's result":                                                                           "2 回目の Continue の結果",
			"a second Continue, called while the first ran, had not returned %v later":                             "1 回目の実行中に呼んだ 2 回目の Continue が、%v 後にも return していませんでした",
			"a second after Open returned its error, the broker had %d handshake(s) waiting and %d stream(s) open": "Open がエラーを返してから 1 秒後、ブローカーでは %d 件のハンドシェイクが待っていて、%d 本のストリームが開いていました",
			"after a second Continue was called, the first delivered %d more event(s) in %v, and the events channel was closed: %v": "2 回目の Continue を呼んだ後、1 回目の Continue が %[2]v で届けたイベントは %[1]d 件で、events の channel が閉じられていたか: %[3]v",
			"events delivered before the stream failed":                                                  "ストリームが失敗するまでに届いたイベントの数",
			"events delivered in %v by a stream opened at the deadline":                                  "期限ちょうどに開いたストリームが %v で届けたイベントの数",
			"events delivered in an hour, one every %v, after Open's ctx was cancelled":                  "Open の ctx が cancel された後、1 時間(%v ごとに 1 件)で届いたイベントの数",
			"fake time Continue took to return once its ctx was cancelled":                               "ctx が cancel されてから Continue が return するまでの偽の時間",
			"fake time Open took, with a handshake %s":                                                   "ハンドシェイクが %s のとき Open にかかった偽の時間",
			"fake time a second Continue took":                                                           "2 回目の Continue にかかった偽の時間",
			"once Open returned its error, the broker had %d handshake(s) waiting and %d stream(s) open": "Open がエラーを返した時点で、ブローカーでは %d 件のハンドシェイクが待っていて、%d 本のストリームが開いていました",
			"streams open at the broker a second after Continue returned":                                "Continue が return してから 1 秒後にブローカーで開いていたストリームの数",
			"streams open at the broker once Continue returned":                                          "Continue が return した時点でブローカーで開いていたストリームの数",
			"the credentials in the ctx of the stream's Subscribe":                                       "ストリームの Subscribe が受け取った ctx の認証情報",
			"the events channel was not closed %v after Continue returned":                               "Continue が return してから %v 後にも events の channel が閉じられていませんでした",
			"the events channel was not closed when Continue returned":                                   "Continue が return した時点で events の channel が閉じられていませんでした",
			"the events of %q were not offsets 1, 2, 3... in order: first %v":                            "%q のイベントがオフセット 1, 2, 3... の順になっていませんでした。最初の数件: %v",
			"the first Continue returned %v and panicked with %v, on a stream that failed":               "失敗するストリームで、1 回目の Continue が %v を返し、%v で panic しました",
		},
	})
}
