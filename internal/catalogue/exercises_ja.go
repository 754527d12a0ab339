package catalogue

// jaExercises is the Japanese edition of exercises 01-20, keyed by Dir. Go
// identifiers, commands and code stay as they are; goroutine, channel, context,
// Mutex and WaitGroup stay in Latin script, as Japanese Go developers write them.
var jaExercises = map[string]Text{
	"01_errs_capacity": {
		Title:   "増やし忘れた errs のキャパシティ",
		Passage: "userErr のコード: errs := make(chan error, 1) // don't forget to increase when you add more goroutines",
		Goal:    "Run がどの経路で return しても、監視するキーがいくつあっても、その時点で Run が起動した goroutine はすべて終了している。",
		Hints: []string{
			"goleak のレポートを読もう。リークした goroutine はどの行で止まっているか。受信するはずだったのは誰か。",
			"送信側の数と、早期 return する経路での受信の数を数えてみよう。バッファを大きくしても、送信側が終わるのが後ろにずれるだけだ(しかもバッファが足りた場合に限る)。テストは Run が return した時点で送信側が終わっていることを求めている。",
			"原則 P3(seed 000、userErr): goroutine と最初のエラーの管理は golang.org/x/sync/errgroup に任せる。g.Wait() はすべての goroutine が終わってから返る。",
		},
	},
	"02_background_task": {
		Title:   "BackgroundTask: 誰も読まないレポート channel",
		Passage: "「cancel()は何を停止するのか」: <-chan Report を返す BackgroundTask(ctx) と、Continue を返す変形版",
		Goal:    "呼び出し側がキャンセルすれば、読むのをやめていても Watch の goroutine は終了し、読み続ける呼び出し側にはすべてのレポートが届く。",
		Hints: []string{
			"レポートでは goroutine がある 1 行で止まっている。何を待っているのか。呼び出し側が読むのをやめた後、それが来ることはあるか。",
			"バッファを大きくしてもブロックが遅れるだけだ。テストは fake clock の 1 時間、何も読まない。goroutine が待つすべての箇所で、呼び出し側が諦めたことにも気づけるようにしよう。",
			"原則 P2(seed 000、BackgroundTask): goroutine の寿命を呼び出し側の ctx で区切る。送信は case <-ctx.Done(): return を持つ select にする。レポートを捨てるのは不可。遅い読み手にもすべて届ける必要がある。",
		},
	},
	"03_channel_statefull": {
		Title:   "channel だけで作った Statefull",
		Passage: "「番外編:channelで頑張りたい」: Put と Current が putCh と getCh 経由で Run のイベントループとやりとりする Statefull",
		Goal:    "Run が return した後は、Put はすぐに ErrStopped で失敗し、Current はすぐに最後のリースを返す。",
		Hints: []string{
			"レポートでは Put と Current が channel 操作で止まっている。相手側にいるはずだった goroutine はどれで、今どこにいるか。",
			"ループが止まった後に putCh と getCh を読み捨てるようにすると、「いつまで?」という新しい問題が生まれる。そもそもリースに goroutine が必要なのかを考えてみよう。ループの time.After にも注目: Put や Current のたびにタイマーが作り直されるので、頻繁に呼ばれると keepalive が送られなくなる。",
			"原則 P3(seed 000、Activate パターンの Statefull): リースは sync.Mutex で守る。Run は tick と keepalive の送信だけを行い、return するときに defer で Statefull を停止済みにする。",
		},
	},
	"04_blocking_activate": {
		Title:   "親切な非ブロッキング Activate",
		Passage: "「Activateパターンのご紹介」: Statefull.Activate は ctx がキャンセルされる(nil を返す)か keepalive が失敗する(そのエラーを返す)まで、素朴な for ループでブロックする",
		Goal:    "Activate は ctx がキャンセルされるか keepalive が失敗するまで値を維持し、失敗したらそれを報告し、return した時点で何も動いていない。",
		Hints: []string{
			"失敗内容を読もう。Activate にかかった時間はどれくらいか。レポートにある goroutine を作った関数はどれか。",
			"Activate は仕事が終わる前に return するので、誰もその仕事を待てず、どう終わったかも知りようがない。Activate 自身が、必要なだけ時間をかけてその仕事をしたらどうだろう。",
			"原則 P1(seed 000、Activate パターン): ブロックする関数を恐れないこと。keepalive のループを Activate の中で回し、<-ctx.Done() なら nil を、失敗ならラップしたエラーを返す。goroutine が欲しければ呼び出し側が go と書く。",
		},
	},
	"05_longtask_ctx_in_struct": {
		Title:   "context を抱え込むロック",
		Passage: "「Start()/Stop()とcontext.Context」: ctx と cancel をフィールドに持つ LongTask 構造体。goroutine の寿命が構造体全体に散らばっている",
		Goal:    "RunExclusive がどう終わっても、return した時点でそれが起動したものは何も動いておらず、リースは取り消されている。そしてその状態になったらすぐに return する。",
		Hints: []string{
			"レポートを読もう。リースを更新し続けている goroutine を起動した関数はどれか。それを止めずに return した経路はどれか。",
			"keepalive の goroutine は NewLock で起動するが、止められるのは Unlock だけだ。その間のエラー経路では Unlock すべき Lock が手に入らない。struct のフィールドにある cancel func は危険な兆候だ。",
			"原則 P2(seed 000、ctx と cancel を持つ LongTask 構造体): goroutine は起動した関数の中で終わらせる。RunExclusive がリースの取得、keepalive、ロック獲得、実行、取り消しを 1 回の呼び出しで行い、defer した cancel と sync.WaitGroup.Wait で後始末する(Revoke は context.WithoutCancel した ctx で呼ぶ)。",
		},
	},
	"06_keepalive_per_put": {
		Title:   "Put のたびに増える keepalive",
		Passage: "Put(ctx, kaCtx, value): Statefull は Put のたびに kaCtx がキャンセルされるまで生きる keepalive goroutine を起動する(記事が警告する「kaCtx の cancel を忘れる未来」)",
		Goal:    "Put を何度呼んでも維持されるのは最新のリースだけで、Close が return した後は keepalive がひとつも動いていない。Put と Close は自分が止める keepalive の終わりを待ち、それ以上は待たない。",
		Hints: []string{
			"レポートと件数を読もう。何千回も Put した後、更新され続けているリースはいくつか。それらの goroutine をすべて起動したのはどの行か。",
			"Put は自分専用の context を持つ goroutine を起動し、前の goroutine を止められる唯一の cancel func を上書きしてしまう。Close は最後のひとつをキャンセルするだけで、終了を待たない。",
			"原則 P2(seed 000、独自の kaCtx を取る Put): keepalive の持ち主をひとつにする。Put と Close は、差し替えたり破棄したりする前に今の keepalive を止め(cancel してから sync.WaitGroup.Wait)、Close 済みの Announcer は何も起動しない。",
		},
	},
	"07_lost_cancel": {
		Title:   "失われた cancel",
		Passage: "Statefull.withTimeout のコード: ctx, _ := context.WithTimeout(base, s.requestTimeout) // go vet complains, but we can ignore :(",
		Goal:    "Put や keepalive が return した時点で、そのリクエストのために作られたものは何も残らない。呼び出し側がどんな context を渡しても同じ。",
		Hints: []string{
			"失敗内容を読もう。残っている goroutine はどれで、誰が作り、何を待っているか。この演習に go vet もかけてみよう。",
			"deadline 付きで派生した context は、cancel func が呼ばれるか deadline が来るまで、タイマーや親を見張る goroutine ごと生き続ける。ここでは誰が cancel を呼んでいるか。",
			"原則 P2(seed 000、withTimeout と「go vet complains」): 関数が始めたものはその関数で終わらせる。リクエストを出すその場所で ctx, cancel := context.WithTimeout(ctx, d); defer cancel() と書く。",
		},
	},
	"08_who_decides_timeout": {
		Title:   "タイムアウトを決めるのは誰か",
		Passage: "「だれがタイムアウトを決めるのか」: クライアントがリクエストごとのタイムアウト(WithRequestTimeout)を持ち、ライブラリの中で個々の raw リクエストに適用する",
		Goal:    "どの呼び出しも、呼び出し側の ctx が終わるかリクエストごとのタイムアウトが過ぎたら return し、動き続ける raw リクエストも、結果を渡そうと待つ raw リクエストも残さない。自前のタイムアウトによるエラーはそうだとわかるように伝える。",
		Hints: []string{
			"失敗内容を読もう。呼び出しが return した後、raw リクエストはまだ何をしているか。どの ctx を見ているか。",
			"クライアントは待つのをやめるが、リクエストに止まれとは伝えない。raw リクエスト自身の ctx に、呼び出し側のキャンセルとクライアントのタイムアウトの両方を持たせれば、2 つ目の goroutine は要らないのでは?",
			"原則 C1(seed 000、「だれがタイムアウトを決めるのか」): 各 raw リクエストの ctx を context.WithTimeoutCause(ctx, c.requestTimeout, cause) で呼び出し側の ctx から派生させ、defer cancel() し、transport を直接呼ぶ。止める時を決めるのは呼び出し側の ctx で、クライアントの既定値は個々のリクエストの上限を決める。ctx が終わったら、context.Cause(ctx) がどちらの deadline だったかを教えてくれる(cause は context.DeadlineExceeded を wrap する)。",
		},
	},
	"09_trust_your_ctx": {
		Title:   "自分の ctx を信じる",
		Passage: "「野生のcontext.DeadlineExceededやcontext.Canceledを信頼して失敗する」: err == context.Canceled だからといって自分の ctx がキャンセルされたとは限らない。自分の ctx.Err() に聞く",
		Goal:    "FetchAll は呼び出し側の ctx が終わったときに限ってキャンセルや deadline を報告し、ストア自身の失敗はリトライしたうえで報告し(ストアの素の context エラーを除き errors.Is で判別できるまま)、fetch をひとつも置き去りにしない。",
		Hints: []string{
			"失敗内容を読もう。呼び出し側はキャンセルしていないのに FetchAll は諦め、49 個の goroutine が止まっている。どこで止まっているか。なぜ誰も結果を読まなかったのか。",
			"ストアが返した context のエラーは、ストア自身のタイムアウトかもしれない。呼び出し側が諦めたかどうかを確実に教えてくれる値はどれか。ストアの最後のエラーを wrap するときは、%w なら errors.Is が効き続け、%v なら文面だけが残る。ストアの context エラーには後者、それ以外のエラーには前者が要る。",
			"原則 C1(seed 000、「野生の DeadlineExceeded/Canceled を信頼しない」): 判断は呼び出し先のエラーではなく ctx.Err() で行う。ストアのエラーは呼び出し側のものと紛れないようラップし、fetch の管理は golang.org/x/sync/errgroup に任せて、FetchAll より長生きするものを残さない。",
		},
	},
	"10_worker_pool_early_return": {
		Title:   "早々に諦めた worker pool",
		Passage: "Deep Dive: エラーで早期 return すると、ワーカーによるバッファなし channel への送信が永遠にブロックする。修正では results への送信をすべて ctx.Done() との select で囲む",
		Goal:    "RenderAll がどの経路で return しても、バッチがどれほど大きくても、その goroutine はひとつもブロックしたまま・描画したままで残らない。",
		Hints: []string{
			"goleak のレポートを読もう。ワーカーとフィーダーはどの行で止まっているか。受信をやめたのは誰か。",
			"コレクターが return した後は誰も results を読まないので、そこへの送信にはすべて逃げ道が必要だ。キューに残った仕事も止めなければならない。バッファはバッチと同じ大きさでも送信を通すだけで、ワーカーは残りのバッチを誰のためでもなくレンダリングし続ける。テストは RenderAll が return した後のレンダリング回数を数えている。",
			"原則 E1(seed 001、results への送信を ctx.Done() との select で囲むワーカー): フィーダーとワーカーを errgroup.WithContext で動かし、ワーカーはエラーを送らずに return で返し、各送信を ctx.Done() との select で囲む。結果にはそれぞれ添字があるので、ワーカーがスライスに直接書き込めば、集める処理は g.Wait() だけになる。",
		},
	},
	"11_unbounded_spawn": {
		Title:   "上限のないコンシューマー",
		Passage: "修正後の検証結果の表: ピーク時の goroutine 数は修正前 50,000+(Unbounded)、並行数を制限する worker pool 導入後 120(Controlled)",
		Goal:    "Run が同時に動かすハンドラー(とハンドラーになるのを待つ goroutine)は Limit 個を超えず、それでいて滞留があるあいだは Limit 個を休ませない。",
		Hints: []string{
			"失敗内容を読もう。同時に動いたハンドラーはいくつで、Limit はいくつまで許していたか。Run が次のバッチを受信するのを止めるものは何か。",
			"Receive 1 回あたり最大 Limit 件しか取らなくても、キューに滞留があれば何の上限にもならない。新しい goroutine の中でセマフォを取っても、メッセージ 1 件につき goroutine を 1 つ起動していることに変わりはなく、バッチ全体を待つと空きスロットが遊ぶ。",
			"原則 E2(goroutine を 50,000+ から 120 に減らした seed 001 の worker pool。P1 も: ハンドラーを待つメッセージに goroutine は要らない): goroutine そのものの数を制限する。errgroup の SetLimit を使えば、ハンドラーが return するまで g.Go がブロックする(Limit 個のワーカーの固定プールでもよい)。",
		},
	},
	"12_range_never_closed": {
		Title:   "終わらない range",
		Passage: "[2] Goroutineを作るときは同じ関数内で終了させる: BackgroundTask の goroutine は defer close(progress) で始まるので、progress に対する range はどの経路でも終わる",
		Goal:    "Walk はどの経路(一覧の終わり、ページ取得の失敗、キャンセル)でも return し、失敗より前のレコードはすべて処理され、失敗は返される。",
		Hints: []string{
			"レポートを読もう。Walk 自身が range の中で止まっている。channel に対する range を終わらせるのは何か。取得側の goroutine のどの経路がそれをしていないか。",
			"channel を close してよいのは送信側だけで、早期 return を含むすべての return で、エラーを保存した後に close しなければならない。close こそがエラーの準備ができたことを Walk に伝える。エラーを握りつぶしたりタイマーで range を打ち切ったりすると、レコードかエラーが失われる。テストは両方を確かめる。",
			"原則 P2(seed 000、[2] と BackgroundTask の defer close(progress)): 送信する goroutine に channel を持たせる。最初の文で defer close(pages) とし、エラーは close によって順序が保証される変数(か errgroup)で返す。",
		},
	},
	"13_http_body_not_closed": {
		Title:   "誰も閉じなかったレスポンスボディ",
		Passage: "[2] goroutine の終了を別の関数の Close() に委ねるのは危険な兆候: コネクションごとの transport の goroutine は、呼び出し側がレスポンスボディを閉じて初めて終わる",
		Goal:    "Price の呼び出しは、失敗してもしなくても transport の goroutine も閉じていないレスポンスボディも残さず、成功した呼び出しは 1 本のコネクションを使い回し続ける。",
		Hints: []string{
			"goleak のレポートを読もう。net/http.(*persistConn).readLoop と writeLoop はコネクション 1 本につき 1 つずつある。何を待っているのか。Price のどの経路がそれを与えていないか。",
			"レスポンスはボディが閉じられるまでコネクションを握っている。CloseIdleConnections は使用中のコネクションには触れない。クライアントの Timeout は発火したときに解放するだけで、それは Price が return したずっと後になる。ボディを最後まで読んでも閉じなければ http.Response の約束を破ることになる。テストは Close の呼び出し回数を数えている。",
			"原則 P2(seed 000、[2]: Close() を受け取った者が、すべての経路でそれを呼ぶ): Do のエラーチェックの直後に defer resp.Body.Close() を書く。さらに、閉じる前にエラーボディの残りを上限付きで読み捨てれば(io.Copy(io.Discard, io.LimitReader(...)))、コネクションは閉じられずにプールに戻る。",
		},
	},
	"14_actor_shutdown": {
		Title:   "誰も起こさなかった読み取りループ",
		Passage: "実装方針: recv を抜けるには net.Conn を close し、select で待つループには broadcast 用の channel を close して知らせる。Wait してから finalize する",
		Goal:    "セッションがどう終わっても、起動した goroutine はすべて OnClose の前に終了し、OnClose は 1 回だけ実行され、Shutdown はその後でしか return しない。",
		Hints: []string{
			"goleak のレポートを読もう。Shutdown の後も生きている goroutine はどれで、何を待っているか。それが done channel を目にすることはあるか。",
			"conn.Read でブロックしている goroutine は、コネクションが閉じられて初めて起きる。また OnClose は 3 つのループがすべて return してから実行しなければならない。起動する前に数えておこう。",
			"原則 A1(seed 002、実装方針): 停止は sync.Once で 1 回だけ行い(conn を close し、broadcast 用の channel を close する)、どのループも return するときに他のループを止め、finalize は sync.WaitGroup.Wait の後でだけ行う。",
		},
	},
	"15_actor_bugs": {
		Title:   "早く終わりすぎた Outbox",
		Passage: "実装例: 各 goroutine の先頭で wg.Add(1)。close した channel に送ると panic するので、channel の close は broadcast のためだけに使う、という注意",
		Goal:    "Shutdown が return した時点でキューのメッセージはすべて書き込まれてコネクションは閉じており、その後の Notify は panic もブロックもせずにエラーを返す。",
		Hints: []string{
			"失敗内容を読もう。Shutdown が return したときにまだ動いている goroutine はどれか。Shutdown の後、Notify はどの channel に送っているか。",
			"wg.Wait が待つのは、すでに数えられたものだけだ。自分で Add を呼ぶ goroutine は、まだ動き出していないかもしれない。また、他者が送信する channel は決して close してはいけない(送信を recover() で囲んでもデータ競合が隠れるだけ)。終了の通知は別の channel で broadcast する。",
			"原則 A1(seed 002、実装例とその後の注意書き): wg.Add は go 文の前で呼び、close するのは誰も送信しない done channel だけにし、Notify はそれと select して ErrClosed を返す。",
		},
	},
	"16_lock_scope": {
		Title:   "ロックを握りすぎた Hub",
		Passage: "deadlock を避けるために気をつけること: ロックの範囲は狭く、ロックの中でロックを取らない、ロックの中で collection を iterate しない、共有状態は小さな getter で守る",
		Goal:    "Kick と ShutdownAll は、セッションが Hub を呼び返す場合でも、セッションが終わった時点で return し、その間も Hub は他の呼び出しに応え続ける。",
		Hints: []string{
			"止まっている goroutine のスタックを下から読もう。どのロックを欲しがっていて、誰がそれを握っているか。",
			"セッションの Shutdown は Hub.Remove を呼び、Hub.Remove は Hub の Mutex を取る。sync.Mutex は再入できない。セッションが終了するあいだ、Hub は本当は何のためにロックを必要としているのか。",
			"原則 A2(seed 002、deadlock を避けるために): Mutex を握るのは小さな getter の中だけにする。必要なもの(セッション、または map のスナップショット。map から取り出すのでもよい)をロックの中でコピーし、アンロックしてからセッションを呼ぶ。",
		},
	},
	"17_find_it_in_production": {
		Title:   "本番環境で見つけ出す",
		Passage: "[6] goroutineの数を監視する: OOM Killer にリークを見つけられる前に、pprof で goroutine 数を監視する",
		Goal:    "検索リクエストは limit がいくつでも goroutine を残さず、それでいてカタログ順で最初にヒットしたものを返す。",
		Hints: []string{
			"サービスを動かし(README.ja.md)、/debug/pprof/goroutine?debug=1 を見よう。どのリクエストで数が増えるか。増えた goroutine はどの行にいるか。",
			"ハンドラーは limit 件ヒットしたら読むのをやめる。次の 1 件を渡そうとしているのは誰か。バッファを大きくしても上限が動くだけだ(カタログにはランプが 3000 個ある)。カタログと同じ大きさなら goroutine は終わるが、10 件のページのためにすべてのヒットを走査してコピーすることになる。そもそも検索に goroutine は必要か。",
			"原則 P6(seed 000、数を監視する): /debug/pprof/goroutineleak(Go 1.27 以降)が止まっている行を教えてくれる。直すのは原則 P1 だ。ヒットを返すのに goroutine は要らない。iter.Seq を返し、ハンドラーの break で終わらせる。",
		},
	},
	"18_detectors_disagree": {
		Title:   "検出器の意見が割れる",
		Passage: "[5] goroutineリークもテストする: channel だけで作った Statefull のイベントループ(番外編)が、レジストリから参照され続ける",
		Goal:    "Open がどの経路で return しても、起動したものが誰にも使われないまま動き続けることはなく、開いているセッションは Close まで値を保つ。",
		Hints: []string{
			"GOTOOLCHAIN=go1.27.3 と -v を付けてテストを実行しよう。ランタイムのプロファイルは何も言わないが、goleak は報告する。goleak が報告する goroutine はどれで、まだ何がそれを指しているか。",
			"ストアが失敗したときの Open をたどろう。その時点で何を起動し、何を登録しているか。return されなかったセッションの Close を、いったい誰が呼ぶのか。",
			"原則 P5(seed 000、リークもテストする): 到達可能なリークはランタイムには見えないので、それを捕まえるのはテストだ。失敗しうる処理はすべて、ループを起動してセッションを登録する前に済ませる。",
		},
	},
	"19_write_the_leak_test": {
		Title:   "リークのテストを書く",
		Passage: "[5] goroutineリークもテストする: 既製のリークチェッカーを使うか、runtime.NumGoroutine() を自分で比べる",
		Goal:    "CheckCache は、Close の後に goroutine を動かしたままにする Cache をすべて不合格にし、正しい Cache は、プロセスで他に何が動いていても合格にする。",
		Hints: []string{
			"自分の CheckCache が合格にした既知の Cache を見よう。Close が return した後に何を動かしたままにしているか。CheckCache のどこがそれを見ているか。",
			"newCache の前と Close の後の goroutine を比べる。CheckCache が始まる前から動いていた goroutine はこの Cache のものではない。Close の後に終わりかけている goroutine には、終わるまで少し時間をあげよう。",
			"原則 P5(seed 000、「goroutineリークもテストする」): 定番のツールは go.uber.org/goleak だ。CheckCache の先頭に defer する 1 行を書き、goleak.IgnoreCurrent() を newCache の前に評価すれば、それを実行するすべての Cache を検査できる。",
		},
	},
	"20_watch_the_count": {
		Title:   "goroutine の数を監視する",
		Passage: "[6] goroutineの数を監視する: OOM Killer でリークを知るのではなく、数を公開し(pprof)監視する",
		Goal:    "サービスは動いている goroutine の数を Prometheus の gauge go_goroutines として /metrics で公開し、net/http/pprof のすべてのハンドラー(index、cmdline、profile、symbol、trace)を自前の mux の /debug/pprof/ 以下で提供する。",
		Hints: []string{
			"失敗したリクエストを読もう。404 を返しているのはどのルートか。それがないと、本番環境で何が見えなくなるか。",
			"gauge は起動時に 1 回ではなく、スクレイプのたびに読む必要がある。テストは 2 回のスクレイプの間に 200 個の goroutine を待機させる。プロファイルは NewMux が返す mux にルーティングしなければならない。net/http/pprof をブランクインポートしても、登録されるのは http.DefaultServeMux だけだ。",
			"原則 P6(seed 000、「goroutineの数を監視する」): Prometheus のテキスト形式(# TYPE go_goroutines gauge)で runtime.NumGoroutine() を出すのにライブラリは要らない。\"/debug/pprof/\" に pprof.Index を割り当てれば名前付きプロファイル(goroutine、heap、Go 1.27 以降の goroutineleak)がすべて提供される。pprof.Cmdline、Profile、Symbol、Trace も並べて登録する。",
		},
	},
}
