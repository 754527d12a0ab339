package catalogue

// Exercise 21: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    21,
		Dir:       "21_crammed_client",
		Seed:      Seed000,
		Principle: "P4",
		Minutes:   20,
		Solution:  []Excerpt{{"client.go", `/^func startWatch/,/^}/`}, {"client.go", `/^func \(w \*watch\) stop/,/^}/`}},

		En: Edition{
			Title:   "The Client that did everything",
			Passage: "Principle 4, don't cram one struct: several mutexes or channels in one struct mean different things managed together; split them and manage each on its own",
			Goal:    "Once a watch's stop func has returned, nothing of that watch is running, while the Client and its other watches carry on; Close ends the rest.",
			Hints: []string{
				"Read the goleak report: which function started the goroutines still running after their watches were stopped, and what is the only thing they will ever stop for?",
				"The session lives until Close, each watch until its own stop, but the struct gives them one ctx, one WaitGroup and one Close. stop only crosses the watch off a map: can anything in the struct end that one goroutine, and wait for its callback?",
				"Principle P4 (seed 000, don't cram one struct): give each lifetime a type of its own: a session with its heartbeat, and a watch with its own cancel and done channel whose stop cancels and waits. The Client keeps the set of live watches only so that Close can stop the ones nobody stopped.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "let stop cancel the Client's one ctx",
					Checker: "the test: the session keeps its heartbeat while watches come and go, and the flags watch still gets its changes",
				},
				{
					Try:     "cancel the watch's goroutine in stop without waiting for it",
					Checker: "the test: stop returns once the callback in progress has returned, not before",
				},
			},
			Debrief: []string{
				"one struct held three lifetimes: the session, each watch, the Client as a whole",
				"a watch owns its cancel and its done channel: stop cancels and waits, as Close does for the rest",
			},
		},
		Ja: Edition{
			Title:   "何でも抱え込んだ Client",
			Passage: "心得 4「1つの struct に詰め込みすぎない」: 1つの struct に複数の mutex や channel があるなら、異なるものを混ぜて管理している。細かく分割し、別々に管理する",
			Goal:    "watch の stop が返った時点でその watch のものは何も動いておらず、Client と他の watch はそのまま動き続ける。残りは Close が終わらせる。",
			Hints: []string{
				"goleak のレポートを読もう。watch を止めたあとも動いている goroutine はどの関数が起動したものか。その goroutine が止まるきっかけは何か。",
				"session は Close まで、watch はそれぞれの stop まで生きるのに、struct は両方に ctx 1つ、WaitGroup 1つ、Close 1つしか与えていない。stop は map から消すだけだ。struct の中に、その goroutine 1つだけを終わらせ、callback の終了を待てるものはあるか。",
				"心得 P4(seed 000「1つの struct に詰め込みすぎない」): 寿命ごとに型を分ける。heartbeat を持つ session と、自分の cancel と done channel を持ち、stop で cancel して待つ watch。Client が生きている watch の集合を持つのは、誰も止めなかった watch を Close が止めるためだけにする。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "stop で Client のただ 1 つの ctx をキャンセルする",
					Checker: "テスト: watch が増えたり減ったりしてもセッションのハートビートは続き、flags の watch には変更が届き続ける",
				},
				{
					Try:     "stop で watch の goroutine をキャンセルするが、終わるのを待たない",
					Checker: "テスト: stop は実行中のコールバックが戻ってから返る。それより前ではない",
				},
			},
			Debrief: []string{
				"1 つの構造体が 3 つの寿命を抱えていた: セッション、各 watch、Client 全体",
				"watch が自分の cancel と done channel を持つ。stop はキャンセルして待つ。残りには Close が同じことをする",
			},
		},
	})
}
