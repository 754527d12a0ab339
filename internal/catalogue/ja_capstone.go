package catalogue

// jaCapstone is the Japanese text of exercise 31 (the capstone hunt); the
// integrator wires it into the Japanese edition.
var jaCapstone = map[string]Text{
	"31_the_hunt": {
		Title:   "総仕上げ: 1 つのサービスに潜む 3 つのリーク",
		Passage: "原則 5 と 6 の実践: リークをテストし、goroutine 数を監視する。題材は seed 001 の worker pool、キャッシュの janitor、価格フィードの subscriber を組み合わせたサービス",
		Goal:    "Close は止めるものが終わりしだい戻り、何も動いたまま残さない。リクエストは成功・失敗・キャンセルのいずれでも goroutine もストアへのクエリも残さない。そのうえで API は順序どおりに答え、同時クエリ数を抑え、キャッシュし、期限切れを消し、価格変更に追従し続ける。",
		Hints: []string{
			"まず TestHunt の goleak のレポートを読む。goroutine を「止まっている行」と「それを起動した go 文」でまとめると、グループ 1 つが誰も終わらせていない寿命 1 つにあたる。それぞれについて、誰がいつ終わらせるはずだったのかを考えよう。",
			"README.md の手順でサービスを手で動かし、失敗するリクエストの後と POST /admin/reload の後に /debug/pprof/goroutine?debug=2 を読む。それぞれが何を、どの状態で残すか。1 週間トラフィックとリロードが続いたら、どれが積み上がるか。",
			"原則 H1: GOTOOLCHAIN=go1.27.3 を付けて -v でテストを実行し、各グループに対する goroutineleak プロファイルの判定を読む。ランタイムが確定できるのは、もう何からも到達できないものだけだ。ticker がまだ起こす goroutine や、生きているフィードがまだ握っている goroutine はそこに現れないが、リークであることに変わりはない。それぞれの寿命は起動した場所で終わらせ、New が始めたものは Close が終わらせること。",
		},
	},
}

// jaPrinciplesCapstone is the Japanese text of the principle exercise 31 adds.
var jaPrinciplesCapstone = map[string]PrincipleText{
	"H1": {
		Short: "ツールで狩る",
		Title: "リークはコードを眺めてではなくツールで狩る: テストでは goleak のレポート、本番では net/http/pprof の goroutine ダンプ、そしてランタイムの goroutineleak プロファイルは証人として使う。その沈黙は何も証明しない",
	},
}
