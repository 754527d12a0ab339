package demo

// The Japanese edition of messages.go.
var jaMessages = map[string]string{
	MsgSending:     "各ハンドラーに %d 件のリクエストを %v かけて送ります。どのリクエストにも失敗するジョブが 1 つあります。",
	MsgPhase:       "\n== %sのハンドラー ==\n",
	MsgPprof:       "実行中の pprof: %sgoroutine?debug=1\n",
	MsgPeak:        "goroutine はピーク時 %d 個、負荷の後 %d 個です(負荷の前は %d 個)\n",
	MsgHolding:     "%s のプロセスを動かしたままにしています: %sgoroutine?debug=1",
	MsgHoldingLeak: " か %sgoroutineleak?debug=1",
	MsgHoldingEnd:  " を開いて確かめてください。続けるには Ctrl-C を押します",
	MsgScale:       "demo: -scale には 1 から 50 の数を指定してください",
	MsgBadFlag:     "demo: %s(go run ./checker/demo -h でフラグの一覧を表示します)",
	MsgFailed:      "demo: %s の実行に失敗しました: %v",
	MsgNoResult:    "demo: %s の実行が結果を出力しませんでした: %v",
	MsgStopped:     "demo: %s の実行中に中断しました",
	MsgUsage: `使い方: go run ./checker/demo [フラグ]

seed 001 の worker pool のハンドラーを、修正前と修正後で同じ上限付きの負荷のもと、それぞれ
別のプロセスで動かし、記事の Before/After の表をこのマシンでの実測値で、goroutine 数の曲線と
ともに表示します。

フラグ:
`,

	MsgLeakyName: "修正前",
	MsgFixedName: "修正後",

	MsgMetric:        "指標",
	MsgMeasured:      "実測",
	MsgArticle:       "記事",
	MsgBeforeFix:     "修正前",
	MsgAfterFix:      "修正後",
	MsgPeakG:         "goroutine 数のピーク",
	MsgPeakHeap:      "使用中ヒープのピーク",
	MsgPeakRSS:       "常駐メモリのピーク",
	MsgAfterLoad:     "負荷後に残った goroutine",
	MsgRecovery:      "回復",
	MsgRestart:       "再起動",
	MsgLeakedRuntime: "リーク(Go ランタイム)",
	MsgNever:         "回復しない",
	MsgNA:            "計測不可",
	MsgBaselines:     "負荷をかける前の goroutine 数: %d 個(%s)、%d 個(%s)。",
	MsgArticleMemory: "記事のメモリはプロセス全体の値なので、常駐メモリと比べてください。",
	MsgNAExplained:   "計測不可: この Go には goroutineleak プロファイルがありません。Go ランタイム自身の判定を見るには:\n    GOTOOLCHAIN=go1.27.3 go run ./checker/demo\nGo 1.26 なら: GOEXPERIMENT=goroutineleakprofile go run ./checker/demo",
	MsgGoingOn:       "修正後のハンドラーに進みます...",
	MsgCaption:       "goroutine 数の推移(%v ごとに 1 点、負荷は %.1f 秒で終了)",

	MsgFlagScale: "負荷(リクエスト数)をこの倍数にします",
	MsgFlagHold:  "修正前の実行の後、Ctrl-C を押すまでそのプロセスと pprof のエンドポイントを動かしたままにします",
	MsgFlagLang:  "`言語`: ja か en(既定: LC_ALL、LC_MESSAGES、LANG から決めます)",
}
