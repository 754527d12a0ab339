package catalogue

// Exercise 08: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    8,
		Dir:       "08_who_decides_timeout",
		Seed:      Seed000,
		Principle: "C1",
		Minutes:   15,
		Solution:  []Excerpt{{"client.go", `/^func \(c \*Client\) Get/,/^}/`}, {"client.go", `/^func \(c \*Client\) withTimeout/,/^}/`}},

		En: Edition{
			Title:   "Who decides the timeout",
			Passage: "Who decides the timeout: a client keeps a per-request timeout (WithRequestTimeout) and applies it inside the library to every raw request",
			Goal:    "Every call returns when the caller's ctx is done or its per-request timeout passes, leaves no raw request running or waiting to deliver an answer, and an error of its own timeout says so.",
			Hints: []string{
				"Read the failures: after the call returned, what is the raw request still doing, and what ctx does it see?",
				"The client stops waiting but never tells the request to stop. Could the raw request's own ctx carry both the caller's cancellation and the client's timeout, so no second goroutine is needed?",
				`Principle C1 (seed 000, "who decides the timeout"): derive each raw request's ctx from the caller's with context.WithTimeoutCause(ctx, c.requestTimeout, cause), defer cancel(), and call the transport directly: the caller's ctx decides, the client's default bounds each request, and when ctx is done, context.Cause(ctx) says whose deadline it was (the cause wraps context.DeadlineExceeded).`,
			},
			WrongFixes: []WrongFix{
				{
					Try:     "one timeout for the whole PutWhenChanged",
					Checker: "the test: each raw request gets the full timeout",
				},
				{
					Try:     "ignore the caller's ctx once the client's timeout is set",
					Checker: "the test: Get must return as soon as the caller cancels",
				},
			},
			Debrief: []string{
				"the library decides a per-request timeout; the caller's ctx still wins",
				"context.WithTimeout on the caller's ctx keeps both",
			},
		},
		Ja: Edition{
			Title:   "タイムアウトを決めるのは誰か",
			Passage: "「だれがタイムアウトを決めるのか」: クライアントがリクエストごとのタイムアウト(WithRequestTimeout)を持ち、ライブラリの中で個々の raw リクエストに適用する",
			Goal:    "どの呼び出しも、呼び出し側の ctx が終わるかリクエストごとのタイムアウトが過ぎたら return し、動き続ける raw リクエストも、結果を渡そうと待つ raw リクエストも残さない。自前のタイムアウトによるエラーはそうだとわかるように伝える。",
			Hints: []string{
				"失敗内容を読もう。呼び出しが return した後、raw リクエストはまだ何をしているか。どの ctx を見ているか。",
				"クライアントは待つのをやめるが、リクエストに止まれとは伝えない。raw リクエスト自身の ctx に、呼び出し側のキャンセルとクライアントのタイムアウトの両方を持たせれば、2 つ目の goroutine は要らないのでは?",
				"原則 C1(seed 000、「だれがタイムアウトを決めるのか」): 各 raw リクエストの ctx を context.WithTimeoutCause(ctx, c.requestTimeout, cause) で呼び出し側の ctx から派生させ、defer cancel() し、transport を直接呼ぶ。止める時を決めるのは呼び出し側の ctx で、クライアントの既定値は個々のリクエストの上限を決める。ctx が終わったら、context.Cause(ctx) がどちらの deadline だったかを教えてくれる(cause は context.DeadlineExceeded を wrap する)。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "PutWhenChanged 全体にタイムアウトを 1 つ",
					Checker: "テスト: 個々のリクエストがそれぞれタイムアウトをまるごと使える",
				},
				{
					Try:     "クライアントのタイムアウトを設定したら呼び出し側の ctx は無視する",
					Checker: "テスト: 呼び出し側がキャンセルしたら Get はすぐに return しなければならない",
				},
			},
			Debrief: []string{
				"リクエストごとのタイムアウトはライブラリが決める。それでも呼び出し側の ctx が優先される",
				"呼び出し側の ctx に context.WithTimeout を重ねれば両方が保てる",
			},
		},
	})
}
