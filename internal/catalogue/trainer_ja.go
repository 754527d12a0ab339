package catalogue

// The Japanese edition of the trainer cards (trainer.go), card by card and
// line by line in the same order. Minutes are the English card's. What a test
// prints stays in English, in quotes, as the learner sees it.

var jaTrainerCards = map[string]TrainerCard{
	"01_errs_capacity": {
		WrongFixes: []WrongFix{
			{"コメントが求めるとおりのキャパシティ make(chan error, len(keys)+1) にする", `リークあり: "Run returned while the keepalive or watches it started were still running: leaked goroutines, since nothing waits for them"`},
			{"バッファを大きくする(例: make(chan error, 10))", "リークあり: 同じメッセージ"},
			{"return の前に time.Sleep を入れる", "テスト: 登録に失敗したら Run はすぐに return しなければならない(待ち時間は fake clock に見える)"},
		},
		Debrief: []string{
			"キャパシティは一度は正しかった。リークはコードが育つうちに生まれる",
			"errgroup がすべての goroutine と最初のエラーを持ち、Wait はすべてが終わってから返る",
			"1 つの経路でしか受信しないのは、ほかのすべての経路でのリーク",
		}},
	"02_background_task": {
		WrongFixes: []WrongFix{
			{"レポートの channel にバッファを付ける(例: make(chan Report, 64))", `リークあり: "Watch polled the job 65 times for a caller that stopped reading: a bigger buffer only hides the goroutine nobody will drain"`},
			{"ctx.Done() を確かめるのは tick の前だけ", "リークのレポート: goroutine は送信で止まっていて、そこでは ctx を見ていない"},
		},
		Debrief: []string{
			"goroutine が待つ場所にはすべて逃げ道が要る: tick と送信",
			"goroutine は Watch より長生きする。上限を決めるのは呼び出し側の ctx だけ(P2 は半分だけ守れている)",
			"別の設計: ループを呼び出し側に返す(モジュール 3 の Continue)",
		}},
	"03_channel_statefull": {
		WrongFixes: []WrongFix{
			{"ループが return した後にリクエストの channel を読み捨てる", "テスト: いつまで読むのか。後から来た Put はまた取り残される"},
			{"Put と Current で time.After と select する", "テスト: Run が止まった後の Put は、タイムアウトを待たずにすぐ ErrStopped で失敗しなければならない"},
		},
		Debrief: []string{
			"リースはデータ: Mutex で守れば、答えるべき goroutine は要らない",
			"Run はブロックしてエラーを返す: Activate パターン(P1)",
			"struct に到達できる間は、ランタイムの goroutineleak プロファイルはこのリークを見逃す(モジュール 6)",
		}},
	"04_blocking_activate": {
		WrongFixes: []WrongFix{
			{"goroutine はそのままで Stop メソッドを足す", "テスト: Activate は ctx がキャンセルされるまでブロックしなければならない"},
			{"WaitGroup の後に Err() でエラーを返す", "テスト: Activate は keepalive の失敗を呼び出し側に返さなければならない"},
		},
		Debrief: []string{
			"ブロックする関数は失敗ではない。go で呼ぶかどうかは呼び出し側が決める",
			"エラーは戻り値で、ポーリングするフィールドではない",
		}},
	"05_longtask_ctx_in_struct": {
		WrongFixes: []WrongFix{
			{"cancel を Release でだけ呼ぶ", "テスト: NewLock のエラー経路は Release にたどり着かない"},
			{"cancel するが keepalive を待たない", "テスト: RunExclusive は return する前にリースを失効させなければならない"},
		},
		Debrief: []string{
			"struct の中の ctx と cancel は、1 つの goroutine の寿命を複数の関数に散らばらせる",
			"起動、キャンセル、待機を RunExclusive 自身の中で: defer ならどの経路も同じになる",
		}},
	"06_keepalive_per_put": {
		WrongFixes: []WrongFix{
			{"前の keepalive をキャンセルするが、終わるのを待たない", "テスト: 置き換えたリースの keepalive がまだ動いているうちに Put が return した"},
			{"Close では最新の keepalive だけをキャンセルする", "テスト: Close が return した後にリースが更新された"},
		},
		Debrief: []string{
			"keepalive は一度に 1 つ: 次を起動する前にキャンセルして待つ",
			"Close の後の Put は失敗しなければならない。さもないとその keepalive を止めるものがない",
		}},
	"07_lost_cancel": {
		WrongFixes: []WrongFix{
			{"withTimeout の中で defer cancel() する", "失敗: Put は成功しなければならない(リクエストの context が使われる前にキャンセルされる)"},
			{"cancel func を後で使うために struct のフィールドに取っておく", "テスト: リクエストより長生きしてよいものはない。go vet の lostcancel も同じ行を指す"},
		},
		Debrief: []string{
			"WithTimeout の直後に defer cancel()、例外なし",
			"go vet ./... が捨てられた cancel func を見つける",
		}},
	"08_who_decides_timeout": {
		WrongFixes: []WrongFix{
			{"PutWhenChanged 全体にタイムアウトを 1 つ", "テスト: 個々のリクエストがそれぞれタイムアウトをまるごと使える"},
			{"クライアントのタイムアウトを設定したら呼び出し側の ctx は無視する", "テスト: 呼び出し側がキャンセルしたら Get はすぐに return しなければならない"},
		},
		Debrief: []string{
			"リクエストごとのタイムアウトはライブラリが決める。それでも呼び出し側の ctx が優先される",
			"呼び出し側の ctx に context.WithTimeout を重ねれば両方が保てる",
		}},
	"09_trust_your_ctx": {
		WrongFixes: []WrongFix{
			{"ストアのクライアントから返った err == context.Canceled を調べる", "テスト: クライアント自身のタイムアウトも canceled と言う。自分の ctx.Err() を確かめる"},
			{"試行の間の待ちに time.Sleep を使う", "テスト: 待ちの途中でも、呼び出し側がキャンセルしたら FetchAll はすぐに return しなければならない"},
		},
		Debrief: []string{
			"呼び出し側が諦めたと言えるのは、自分の ctx.Err() だけ",
			"待ちは、タイマーと ctx.Done() の select",
		}},
	"10_worker_pool_early_return": {
		WrongFixes: []WrongFix{
			{"results のバッファをバッチと同じ大きさにする", `リークあり: "RenderAll returned while renders were still running: its workers outlive the call"`},
			{"ワーカーをキャンセルするが、待たずに return する", "同じメッセージ: キャンセルし、待ってから return する"},
		},
		Debrief: []string{
			"seed 001 のインシデント: エラーでの早期 return が、ワーカーとフィーダーを止まったまま置き去りにした",
			"どの送信も ctx.Done() と select する。キャンセルし、待ってから return する",
			"go run ./checker/demo で両方の版の goroutine 数を見せる",
		}},
	"11_unbounded_spawn": {
		WrongFixes: []WrongFix{
			{"メッセージごとに goroutine を起動し、その中でセマフォを待つ", "テスト: 同時に生きている goroutine が上限を超える。待っているメッセージが goroutine を持っていてはいけない"},
			{"キャンセルされたらハンドラーを待たずに return する", "テスト: ハンドラーがまだ動いているうちに Run が return した"},
		},
		Debrief: []string{
			"仕事だけでなく goroutine の数に上限を: go の前に獲得する",
			"errgroup.SetLimit がまさにそれをする",
		}},
	"12_range_never_closed": {
		WrongFixes: []WrongFix{
			{"コンシューマー側で channel を close する", "テスト: close してよいのは送信側だけ"},
			{"送信に逃げ道のないまま defer close(pages) する", "テストがキャンセルすると、goroutine は誰も受信しない pages <- で止まる"},
		},
		Debrief: []string{
			"送信側が、すべての経路で close する: defer close(pages)",
			"送信にも逃げ道が要る: ctx.Done() と select する",
			"listErr は channel が close された後に読む。close が順序を保証する",
		}},
	"13_http_body_not_closed": {
		WrongFixes: []WrongFix{
			{"ボディを読まずに、ステータスの確認の前で defer resp.Body.Close() する", `失敗: "8 calls opened 5 connections": 最後まで読んでいないボディを閉じると、その接続も閉じられる`},
		},
		Debrief: []string{
			"エラーの確認の直後に defer resp.Body.Close()、どのステータスでも",
			"io.Copy(io.Discard, resp.Body) で、接続が次の呼び出しのために生き続ける",
		}},
	"14_actor_shutdown": {
		WrongFixes: []WrongFix{
			{"done channel は close するが、接続は開いたままにする", "テスト: 読み取りループは Read でブロックしていて、どの channel でも起きない"},
			{"それぞれのループから OnClose を呼ぶ", "テスト: OnClose はちょうど 1 回だけ実行されなければならない"},
		},
		Debrief: []string{
			"seed 002 の順序: 一度だけ停止し、すべての goroutine を待ってから finalize する",
			"ブロックしている Read が終わるのは、接続が閉じられるか deadline が過ぎたときだけ",
		}},
	"15_actor_bugs": {
		WrongFixes: []WrongFix{
			{"Notify の中で panic を recover する", "テスト: Shutdown の後の Notify は net.ErrClosed をラップしたエラーを返さなければならない"},
			{"Notify がまだ送るかもしれないのにキューを close する", "テスト: Shutdown が close した channel に送信してはいけない"},
		},
		Debrief: []string{
			"close するだけの channel は合図に使う。送信側を守るのは Mutex で守ったフラグ",
			"Shutdown は writer を待ってから接続を閉じる",
		}},
	"16_lock_scope": {
		WrongFixes: []WrongFix{
			{"Mutex の代わりに sync.RWMutex", `リークあり: "deadlock: Kick("b") did not return within 500ms: it is blocked forever"`},
			{"Shutdown の前にアンロックするが、生きている map をそのまま回す", "テスト: -race でのデータ競合、または 2 回 Shutdown されるセッション"},
		},
		Debrief: []string{
			"ロックの中でコピーし、ロックの外で呼び出す",
			"sync.Mutex は再入できず、synctest には Mutex の待機が見えない",
		}},
	"17_find_it_in_production": {
		WrongFixes: []WrongFix{
			{"matches の channel のバッファを大きくする", "テスト: goroutine がリクエストの前より多く、1 秒後もまだ残っている"},
		},
		Debrief: []string{
			"まず見つける: /debug/pprof/goroutine?debug=1 のいちばん大きなグループと、その止まっている行",
			"Go 1.27 では /debug/pprof/goroutineleak?debug=1 が (leaked) と印を付ける",
			"それから P1 で直す: 早く return する検索に goroutine はそもそも要らない",
		}},
	"18_detectors_disagree": {
		WrongFixes: []WrongFix{
			{"goleak でその goroutine を無視する", "テスト: Open に失敗したセッションがまだレジストリに載っている"},
		},
		Debrief: []string{
			"到達できることは生きていることではない: レジストリが、止まったループをランタイムから見えなくしている",
			"ランタイムのプロファイルの沈黙は何も証明しない。テストでは goleak がやはり頼りになる",
		}},
	"19_write_the_leak_test": {
		WrongFixes: []WrongFix{
			{"IgnoreCurrent なしの goleak.VerifyNone", "テスト: 正しいコードで失敗するリークのテストは、いずれ無効にされる"},
			{"リークだけを確かめ、振る舞いの確認を省く", "テスト: リークのテストは振る舞いの確認に上乗せするもの"},
		},
		Debrief: []string{
			"IgnoreCurrent なら、テスト対象のコードが起動したものだけを判定できる",
			"Close の後に確かめ、上限のある(偽の)時間で判定を出す",
		}},
	"20_watch_the_count": {
		WrongFixes: []WrongFix{
			{"net/http/pprof を import して DefaultServeMux に頼る", "テスト: サービス自身の mux の GET /debug/pprof/goroutine に、待機中の goroutine が出なければならない"},
			{"gauge ではなく counter にする", "テスト: /metrics は go_goroutines を gauge と宣言しなければならない"},
		},
		Debrief: []string{
			"go_goroutines の値の大きさではなく推移でアラートする",
			"pprof は内部用の mux に。Go 1.27 では goroutineleak プロファイルも出す",
		}},
	"21_crammed_client": {
		WrongFixes: []WrongFix{
			{"stop で Client のただ 1 つの ctx をキャンセルする", "テスト: watch が増えたり減ったりしてもセッションのハートビートは続き、flags の watch には変更が届き続ける"},
			{"stop で watch の goroutine をキャンセルするが、終わるのを待たない", "テスト: stop は実行中のコールバックが戻ってから返る。それより前ではない"},
		},
		Debrief: []string{
			"1 つの構造体が 3 つの寿命を抱えていた: セッション、各 watch、Client 全体",
			"watch が自分の cancel と done channel を持つ。stop はキャンセルして待つ。残りには Close が同じことをする",
		}},
	"22_narrative_locks": {
		WrongFixes: []WrongFix{
			{"ループ全体(Close を含む)で Hub のロックを握り続ける", "テスト: CloseAll が戻らない。Close が Hub.remove を呼び返し、それが CloseAll の握るロックを待つ"},
			{"スライスのコピーでループし、Hub は開いたままにする", "テスト: CloseAll が始まった後の Join は断られなければならない"},
		},
		Debrief: []string{
			"ループの中で物語のように書いたロックとアンロックは、どこでどのロックを握っているかを隠す",
			"ロックする部分を defer Unlock 付きの小さな関数に切り出す: Hub を閉じた印を付けて接続を受け取り、ロックを握らずに閉じる",
		}},
	"23_starved_keepalive": {
		WrongFixes: []WrongFix{
			{"keepalive の間隔を半分にする", `失敗: "with the health endpoint calling Current every 300ms, the lease must still get one keepalive per 1s"(リースが落とされた後も Run は動き続ける)`},
			{"ループを回るたびに keepalive を送る", "テスト: 現在のリースへの keepalive は間隔ごとに 1 回、それ以上でもない"},
		},
		Debrief: []string{
			"select のループの中の time.After は回るたびに新しいタイマーを作る: 呼び出しが頻繁だと飢え、どちらの検出器にも何も見えない",
			"ループの前に一度だけ作る time.Ticker。もっと単純には、Put と Current がループを通らないよう mutex で守る(演習 03)",
		}},
	"24_init_deadline_stream": {
		WrongFixes: []WrongFix{
			{"context.WithTimeout(ctx, OpenTimeout) を Subscribe に渡す", "テスト: ストリームは Open より長生きする。そのタイムアウトはストリームを終わらせてしまう"},
			{"context.WithoutCancel はそのままで、Open で ctx を select する", `リークあり: "Subscribe calls are still waiting for the broker's handshake, and will forever"`},
			{"Continue の ctx をイベントの合間にだけ見る", "テスト: Continue は ctx が終わったらすぐに戻る。次のイベントを待たない"},
		},
		Debrief: []string{
			"cancel が止めるのはその ctx で待っているものだけ: WithoutCancel はストリームを、その終わりも含めてすべてから切り離す",
			"ストリームに専用の ctx を持たせ、context.AfterFunc で最初は開くときの期限に、その後は Continue の ctx に結び付ける",
		}},
	"25_meant_to_live": {
		WrongFixes: []WrongFix{
			{"LeakOptions に goleak.IgnoreCurrent() を入れる", `リークあり: TestConvert はオプションを作った後に始まる refreshLoop をやはり報告し、TestLeakOptionsStillCatchLeaks は "goleak with LeakOptions() reports nothing, yet two goroutines were left running: LeakOptions hides real leaks"`},
			{`goleak.IgnoreTopFunction("time.Sleep")`, "テスト: 自分のループで眠っている goroutine はやはり報告されなければならない"},
			{"リフレッシャーを止める、または Convert の中で更新する", "テスト: 誰も換算していなくてもレートは RefreshInterval ごとに更新され、換算がフィードを待つことはない"},
		},
		Debrief: []string{
			"テストより長生きする goroutine がすべてリークとは限らない: 生きてよいものを正確に名指しする",
			"その関数の名前は関数値から取る(runtime.FuncForPC)。名前を変えてもオプションが黙って壊れないように",
		}},
	"26_early_return_lock": {
		WrongFixes: []WrongFix{
			{"Put で TryLock のループ、またはタイムアウト付きの Lock", "テスト: 返した接続がまた貸し出されなければならないが、ロックを握られたままでは決して貸し出せない"},
		},
		Debrief: []string{
			"return はすべてクリティカルセクションの出口: 小さなメソッドで Lock して defer Unlock すれば、すべてを覆える",
			"ダイヤルはロックの外で: 遅いネットワークが Put を止めてはならない",
		}},
	"27_lock_order": {
		WrongFixes: []WrongFix{
			{"Ping で Room のロックを TryLock のループで取る", `テスト: "deadlock: bob's Ping after his connection failed during a Broadcast"(Broadcast が bob を待つ間、ループは回り続ける)`},
			{"Ping で Room の Lock をタイムアウト付きにし、退室を飛ばす", "テスト: bob の Ping が戻ったら、bob はルームからいなくなっていなければならない"},
		},
		Debrief: []string{
			"sync.Mutex.Lock で止まった goroutine が 2 つ: それぞれのスタックを上へ読み、握っているロックを見つける",
			"ロックの順序は 1 つ、Room が先で Member が後。フィールドの横に書いておく。あるいは Room のロックの下でメンバーをコピーし、ロックなしで書く",
		}},
	"28_second_rlock": {
		WrongFixes: []WrongFix{
			{"RWMutex の代わりに Mutex", "テスト: 最初のスクレイプですぐにデッドロックする。WriteTo から呼んだ Help がもう一度ロックする"},
			{"Help でロックを取らない", "データ競合: Counter がマップに書く間に Help が読むのを race 実行が見つける"},
			{"Help で TryRLock のループ", `テスト: "deadlock: registering a counter during a slow scrape"`},
		},
		Debrief: []string{
			"Lock で待つ書き手は新しい RLock をすべて止める。最初の読み取りロックを握る goroutine 自身の 2 つ目も",
			"読み取りロックはメソッドごとに 1 回、ロックするメソッドは互いに呼ばない: ロックの下でコピーし、ロックなしでスクレイパーに書く",
		}},
	"29_cond_never_signalled": {
		WrongFixes: []WrongFix{
			{"ティッカーから Broadcast する", "テスト: 取得に失敗したその瞬間に、Next はそのエラーを返さなければならない"},
			{"一覧が終わった理由を記録せずに Close で Broadcast する", "テスト: バッファ済みの項目の後、Next は ErrClosed を返さなければならない"},
		},
		Debrief: []string{
			"Cond の待ち手は状態を待っている: その状態がもう来なくなるすべての場合(エラー、Close)をロックの下で記録し、Broadcast する",
			"Cond は select できない: キャンセルされた ctx が Wait に届くのは、誰かが Broadcast したときだけ",
		}},
	"30_double_send": {
		WrongFixes: []WrongFix{
			{"バッファ付き channel、make(chan Status, len(services))", `失敗: "one status per service, in the order given: a service shown up when its probe failed, or missing, means that a probe's goroutine sent more than one Status"`},
		},
		Debrief: []string{
			"すべての経路で送信の数を受信の数と比べる: return のないエラー経路は 2 回送る",
			"Status は値を返す関数で計算し、1 か所で送る。statuses[i] を埋める WaitGroup なら channel は要らない",
		}},
	"31_the_hunt": {
		WrongFixes: []WrongFix{
			{"Close で janitor のティッカーを止め、goroutine は残す", "リークあり: janitor は tick.C を待ち続ける。止めたティッカーは tick.C を閉じない"},
			{"結果の channel をバッチと同じ大きさにする", `リークあり: "a store query is still running for a request that was already answered: a leaked goroutine of the pool keeps working for nobody"(バッファがあっても、ワーカーは誰も要らない問い合わせを続ける)`},
			{"goleak が最初に挙げたグループだけ直して終わりにする", "リークあり: TestHunt はほかのグループを報告し続ける。寿命が 3 つなら修正も 3 つ"},
		},
		Debrief: []string{
			"goleak のレポートを止まっている行と go 文でまとめる: グループ 1 つが、誰も終わらせていない寿命 1 つ",
			"goroutineleak プロファイルが確認するのは何からも到達できないものだけ: ティッカーとフィードの goroutine はそこでは黙っているが、やはりリークしている",
			"New が起動し、Close が終わらせる: サービスが起動したものは cancel 1 つと WaitGroup 1 つが持つ",
		}},
}
