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
	MsgNoProfile:   "\nGo ランタイム自身の判定も見るには Go 1.27 以降で実行する(GOTOOLCHAIN=go1.27.3 go run ./checker/demo)。\nGo 1.26 なら GOEXPERIMENT=goroutineleakprofile を付ける。",

	MsgMetric:        "指標",
	MsgBeforeFix:     "修正前(%s)",
	MsgAfterFix:      "修正後(%s)",
	MsgPeakG:         "goroutine 数のピーク",
	MsgPeakHeap:      "使用中ヒープのピーク",
	MsgAfterLoad:     "負荷の後の goroutine 数",
	MsgBaseline:      "%d(ベースライン %d)",
	MsgRecovery:      "回復",
	MsgLeakedRuntime: "リーク(Go ランタイムの判定)",
	MsgNever:         "回復しない: 再起動が必要",
	MsgWithin:        "%v 以内(1 サンプル)",
	MsgNA:            "なし(この Go には goroutineleak プロファイルがない)",
	MsgCaption:       "goroutine 数の推移(%v ごとに 1 点、負荷は %.1f 秒で終了)",

	MsgFlagScale: "負荷(リクエスト数)をこの倍数にする",
	MsgFlagHold:  "リークする側の実行後、Ctrl-C までそのプロセスと pprof のエンドポイントを維持する",
	MsgFlagLang:  "言語: ja か en(既定: LC_ALL、LC_MESSAGES、LANG から決める)",
}
