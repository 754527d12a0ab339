package demo

// The Japanese edition of messages.go.
var jaMessages = map[string]string{
	MsgSending:     "各ハンドラーに %d 件のリクエストを %v かけて送る。どのリクエストにも失敗するジョブが 1 つある。",
	MsgPhase:       "\n== %s ハンドラー ==\n",
	MsgPprof:       "実行中の pprof: %sgoroutine?debug=1\n",
	MsgPeak:        "goroutine はピーク時 %d 個、負荷の後に %d 個(ベースライン %d)\n",
	MsgHolding:     "%s のプロセスを維持中: %sgoroutine?debug=1",
	MsgHoldingLeak: " か %sgoroutineleak?debug=1",
	MsgHoldingEnd:  " を開いて確認。続けるには Ctrl-C",
	MsgScale:       "demo: -scale は 1 から 50 の間で指定する",

	MsgMetric:        "指標",
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
	MsgNA:            "なし",
	MsgBaselines:     "負荷をかける前の goroutine 数: %d(%s)、%d(%s)。",
	MsgArticleMemory: "記事のメモリはプロセス全体の値なので、常駐メモリと比べる。",
	MsgNAExplained:   "なし: この Go には goroutineleak プロファイルがない。Go ランタイム自身の判定を見るには:\n    GOTOOLCHAIN=go1.27.3 go run ./checker/demo\nGo 1.26 なら: GOEXPERIMENT=goroutineleakprofile go run ./checker/demo",
	MsgGoingOn:       "修正後のハンドラーに進む...",
	MsgCaption:       "goroutine 数の推移(%v ごとに 1 点、負荷は %.1f 秒で終了)",

	MsgFlagScale: "負荷(リクエスト数)をこの倍数にする",
	MsgFlagHold:  "リークする側の実行後、Ctrl-C までそのプロセスと pprof のエンドポイントを維持する",
	MsgFlagLang:  "言語: ja か en(既定: LC_ALL、LC_MESSAGES、LANG から決める)",
}
