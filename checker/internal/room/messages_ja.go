package room

// The Japanese edition of messages.go, in the concise plain style of
// command-line tools. The format verbs and their order are the English text's;
// commands, flags and the grid's status codes (ok, leak, fail...) stay as they
// are, so that the grid keeps its columns and the legend explains the codes.

var jaMessages = map[string]string{
	MsgRoomHeader:       "ルーム: 受講者 %d 人、取り組んだ演習 %d 個",
	MsgRoomLearner:      "受講者",
	MsgRoomLegend:       "各セル: 状態(ok 完了、leak リーク、fail 失敗、build ビルド不可、hang タイムアウト、panic、\nexit、race データ競合、unran 実行されないテストあり、tests テスト改変、\ntamper 補助ファイル改変、unver、gomod、oom、gone、stop)、試行回数×、\n最初の試行からの分数(完了後は初めて通るまで)、hN 使ったヒントの数。· は未着手。",
	MsgRoomStuckMost:    "いちばん詰まっている演習:",
	MsgRoomStuckLine:    "  %02d %s: %[4]d 人中 %[3]d 人が未完了",
	MsgRoomStuckLeak:    "     いちばん多いリーク(%d 人): %s",
	MsgRoomStuckFor:     "%d 分より長く詰まっている受講者:",
	MsgRoomStuckForLine: "  %s: 演習 %02d(%s)で %s、試行 %d 回、ヒント %d 個",
	MsgRoomBadFile:      "%s: %v",
	MsgRoomNoFiles:      "room には受講者のレポートファイルが必要: go run ./checker room *.json(それぞれ `go run ./checker report --json --name 名前` で作る)",

	MsgServeListening: "ルームを開いた。講師のページと受講者用のアドレス:\n\n\t%s\n\n受講者が実行するコマンド:  go run ./checker watch --room %s --name \"名前\"\n",
	MsgServeLAN:       "すべてのインターフェースで待ち受け中: このネットワークにいてルームコードを知っていれば、誰でも閲覧・投稿できる。",
	MsgServeLocal:     "%s だけで待ち受け中: ほかのマシンの受講者からは届かない。LAN に公開するには --listen 0.0.0.0:%s",
	MsgServeBye:       "ルームを閉じた。",
	MsgServeBadListen: "%s で待ち受けできない: %v",

	MsgRoomSent:     "room: 講師のページに送信した。",
	MsgRoomQueued:   "room: 講師のページに届かない(%v)。判定 %d 件を保存し、届くようになったら送る。",
	MsgRoomCaughtUp: "room: 接続が戻った。保存していた判定 %d 件を送信した。",
	MsgRoomRefused:  "room: 講師のページが判定を受け付けなかった(%s)。講師に教わったアドレスとルームコードを確かめること。",
	MsgRoomBadURL:   "--room には講師の `serve` が表示したアドレスを指定する。例: http://192.168.1.20:4000/r/CODE(指定された値: %q)",
	MsgRoomNoName:   "--room には講師の画面に出す名前が必要: --name \"名前\" を付ける(または git config user.name を設定する)",

	MsgCardHeader:    "演習 %02d「%s」の講師カード(約 %d 分):",
	MsgCardWrongFix:  "よく試される間違った修正と、チェッカーの返答:",
	MsgCardFix:       "  - %s", // MsgCardPoint too: the same text
	MsgCardSays:      "      -> %s",
	MsgCardDebrief:   "振り返り:",
	MsgCardNone:      "演習 %02d にはまだ講師カードがない(internal/catalogue/trainer.go)。",
	MsgCardNoHintUse: "(講師カードはヒントではない: 受講者のヒントの回数は変わらない)",
}
