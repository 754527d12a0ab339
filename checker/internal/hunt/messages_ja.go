package hunt

// The Japanese edition of messages.go.
var jaMessages = map[string]string{
	MsgCmdHunt: "hunt    動いているサービスがリークしている goroutine を、net/http/pprof か保存したダンプから見つけます",
	MsgUsage: `使い方: %[1]s hunt [フラグ] TARGET...

動いている Go のサービスがリークしている goroutine、または保存したダンプに写っている goroutine を探します。
TARGET には次のどれかを指定します:
  net/http/pprof を組み込んだサービスの URL(http://localhost:6060 またはその /debug/pprof/):
      --interval の間隔で goroutine のダンプを 2 回取り、比べます
  保存したダンプ 2 つ(先に取ったもの、後に取ったもの): 比べます
  保存したダンプ 1 つ: その中身を報告します
ダンプとは、goroutine プロファイル(?debug=2 のテキスト、?debug=1 のテキスト、go tool pprof が読むバイナリ形式)、
panic や SIGQUIT のダンプ、goleak のレポートのことです。
goroutineleak プロファイル(Go 1.27)を一緒に渡すと、Go ランタイムがリークを証明したグループがわかります。
URL からはこれも読みます。

フラグ:
`,
	MsgExitCodes: `
終了コード: 0 は疑わしいものなし、1 は疑わしいものあり、2 は入力の誤り(ダンプでない、URL に届かない、
net/http/pprof がない)です。
`,
	MsgFlagInterval: "サービスの 2 回のダンプの間隔",
	MsgFlagOwn:      "サービス自身のコードのインポートパスの`接頭辞`(カンマ区切り。既定: 標準ライブラリとモジュール以外すべて)",
	MsgFlagSave:     "ダンプと go tool pprof 用のプロファイルを保存する`ディレクトリ`(既定: 新しい一時ディレクトリ)",
	MsgFlagCount:    "同じ形でブロックしている goroutine がこの数以上なら疑わしいとします",
	MsgFlagGrowth:   "2 つのダンプの間にこの数以上増えたグループは疑わしいとします",
	MsgFlagMinutes:  "ダンプが 2 つあるとき、増えていない大きなグループは、この分数以上ブロックしていれば疑わしいとします",
	MsgFlagLang:     "`言語`: ja または en(既定: LC_ALL、LC_MESSAGES、LANG から決めます)",

	MsgTitleLive:   "%s を調べます: %v の間隔で goroutine のダンプを 2 回取りました。",
	MsgTitleTwo:    "2 つのダンプを調べます: %s、その後に %s。",
	MsgTitleOne:    "1 つのダンプを調べます: %s(%s)。",
	MsgTotalsTwo:   "goroutine の数: %d、その後 %d(%+d)。",
	MsgTotalsOne:   "goroutine の数: %d。",
	MsgRuntimeRead: "Go ランタイムの goroutineleak プロファイルを読みました。まだ動いているものが起こせない goroutine は、リークしていると証明されます(印がないことは何も証明しません)。",
	MsgRuntimeNone: "Go ランタイムの goroutineleak プロファイルはありません。サービスの Go にないためです(Go 1.27 以降にあります)。",
	MsgRuntimeErr:  "Go ランタイムの goroutineleak プロファイルを読めませんでした: %v",
	MsgNoneSuspect: "疑わしいものはありません。ブロックしている goroutine のグループで、%d 以上増えたもの、ランタイムがリークを証明したもの、%d 以上あるものはありません。",
	MsgNoneOneDump: "疑わしいものはありません。ブロックしている goroutine のグループで、ランタイムがリークを証明したもの、%d 以上あるものはありません。ダンプ 1 つでは増え方はわかりません。数分あけて取った 2 つを比べてください。",
	MsgSuspects:    "疑わしいもの(可能性の高い順):",

	MsgSuspect:    "%d. %d 個の goroutine が %s でブロックしています",
	MsgSuspectAny: "%d. %d 個の goroutine がブロックしています",
	MsgGrew:       "、最初のダンプから %+d",
	MsgProved:     "、うち %d 個は Go ランタイムがリークを証明",
	MsgMinutes:    "、%d 分以上ブロック",
	MsgStuckOwn:   "止まっている行: %s(%s)",
	MsgStuckLib:   "止まっている行: %s(%s)。ライブラリのコードです。スタックにサービス自身のコードはありません",
	MsgStarted:    "起動した行:     %s(%s)",
	MsgStartedVia: "起動した行:     %s(%s)、%s を経由",
	MsgStartedLib: "起動した行:     %s(%s)。ライブラリのコードです。そこに至るあなたの呼び出しを探してください。サービスを GODEBUG=tracebackancestors=5 で動かすと見えます",
	MsgStartedNot: "起動した行:     (このダンプには起動元が出ません。debug=2 のダンプには出ます)",
	MsgWaiting:    "待っているもの: %s",
	MsgPrinciple:  "原則:           %s「%s」(P6「%s」で見つけました)",
	MsgNextStep:   "自分で見るには: %s",
	MsgSecondDump: "(2 つ目のプロファイルはサービスのものです。SERVICE をそのアドレスに置き換えてください)",
	MsgOthers:     "ほかにブロックしているもの(しきい値未満): %d 個の goroutine、%d グループ(--min-count、--min-growth、--min-minutes)。",
	MsgSaved:      "ダンプは %s に保存しました。もう一度調べるには: %s",
	MsgCountdown:  "\r2 回目のダンプまで %2d 秒(Ctrl-C で中止) ",

	MsgWaitSend:    "受信側。この channel から受信する者はもういません",
	MsgWaitRecv:    "channel への送信か close。送信する者も close する者ももういません",
	MsgWaitNil:     "nil の channel。永久にブロックします",
	MsgWaitSelect:  "select のどれかの case。どれも来ません。ctx.Done() の case はありますか、その context はいつか cancel されますか",
	MsgWaitForever: "何も待っていません。select {} は永久にブロックします",
	MsgWaitMutex:   "誰かが持ったまま解放しないロック",
	MsgWaitRLock:   "読み取りロック。その前に、この goroutine か別の読み手が持つロックを待つ書き手がいます",
	MsgWaitGroup:   "カウンターが 0 にならない WaitGroup。実行されない Done があります",
	MsgWaitCond:    "来ない Signal か Broadcast",
	MsgWaitIO:      "ネットワークの読み書き。誰も close しない接続かレスポンスの Body があるか、deadline がありません",
	MsgWaitSleep:   "time.Sleep。止まるべきかを確かめずに眠り続けるループです",
	MsgWaitUnknown: "このダンプからはわかりません(debug=1 やバイナリのプロファイルはランタイムのフレームを省きます)。debug=2 のダンプなら出ます",

	MsgNotDump:     "%s は goroutine のダンプではありません。%sのようです。hunt が読むのは、net/http/pprof の goroutine プロファイル(debug=2 のテキスト、debug=1 のテキスト、バイナリ形式)、クラッシュや SIGQUIT のダンプ、goleak のレポートです。",
	MsgUnreadable:  "%s は hunt が読める goroutine のダンプではありません: %v",
	MsgUnreachable: "%s に届きません: %v",
	MsgNoPprof:     "%s は 404 Not Found を返しました。そこに net/http/pprof はありません。自分だけが届くアドレスで組み込んでください:\n    import _ \"net/http/pprof\"   // http.DefaultServeMux に /debug/pprof/ を登録します\n    go http.ListenAndServe(\"localhost:6060\", nil)\n自分の mux なら:\n    mux.HandleFunc(\"/debug/pprof/\", pprof.Index)\nそのうえで、そのアドレスを hunt してください。",
	MsgHTTPStatus:  "%s は %s を返しました",
	MsgNotFile:     "%s: そのようなファイルはなく、URL でもありません(URL は http:// か https:// で始まります)",
	MsgTargets:     "hunt に渡すのは、サービスの URL 1 つか、goroutine のダンプ 1 つか 2 つ(とそれに添える goroutineleak プロファイル)です: %s hunt --help",
	MsgInterrupted: "中断しました",
	MsgBadFlag:     "%v。フラグの一覧は %s hunt --help で表示します",

	MsgLooksEmpty:    "空のファイル",
	MsgLooksHTML:     "HTML のページ",
	MsgLooksTestJSON: "go test -json の出力(explain が読みます)",
	MsgLooksJSON:     "JSON",
	MsgLooksTestLog:  "go test のログ(explain は go test -json の出力を読みます)",
	MsgLooksProfile:  "%s プロファイルで、goroutine プロファイルではないもの",
	MsgLooksBinary:   "バイナリのデータで、pprof のプロファイルではないもの",
	MsgLooksText:     "%q で始まるテキスト",
}
