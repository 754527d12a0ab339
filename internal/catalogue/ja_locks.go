package catalogue

// The Japanese edition of exercises 26-30 and of their principles. The
// integrator wires these maps into the edition; the English text is in
// exercises.go and principles.go.

var jaLocks = map[string]Text{
	"26_early_return_lock": {
		Title:   "ロックを握ったままの早期 return",
		Passage: "GoKer で最も多いロックのクラス、二重ロック(68 のブロッキング kernel のうち 12): 早期 return が Unlock を飛ばし、次の Lock が永遠に待つ",
		Goal:    "プールがどれほど混んでいても(使い切った状態も含めて)Get と Put はすぐに戻り、返却された接続は再び貸し出される。",
		Hints: []string{
			"レポートでは Put が sync.Mutex.Lock で待っているが、Get にも Put にももう誰もいない。ロックを握ったまま戻ったのはどの呼び出しか。",
			"Get のすべての return について、Unlock しているかを確かめる。TryLock のループやタイムアウト付きの Lock は、ハングを空回りかエラーに変えるだけで、ロックは握られたままなので、返却された接続はいつまでも貸し出せない。",
			"原則 L1(GoKer の二重ロック): ロックする処理をそれぞれ小さなメソッドに分け、Lock の直後に defer Unlock を書いて、Get が必要とするもの(空いている接続、またはダイヤル用に予約した枠)を返す。ダイヤルはその外で行う。",
		},
	},
	"27_lock_order": {
		Title:   "自分を締め出したチャットルーム",
		Passage: "AB-BA デッドロック(GoKer の 6 kernel): 二つの goroutine が同じ二つの Mutex を逆の順序で取る。seed 002 は、ロック中にコレクションを走査すると気づかないうちに別のロックを取ると戒めている",
		Goal:    "両方の処理の最中にメンバーの接続が壊れても Broadcast と Ping はすぐに戻り、Ping が戻った時点でそのメンバーはルームから消えていて、他の全員はすべての行を受け取る。",
		Hints: []string{
			"レポートには sync.Mutex.Lock で待つ goroutine が二つある。それぞれについて、どのロックを握っていて(スタックを上にたどる)、どのロックを待っているか。",
			"Broadcast は Room のロック、次に Member のロックを取る。Ping は Member のロック、次に Room のロックを取る。TryLock のループは永遠に空回りし、Lock をタイムアウトで囲むとメンバーの退出が抜け落ちる。bob の Ping が戻った時点で、ルームは bob を忘れていなければならない。",
			"原則 L2(GoKer の AB-BA。seed 002: ロックの中で別のロックを取らない): 順序は Room が先、Member が後の一つに決める。Ping はメンバーのロックを外してからルームを抜ける。あるいは Broadcast が Room のロックの下でメンバーをコピーし、ロックなしで書き込む。",
		},
	},
	"28_second_rlock": {
		Title:   "二度目の読み取りロック",
		Passage: "RWR デッドロック(GoKer の 5 kernel。Tu らの 85 件のブロッキングバグのうち 5 件が RWMutex): 読み取りロック、書き込み側が待つ、もう一度読み取りロック",
		Goal:    "遅いスクレイパーへの書き込み中にカウンタが登録されても、スクレイプはすべてのカウンタをヘルプ文と値つきで書き出し、登録も戻る。",
		Hints: []string{
			"レポートでは WriteTo が RWMutex.RLock で、Counter が RWMutex.Lock で待っている。WriteTo はすでに読み取りロックを握っている。どこでもう一つ求め、何がそれを阻んでいるのか。",
			"Lock で待つ書き込み側がいると、新しい RLock はすべて待たされる。すでに読み取りロックを握っている goroutine からのものでもそうだ。Mutex に替えれば即座にデッドロックし、Help からロックを外せばデータ競合になり、TryRLock のループは永遠に空回りする。",
			"原則 L3(GoKer の RWR): 読み取りロックはメソッドごとに一度だけ取り、ロックしたメソッドから別のロックするメソッドを呼ばない。一度の RLock の下でソート済みのカウンタをコピーし(名前とヘルプ文は変わらず、値は atomic)、スクレイパーへはロックなしで書き込む。",
		},
	},
	"29_cond_never_signalled": {
		Title:   "誰にも起こされない待ち手",
		Passage: "シグナルされない sync.Cond(GoKer の Cond、channel と Cond の kernel。Tu らの Wait のバグ): 待っている状態がもう来ない。seed 002 は sync.Cond を select で待てないことにも触れている",
		Goal:    "Next は項目を順に返し、一覧が終わったその瞬間にその理由(io.EOF、取得のエラー、Close 後なら ErrClosed)を返す。Close は消費側がどこまで読んでいてもすぐに戻り、何も動いたままにしない。",
		Hints: []string{
			"sync.Cond.Wait で待っているのはどの goroutine で、どんな状態の変化を待っているのか。その変化を起こして Broadcast できる goroutine はまだ残っているか。",
			"最後のページは io.EOF を記録して Broadcast するが、取得の失敗は何も記録せず、Close は Cond.Wait からは見えない ctx をキャンセルするだけだ。ticker で Broadcast すると待ち手は遅れて起き、しかも無駄に終わる。待っている状態は決して来ないのだから。",
			"原則 L4(GoKer の Cond kernel): 一覧が終わった理由(io.EOF、取得のエラー、ErrClosed)をロックの下で記録して Broadcast するメソッドを一つ作り、どちらの待ちもその状態をループの条件に含める。Close はキャンセルの前にそれを呼ぶ。",
		},
	},
	"30_double_send": {
		Title:   "二度答えたヘルスチェック",
		Passage: "DoubleSend、Uber のリークパターンの一つ: エラー経路が結果を送り、return がないまま、一度しか受信しない読み手へもう一度送る",
		Goal:    "Check はサービスごとに一つの Status を与えられた順で、最も遅いプローブが答えたその瞬間に返し、どのプローブが失敗しても goroutine を残さない。",
		Hints: []string{
			"レポートの goroutine は送信で止まっていて、結果からはサービスが一つ消え、別のサービスは落ちているはずなのに up と表示されている。プローブが失敗したとき、一つの goroutine はいくつの値を送っているか。",
			"読み手はサービスごとにちょうど一つの値を受け取る。channel をバッファ付きにすれば余分な送信は通るが、読み手は相変わらず一つのサービスについて二つの答えを受け取り、別のサービスの答えを受け取らない。",
			"原則 S1(Uber の DoubleSend): エラーを送ったらすぐに return する。さらに良いのは、Status を返す関数で計算し、その結果を一箇所で送ること。WaitGroup で statuses[i] を埋めれば channel はまったく要らない。",
		},
	},
}

var jaPrinciplesLocks = map[string]PrincipleText{
	"L1": {Short: "すべての経路で Unlock する", Title: "すべての経路で Unlock する: 一目で読める小さなメソッドで Lock し、すぐに defer Unlock する(A2 の getter/setter)。return ごとに手書きの Unlock を置かない"},
	"L2": {Short: "ロックの順序は一つ", Title: "同時に握るロックは一つ(A2)。二つがどうしても必要なら、すべての経路で同じ順序で取る"},
	"L3": {Short: "読み取りロックは再入できない", Title: "握っている RWMutex を再び RLock しない: 待っている書き込み側は新しい読み手をすべて止めるので、入れ子の RLock は自分を待つ書き込み側を待つことになる"},
	"L4": {Short: "終わりは必ず Broadcast する", Title: "Cond の待ち手は状態を待っている: その状態がもう来なくなるすべての場合(エラー、Close)をロックの下で記録し、Broadcast する"},
	"S1": {Short: "受信一回に送信一回", Title: "読み手が受け取る分だけ送る: goroutine ごとに結果は一つ、送るのは一箇所。エラーの後に二度目の送信をしない"},
}
