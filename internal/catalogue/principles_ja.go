package catalogue

// jaPrinciples is the Japanese edition of the principles, keyed by ID, and of the
// seeds' titles, keyed by the seed's Number (the title in Title). A principle
// has one name, its Short, which every Japanese text uses (glossary.md in
// internal/jacheck lists the other forms it rejects); its Title starts with
// that name. Seed 000's six cite the article's section ([1]..[6]), so that a
// learner can find it.
var jaPrinciples = map[string]PrincipleText{
	"P1": {Short: "goroutine を作らない", Title: "goroutine を作らない(心得 [1]): 関数はブロックしてよい。goroutine にするかどうかは、呼び出し側が go で決める"},
	"P2": {Short: "goroutine は同じ関数内で終了させる", Title: "goroutine は同じ関数内で終了させる(心得 [2]): 起動した関数の中で終わらせる。struct のフィールドにある cancel func や停止用の channel は危険な兆候"},
	"P3": {Short: "channel より Mutex と WaitGroup", Title: "channel より Mutex と WaitGroup(心得 [3]): channel を組み合わせて自作する前に、sync.Mutex、sync.WaitGroup、errgroup で簡単に書けないかを考える"},
	"P4": {Short: "1 つの struct に詰め込みすぎない", Title: "1 つの struct に詰め込みすぎない(心得 [4]): 1 つの型に複数の Mutex や channel があれば、複数の寿命が混ざっている"},
	"P5": {Short: "goroutine リークもテストする", Title: "goroutine リークもテストする(心得 [5]): goroutine を起動するテストは、終了時に 1 つも残っていないことを確かめる"},
	"P6": {Short: "goroutine の数を監視する", Title: "goroutine の数を監視する(心得 [6]): 本番環境で、OOM Killer より先に goroutine の数に気づく"},
	"C1": {Short: "止める時は呼び出し側の ctx が決める", Title: "止める時は呼び出し側の ctx が決める: 呼び出し先のエラーは信用せず、自分の ctx.Err() を確かめる"},
	"E1": {Short: "すべての送信に逃げ道を", Title: "すべての送信に逃げ道を: channel 操作はすべて ctx.Done() とも select する"},
	"E2": {Short: "goroutine の数に上限を", Title: "goroutine の数に上限を: 並行数は固定の worker pool か errgroup.SetLimit で制限し、届いたものごとに goroutine を起動しない"},
	"A1": {Short: "アクターの停止は一度だけ", Title: "アクターの停止は一度だけ: sync.Once、close するだけの broadcast 用 channel、finalize の前に Wait"},
	"A2": {Short: "ロックの範囲は狭く", Title: "ロックの範囲は狭く: ロックを握ったまま外部を呼ばない、ブロックしない、2 つ目のロックを取らない"},
	"A3": {Short: "ロックを物語のように書かない", Title: "ロックを物語のように書かない: lock から unlock までを一続きの話として書かず、ロックする部分はそれぞれ defer Unlock 付きの小さな関数に切り出す。その中で読んだものを unlock の後へ持ち越さない"},
	"L1": {Short: "すべての経路で Unlock する", Title: "すべての経路で Unlock する: 一目で読める小さなメソッドで Lock し、すぐに defer Unlock する(A2 の getter と setter)。return ごとに手書きの Unlock を置かない"},
	"L2": {Short: "ロックの順序は 1 つ", Title: "ロックの順序は 1 つ: 同時に握るロックは 1 つにする(A2)。2 つがどうしても必要なら、すべての経路で同じ順序で取る"},
	"L3": {Short: "読み取りロックは再入できない", Title: "読み取りロックは再入できない: 握っている RWMutex を再び RLock しない。待っている書き込み側は新しい読み手をすべて止めるので、入れ子の RLock は、自分を待つ書き込み側を待つことになる"},
	"L4": {Short: "終わりは必ず Broadcast する", Title: "終わりは必ず Broadcast する: Cond の待ち手は状態を待っている。その状態がもう来なくなるすべての場合(エラー、Close)をロックの下で記録し、Broadcast する"},
	"S1": {Short: "受信 1 回に送信 1 回", Title: "受信 1 回に送信 1 回: 読み手が受け取る分だけ送る。goroutine ごとに結果は 1 つ、送るのは 1 か所。エラーの後に 2 度目の送信をしない"},
	"A4": {Short: "スレッドセーフでないものは閉じ込める", Title: "スレッドセーフでないものは閉じ込める: 並行に使えないオブジェクトに触るのは 1 つの goroutine だけにする。ほかの goroutine は channel で仕事を渡し、遅い資源をロックを握ったまま待たない。持ち主の寿命(誰が起動し、誰が終わらせ、誰が待つか)は起動する場所で見えるようにする"},
	"H1": {Short: "ツールで狩る", Title: "ツールで狩る: リークはコードを眺めて探すのではなく、ツールで狩る。テストでは goleak のレポート、本番では net/http/pprof の goroutine ダンプを使う。ランタイムの goroutineleak プロファイルは裏付けとして読み、そこに出ないことはリークがないことの証明にならない"},

	// Seeds, by Number: Title is what the article is about.
	"000":   {Title: "Goroutine ハンターの 6 つの心得。keepalive エージェント「Statefull」と Activate パターンを例に"},
	"001":   {Title: "goroutine リークの悪夢からの脱出。context と select で直した worker pool"},
	"002":   {Title: "接続アクターの goroutine をきれいに止めるための備忘録"},
	"GoKer": {Title: "実際の Go プロジェクトのブロッキングバグ: Tu らの「Understanding Real-World Concurrency Bugs in Go」(ASPLOS 2019)と、GoBench ベンチマークの GoKer カーネル(CGO 2021)"},
	"Uber":  {Title: "Uber が本番環境で goleak と LeakProf を使って見つけた goroutine リークのパターン(CGO 2024)"},
}
