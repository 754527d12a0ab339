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
			Hints: []string{
				"Read the failures: how many keepalives did the registry see while Current was called every 300 ms? Neither detector sees anything stuck: the goroutine runs, it just never gets to its keepalive.",
				"time.After inside the select makes a new timer on every pass of the loop, and every Put or Current is a pass. Callers more frequent than the interval push the keepalive back forever. Halving the interval only changes how frequent they must be, and doubles the keepalives.",
				"Principle P3 (seed 000, the channel-only Statefull): a time.Ticker made once before the loop keeps the interval whatever else the select serves. Simpler still, as in exercise 03: guard the lease with a sync.Mutex, so that Put and Current never go through the loop.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "halve the keepalive interval",
					Checker: "failing: with the health endpoint calling Current every 300ms, the lease must still get one keepalive per 1s (and Run is still running after the registry dropped its lease)",
				},
				{
					Try:     "send a keepalive on every pass of the loop",
					Checker: "the test: the current lease gets one keepalive per interval, no more",
				},
			},
			Debrief: []string{
				"time.After in a select loop starts a new timer on every pass: frequent callers starve it, and neither detector sees a thing",
				"a time.Ticker made once before the loop; simpler still, a mutex so that Put and Current never go through the loop (exercise 03)",
			},
		},
		Ja: Edition{
			Title:   "プローブに飢えさせられた keepalive",
			Passage: "番外編「channel で頑張りたい」: channel だけで書いた Statefull の Run ループは、毎周 putCh、getCh、新しい time.After(kaInterval) を select する",
			Goal:    "Put と Current がどれほど頻繁に呼ばれても、現在の lease には interval ごとにちょうど1回 keepalive が送られ、落とされた lease は次の keepalive で Run を終わらせる。",
			Hints: []string{
				"失敗を読もう。300 ms ごとに Current が呼ばれている間、registry に届いた keepalive は何回か。どちらの検出器も何も見つけない。goroutine は動いているが、keepalive にたどり着かないだけだ。",
				"select の中の time.After はループが回るたびに新しいタイマーを作り、Put や Current のたびにループは回る。interval より頻繁な呼び出しは keepalive を永遠に先送りする。interval を半分にしても、必要な頻度が変わり keepalive が倍になるだけだ。",
				"心得 P3(seed 000、channel だけの Statefull): ループの前に一度だけ作った time.Ticker なら、select が他に何を受けても間隔は保たれる。もっと単純なのは演習 03 のように lease を sync.Mutex で守り、Put と Current がループを通らないようにすることだ。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "keepalive の間隔を半分にする",
					Checker: `失敗: "with the health endpoint calling Current every 300ms, the lease must still get one keepalive per 1s"(リースが落とされた後も Run は動き続ける)`,
				},
				{
					Try:     "ループを回るたびに keepalive を送る",
					Checker: "テスト: 現在のリースへの keepalive は間隔ごとに 1 回、それ以上でもない",
				},
			},
			Debrief: []string{
				"select のループの中の time.After は回るたびに新しいタイマーを作る: 呼び出しが頻繁だと飢え、どちらの検出器にも何も見えない",
				"ループの前に一度だけ作る time.Ticker。もっと単純には、Put と Current がループを通らないよう mutex で守る(演習 03)",
			},
		},
	})
}
