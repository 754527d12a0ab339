package catalogue

// Exercise 23: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    23,
		Dir:       "23_starved_keepalive",
		Seed:      Seed000,
		Principle: "P3",
		Minutes:   15,
		Solution:  []Excerpt{{"registration.go", `/^\tfor \{/,/^}/`}},

		En: Edition{
			Title:   "The keepalive that the probes starved",
			Passage: "Extra: trying hard with channels: the channel-only Statefull's Run loop selects on putCh, getCh and a new time.After(kaInterval) on every pass",
			Goal:    "However often Put and Current are called, the current lease gets one keepalive per interval, no more, and a dropped lease ends Run at the next keepalive.",
			Clauses: []string{
				"While Run runs, the current lease gets one keepalive per interval, on the interval's beat, however often Put and Current are called, and even when each keepalive takes half an interval to answer: never fewer, never more.",
				"Each keepalive goes to the lease of the last Put that returned before the keepalive began.",
				"A keepalive that fails (the registry dropped the lease, or fails) ends Run at that keepalive, with an error wrapping the keepalive's; when Run returns, nothing it started is still running.",
				"A cancel of Run's ctx ends Run with nil at once, even while a keepalive is on the wire (as soon as that keepalive returns, when the registry ignores the cancel); when Run returns, nothing it started is still running.",
				"Put and Current never wait for a Run that has returned or is returning: Put returns nil or an error wrapping ErrStopped, Current a lease that was put; once Run has returned, Put returns ErrStopped and Current the last lease.",
			},
			Hints: []string{
				"Read the failures: how many keepalives did the registry see while Current was called every 300 ms? Neither detector sees anything stuck: the goroutine runs, it just never gets to its keepalive.",
				"Count the timers: which line makes the timer the select waits on, and how often does that line run when Put and Current are called more often than the interval? Halving the interval only changes how frequent the callers must be, and doubles the keepalives.",
				"Principle P3 (seed 000, the channel-only Statefull): a time.Ticker made once before the loop keeps the interval whatever else the select serves. Simpler still, as in exercise 03: guard the lease with a sync.Mutex, so that Put and Current never go through the loop.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "halve the keepalive interval",
					Checker: "failing: goal clause 1 not met, observed: keepalives in 5.5s, with Current called every 300ms: got []string{}, want []string{\"1s: lease 1\", ...}",
				},
				{
					Try:     "reuse one timer and Reset it on every pass of the loop",
					Checker: "failing: goal clause 1 not met, the same observation: every pass still pushes the keepalive back",
				},
				{
					Try:     "send a keepalive on every pass of the loop",
					Checker: "failing: goal clause 1 not met: more keepalives than one per interval",
				},
				{
					Try:     "let Put hand its lease over only when the loop is ready (select with default)",
					Checker: "failing: goal clause 1 not met: the lease of a Put that came while the loop was busy never reaches it",
				},
				{
					Try:     "return the keepalive's error as it is, a cancel on the wire included",
					Checker: "failing: goal clause 4 not met, observed: Run's result once its ctx was cancelled, with a keepalive fake.Hung: got error \"keepalive lease 2: context canceled\"",
				},
				{
					Try:     "Put and Current with plain channel operations, as in the seed",
					Checker: "leaking: Put and Current blocked for ever once Run returned (goal clause 5)",
				},
			},
			Debrief: []string{
				"time.After in a select loop starts a new timer on every pass: frequent callers starve it, and neither detector sees a thing",
				"a time.Ticker made once before the loop, or a deadline that only a keepalive moves; simpler still, a mutex so that Put and Current never go through the loop (exercise 03)",
				"a keepalive that returns the ctx's error after our own cancel is not a failure: check your own ctx before reporting one (seed 000, trust your own ctx)",
			},
		},
		Ja: Edition{
			Title:   "プローブに飢えさせられた keepalive",
			Passage: "番外編「channel で頑張りたい」: channel だけで書いた Statefull の Run ループは、毎周 putCh、getCh、新しい time.After(kaInterval) を select する",
			Goal:    "Put と Current がどれほど頻繁に呼ばれても、現在のリースには interval ごとにちょうど 1 回 keepalive が送られ、落とされたリースは次の keepalive で Run を終わらせます。",
			Clauses: []string{
				"Run が動いている間、現在のリースには interval ごとに 1 回、interval の拍子どおりに keepalive が送られます。Put と Current がどれほど頻繁に呼ばれても、keepalive の応答に interval の半分かかっても、それより少なくも多くもなりません。",
				"各 keepalive は、その keepalive が始まる前に return した最後の Put のリースに送られます。",
				"keepalive が失敗したら(registry がリースを落とした、または registry が失敗した)、Run はその keepalive で終わり、keepalive のエラーをラップしたエラーを返します。Run が return したときには、Run が起動したものは何も動いていません。",
				"Run の ctx を cancel すると、keepalive の送信中であっても Run はすぐに nil を返して終わります(registry が cancel を無視するときは、その keepalive が戻りしだい)。Run が return したときには、Run が起動したものは何も動いていません。",
				"Put と Current が、return した Run や return しつつある Run を待つことはありません。そのとき Put は nil か ErrStopped をラップしたエラーを、Current は Put されたリースのどれかを返します。Run が return した後は、Put は ErrStopped を、Current は最後のリースを返します。",
			},
			Hints: []string{
				"失敗を読んでみましょう。300 ms ごとに Current が呼ばれている間、registry に届いた keepalive は何回でしょうか。どちらの検出器も止まったものを見つけません。goroutine は動いていますが、keepalive にたどり着かないだけです。",
				"タイマーを数えてみましょう。select が待つタイマーを作っているのはどの行で、Put と Current が interval より頻繁に呼ばれるとき、その行は何回実行されるでしょうか。interval を半分にしても、必要な呼び出しの頻度が変わり、keepalive が倍になるだけです。",
				"原則 P3(seed 000、channel だけの Statefull): ループの前に一度だけ作った time.Ticker なら、select が他に何を受けても間隔は保たれます。もっと単純なのは演習 03 のように lease を sync.Mutex で守り、Put と Current がループを通らないようにすることです。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "keepalive の間隔を半分にする",
					Checker: "失敗: 条項 1 が満たされていません。観測: Current を 300ms ごとに呼んだとき、5.5s の間の keepalive: got []string{}, want []string{\"1s: lease 1\", ...}",
				},
				{
					Try:     "タイマーを 1 つだけ作り、ループを回るたびに Reset する",
					Checker: "失敗: 条項 1 が満たされていません。観測は同じです。回るたびに keepalive が先送りされることに変わりはありません",
				},
				{
					Try:     "ループを回るたびに keepalive を送る",
					Checker: "失敗: 条項 1 が満たされていません。keepalive が interval ごとに 1 回より多くなります",
				},
				{
					Try:     "ループが受け取れるときだけ Put がリースを渡す(default 付きの select)",
					Checker: "失敗: 条項 1 が満たされていません。ループが忙しいときに来た Put のリースはループに届きません",
				},
				{
					Try:     "keepalive のエラーを、送信中の cancel によるものも含めてそのまま返す",
					Checker: "失敗: 条項 4 が満たされていません。観測: keepalive が fake.Hung のとき、ctx が cancel された後の Run の結果: got error \"keepalive lease 2: context canceled\"",
				},
				{
					Try:     "seed と同じく、Put と Current をただの channel 操作で書く",
					Checker: "リーク: Run が return した後、Put と Current が永遠にブロックします(条項 5)",
				},
			},
			Debrief: []string{
				"select のループの中の time.After は回るたびに新しいタイマーを作る: 呼び出しが頻繁だと飢え、どちらの検出器にも何も見えない",
				"ループの前に一度だけ作る time.Ticker か、keepalive だけが進める期限。もっと単純には、Put と Current がループを通らないよう mutex で守る(演習 03)",
				"自分で cancel した後に keepalive が ctx のエラーを返しても、それは失敗ではない: 失敗として報告する前に自分の ctx を確かめる(seed 000、自分の ctx を信頼する)",
			},
		},
		Messages: map[string]string{
			"Current after Run returned":                                                               "Run が return した後の Current",
			"Current after Run returned had not returned %v later":                                     "Run が return した後の Current が %v 後にも return していませんでした",
			"Current called while Run returned gave lease %d; leases 1 to 3 were put":                  "Run の return と同時に呼んだ Current がリース %d を返しました。Put されたのはリース 1 から 3 です",
			"Put after Run returned":                                                                   "Run が return した後の Put",
			"Put after Run returned had not returned %v later":                                         "Run が return した後の Put が %v 後にも return していませんでした",
			"Put called while Run returned":                                                            "Run の return と同時に呼んだ Put",
			"Put while Run runs":                                                                       "Run の実行中の Put",
			"Run had not returned %v after its ctx was cancelled, with a keepalive %s":                 "keepalive が %[2]s のとき、ctx が cancel されてから %[1]v 後にも Run が return していませんでした",
			"Run had not returned %v after its keepalives began to fail, with Current called every %v": "Current を %[2]v ごとに呼んでいるとき、keepalive が失敗し始めてから %[1]v 後にも Run が return していませんでした",
			"Run's result once a keepalive failed":                                                     "keepalive が失敗した後の Run の結果",
			"Run's result once its ctx was cancelled":                                                  "ctx が cancel された後の Run の結果",
			"Run's result once its ctx was cancelled, with a keepalive %s":                             "keepalive が %s のとき、ctx が cancel された後の Run の結果",
			"fake time Current and Put took after Run returned":                                        "Run が return した後の Current と Put にかかった偽の時間",
			"fake time from the cancel to Run's return, with a keepalive %s":                           "keepalive が %s のとき、cancel から Run の return までの偽の時間",
			"fake time from the failure to Run's return, the next keepalive being due %v later":        "失敗から Run の return までの偽の時間(次の keepalive は %v 後の予定)",
			"keepalives in %v, each taking %v, with Current called every %v and a Put every %v":        "keepalive 1 回に %[2]v かかり、Current を %[3]v ごと、Put を %[4]v ごとに呼んだとき、%[1]v の間の keepalive",
			"keepalives in %v, with Current called every %v":                                           "Current を %[2]v ごとに呼んだとき、%[1]v の間の keepalive",
			"keepalives in %v, with a Put every %v":                                                    "Put を %[2]v ごとに呼んだとき、%[1]v の間の keepalive",
			"the keepalive at %v went to lease %d; the last Put that returned before it got lease %d":  "%v の keepalive はリース %d に送られました。それより前に return した最後の Put が得たのはリース %d です",
		},
	})
}
