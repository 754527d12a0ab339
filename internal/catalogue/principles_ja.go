package catalogue

// jaPrinciples is the Japanese edition of the principles, keyed by ID, and of the
// seeds' titles, keyed by the seed's Number (the title in Title). Seed 000's six
// principles carry the names its readers know ([1]..[6] in the article), so a
// learner can find the section.
var jaPrinciples = map[string]PrincipleText{
	"P1": {Short: "Goroutineを作らない", Title: "Goroutineを作らない(心得 [1])。ブロックする関数を恐れず、goroutine にするかどうかは呼び出し側に go で決めさせる"},
	"P2": {Short: "同じ関数内で終了させる", Title: "Goroutineを作るときは同じ関数内で終了させる(心得 [2])。struct のフィールドにある cancel func や停止用 channel は危険な兆候"},
	"P3": {Short: "Channelより Mutex と WaitGroup", Title: "Channelよりもsync.Mutexやsync.WaitGroupで簡単に実装できないか考える(心得 [3])。手作りの channel 配管より sync.Mutex、sync.WaitGroup、errgroup を選ぶ"},
	"P4": {Short: "1つのstructに詰め込みすぎない", Title: "1つのstructに詰め込みすぎない(心得 [4])。1 つの型に複数の Mutex や channel があれば、複数の寿命が混ざっている"},
	"P5": {Short: "goroutineリークもテストする", Title: "goroutineリークもテストする(心得 [5])。goroutine を起動するテストは、終了時にひとつも残っていないことを確かめる"},
	"P6": {Short: "goroutineの数を監視する", Title: "goroutineの数を監視する(心得 [6])。OOM Killer より先に、本番環境で goroutine の数に気づく"},
	"C1": {Short: "止める時は呼び出し側の ctx が決める", Title: "止める時を決めるのは呼び出し側の context: 呼び出し先のエラーは信用せず、自分の ctx.Err() を確かめる"},
	"E1": {Short: "すべての送信に逃げ道を", Title: "channel 操作にはすべて逃げ道を用意する: ctx.Done() とも select する"},
	"E2": {Short: "goroutine の数に上限を", Title: "並行数は固定の worker pool か errgroup.SetLimit で制限し、届いたものごとに goroutine を起動しない"},
	"A1": {Short: "アクターの停止は一度だけ", Title: "アクターの停止は一度だけ: sync.Once、close するだけの broadcast 用 channel、finalize の前に Wait"},
	"A2": {Short: "ロックの範囲は狭く", Title: "ロックの範囲は狭く: ロックを握ったまま外部を呼ばない、ブロックしない、2 つ目のロックを取らない"},

	// Seeds, by Number: Title is what the article is about.
	"000":   {Title: "Goroutine ハンターの 6 つの心得。keepalive エージェント「Statefull」と Activate パターンを例に"},
	"001":   {Title: "Goroutine リークの悪夢からの脱出。context と select で直した worker pool"},
	"002":   {Title: "接続アクターの goroutine をきれいに止めるための備忘録"},
	"GoKer": {Title: "実際の Go プロジェクトのブロッキングバグ: Tu らの「Understanding Real-World Concurrency Bugs in Go」(ASPLOS 2019)と、GoBench ベンチマークの GoKer カーネル(CGO 2021)"},
	"Uber":  {Title: "Uber が本番環境で goleak と LeakProf を使って見つけた goroutine リークのパターン(CGO 2024)"},
	"L1":    {Short: "すべての経路で Unlock する", Title: "すべての経路で Unlock する: 一目で読める小さなメソッドで Lock し、すぐに defer Unlock する(A2 の getter/setter)。return ごとに手書きの Unlock を置かない"},
	"L2":    {Short: "ロックの順序は一つ", Title: "同時に握るロックは一つ(A2)。二つがどうしても必要なら、すべての経路で同じ順序で取る"},
	"L3":    {Short: "読み取りロックは再入できない", Title: "握っている RWMutex を再び RLock しない: 待っている書き込み側は新しい読み手をすべて止めるので、入れ子の RLock は自分を待つ書き込み側を待つことになる"},
	"L4":    {Short: "終わりは必ず Broadcast する", Title: "Cond の待ち手は状態を待っている: その状態がもう来なくなるすべての場合(エラー、Close)をロックの下で記録し、Broadcast する"},
	"S1":    {Short: "受信一回に送信一回", Title: "読み手が受け取る分だけ送る: goroutine ごとに結果は一つ、送るのは一箇所。エラーの後に二度目の送信をしない"},
	"A3": {
		Short: "ロックを物語のように書かない",
		Title: "lock と unlock を物語のように書かない: ロックする部分はそれぞれ defer Unlock 付きの小さな関数に切り出し、その中で読んだものを unlock の先へ持ち越さない",
	},
	"A4": {
		Short: "スレッドセーフでないものは閉じ込める",
		Title: "並行に使えないオブジェクトに触るのは 1 つの goroutine だけにする: ほかの goroutine は channel で仕事を渡し、遅い資源をロックを握ったまま待たない。持ち主の寿命(誰が起動し、誰が終わらせ、誰が待つか)は起動する場所で見えるようにする",
	},
	"H1": {
		Short: "ツールで狩る",
		Title: "リークはコードを眺めてではなくツールで狩る: テストでは goleak のレポート、本番では net/http/pprof の goroutine ダンプ、そしてランタイムの goroutineleak プロファイルは証人として使う。その沈黙は何も証明しない",
	},
}
