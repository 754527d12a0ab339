package catalogue

// jaNewex is the Japanese text of exercises 21 to 25, by directory.
var jaNewex = map[string]Text{
	"21_crammed_client": {
		Title:   "何でも抱え込んだ Client",
		Passage: "心得 4「1つの struct に詰め込みすぎない」: 1つの struct に複数の mutex や channel があるなら、異なるものを混ぜて管理している。細かく分割し、別々に管理する",
		Goal:    "watch の stop が返った時点でその watch のものは何も動いておらず、Client と他の watch はそのまま動き続ける。残りは Close が終わらせる。",
		Hints: []string{
			"goleak のレポートを読もう。watch を止めたあとも動いている goroutine はどの関数が起動したものか。その goroutine が止まるきっかけは何か。",
			"session は Close まで、watch はそれぞれの stop まで生きるのに、struct は両方に ctx 1つ、WaitGroup 1つ、Close 1つしか与えていない。stop は map から消すだけだ。struct の中に、その goroutine 1つだけを終わらせ、callback の終了を待てるものはあるか。",
			"心得 P4(seed 000「1つの struct に詰め込みすぎない」): 寿命ごとに型を分ける。heartbeat を持つ session と、自分の cancel と done channel を持ち、stop で cancel して待つ watch。Client が生きている watch の集合を持つのは、誰も止めなかった watch を Close が止めるためだけにする。",
		},
	},
	"22_narrative_locks": {
		Title:   "物語のように書かれたロック",
		Passage: "deadlock を避けるために: lock と unlock で囲まれた部分を関数に切り出さずに narrative に書くと、どこで何のロックを取っているのかが分かりにくくなる。ロックの中での collection の iteration",
		Goal:    "CloseAll が返った時点で Hub の接続はすべて閉じられ writer も終わっている。その間の新規接続は拒否され、接続が閉じる間も Hub は他の呼び出しに応え続ける。",
		Hints: []string{
			"失敗を読もう。CloseAll のあとも開いたままの接続はどれで、CloseAll が通ったとき slice のどこにあったか。ループを3周、i を追ってみよう。",
			"ループは h.conns をあるロック区間で読み、その添字を次のロック区間で使っている。その間に Close が Hub を呼び返して slice を変えている。逆に Close の間ロックを持ち続けると deadlock する。Close は Hub.remove を呼ぶからだ。",
			"心得 A3(seed 002「deadlock を避けるために」): lock と unlock をループの中で物語のように書かない。ロックする部分を defer Unlock 付きの小さな関数に切り出し(Hub を閉じた印を付けて接続を引き渡す)、ロックを持たずに閉じる。",
		},
	},
	"23_starved_keepalive": {
		Title:   "プローブに飢えさせられた keepalive",
		Passage: "番外編「channel で頑張りたい」: channel だけで書いた Statefull の Run ループは、毎周 putCh、getCh、新しい time.After(kaInterval) を select する",
		Goal:    "Put と Current がどれほど頻繁に呼ばれても、現在の lease には interval ごとにちょうど1回 keepalive が送られ、落とされた lease は次の keepalive で Run を終わらせる。",
		Hints: []string{
			"失敗を読もう。300 ms ごとに Current が呼ばれている間、registry に届いた keepalive は何回か。どちらの検出器も何も見つけない。goroutine は動いているが、keepalive にたどり着かないだけだ。",
			"select の中の time.After はループが回るたびに新しいタイマーを作り、Put や Current のたびにループは回る。interval より頻繁な呼び出しは keepalive を永遠に先送りする。interval を半分にしても、必要な頻度が変わり keepalive が倍になるだけだ。",
			"心得 P3(seed 000、channel だけの Statefull): ループの前に一度だけ作った time.Ticker なら、select が他に何を受けても間隔は保たれる。もっと単純なのは演習 03 のように lease を sync.Mutex で守り、Put と Current がループを通らないようにすることだ。",
		},
	},
	"24_init_deadline_stream": {
		Title:   "開くときだけのはずだった deadline",
		Passage: "cancel() は何を停止するのか: BackgroundTask では someInitialization の deadline は ctx に載せるしかなく、載せると goroutine も止まってしまう。Continue を返す変形",
		Goal:    "Open は OpenTimeout か ctx の終了で何も残さずに返る。stream はそのどちらよりも長く生き、Continue の ctx が終われば Continue はすぐに stream を閉じて返る。",
		Hints: []string{
			"失敗を読もう。Open が諦めたあとも待っているものは何か。ctx を cancel されたあと Continue は何の中でブロックしているか。それらが待つ ctx は何で、誰がそれを cancel できるか。",
			"stream は Subscribe に渡した ctx が生きている間だけ生きる。context.WithoutCancel は open の deadline からは stream を守ったが、ほかのすべてからも切り離してしまった。stream には専用の ctx と cancel 関数が要る。stream が開くまでは open の deadline が、開いたあとは Continue の ctx がそれを呼ぶ。",
			"心得 C1(seed 000「cancel() は何を停止するのか」と Continue): cancel が止めるのは、その ctx でブロックしているものだ。streamCtx, cancelStream := context.WithCancel(context.WithoutCancel(ctx))。context.AfterFunc で、まず ctx から作った context.WithTimeout に、次に Continue の ctx に結び付け、Continue では defer cancelStream() する。",
		},
	},
	"25_meant_to_live": {
		Title:   "生き続けるはずの goroutine",
		Passage: "心得 5「goroutine リークもテストする」: 既製のリークチェッカーを使う。ここでは、数えてはいけない唯一の goroutine、プロセスと同じだけ生きる worker",
		Goal:    "通貨を換算するテストは、refresher がプロセスの間ずっと動いていても LeakOptions() を付けた goleak を通り、LeakOptions() はそれ以外に残った goroutine をすべて goleak に報告させる。",
		Hints: []string{
			"package のコメントを読み、次に goleak のレポートを読もう。refresher はリークか。止めたり、Convert の中で更新したりすると、サービスは何を失うか。",
			"refresher の先頭の関数は time.Sleep で、ループの中で眠る goroutine はどれもそうだ。IgnoreCurrent はオプションを作った時点で動いているもの、前のテストのリークまで隠す。refresher のスタックにだけあって、他のどれにもない関数はどれか。",
			"心得 P5(seed 000「goroutine リークもテストする」): 生きてよいものを正確に言う。refresher 自身の関数を goleak.IgnoreAnyFunction に渡す。名前は関数値から runtime.FuncForPC で取り、改名しても黙って壊れないようにし、利用者すべてのテストが使える LeakOptions に置く。",
		},
	},
}

// jaPrinciplesNewex is the Japanese text of the principles exercises 21 to 25
// add.
var jaPrinciplesNewex = map[string]PrincipleText{
	"A3": {
		Short: "ロックを物語のように書かない",
		Title: "lock と unlock を物語のように書かない: ロックする部分はそれぞれ defer Unlock 付きの小さな関数に切り出し、その中で読んだものを unlock の先へ持ち越さない",
	},
}
