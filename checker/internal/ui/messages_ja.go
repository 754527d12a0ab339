package ui

// The Japanese edition of messages.go: each Msg constant, status and goroutine
// state mapped to its Japanese text, in the concise plain style of command-line
// tools. The format verbs (%s, %d, %02d, %q, %v) and their order are the English
// text's; commands, Go identifiers and tool output stay as they are.

import "gohunters/checker/internal/grade"

// jaStatusText names each status; at most 16 columns, the width of the list's
// status column.
var jaStatusText = map[grade.Status]string{
	grade.Done:            "完了",
	grade.Leaking:         "リークあり",
	grade.Failing:         "失敗",
	grade.NoCompile:       "コンパイル不可",
	grade.TimedOut:        "タイムアウト",
	grade.Panicked:        "panic",
	grade.Exited:          "途中で終了",
	grade.NotStarted:      "未着手",
	grade.TestsModified:   "テスト改変あり",
	grade.Missing:         "見つからない",
	grade.Stopped:         "中断",
	grade.Incomplete:      "未実行テスト",
	grade.Racy:            "データ競合",
	grade.SupportModified: "補助ファイル改変",
	grade.Unverified:      "未検証",
	grade.NestedModule:    "余計な go.mod",
	grade.OutOfMemory:     "メモリ使いすぎ",
}

var jaStateText = map[string]string{
	"chan send":               "テスト終了時にまだ channel への送信でブロックしていた",
	"chan receive":            "テスト終了時にまだ channel からの受信でブロックしていた",
	"chan send (nil chan)":    "nil channel への送信でブロック(決して進まない)",
	"chan receive (nil chan)": "nil channel からの受信でブロック(決して進まない)",
	"select":                  "テスト終了時にまだ select でブロックしていた",
	"select (no cases)":       "空の select {} でブロック(決して進まない)",
	"sync.Mutex.Lock":         "テスト終了時にまだ sync.Mutex のロック待ちだった",
	"sync.RWMutex.Lock":       "テスト終了時にまだ書き込みロック(sync.RWMutex.Lock)の取得待ちだった",
	"sync.RWMutex.RLock":      "テスト終了時にまだ読み取りロック(sync.RWMutex.RLock)の取得待ちだった",
	"sync.WaitGroup.Wait":     "テスト終了時にまだ sync.WaitGroup を待っていた",
	"sync.Cond.Wait":          "テスト終了時にまだ sync.Cond を待っていた",
	"semacquire":              "テスト終了時にまだロックか WaitGroup を待っていた",
	"IO wait":                 "テスト終了時にまだネットワークかファイルの I/O を待っていた",
	"syscall":                 "テスト終了時にまだシステムコールの中にいた",
	"sleep":                   "テスト終了時に sleep 中だった(sleep してキャンセルを確かめないループ?)",
	"running":                 "テスト終了時にまだ実行中だった(止まらないループ?)",
	"runnable":                "テスト終了時にまだ実行中だった(止まらないループ?)",
}

var jaMessages = map[string]string{
	MsgUsage: `gohunters チェッカーは、演習のテストを実行して採点する。

使い方:
	go run ./checker [コマンド] [フラグ] [演習...]

コマンド:
	list              全演習の状態と次にやること(既定)
	check [N...]      演習 N を採点し(指定なしなら全部)、失敗を説明する
	watch [N]         編集中の演習を保存のたびに採点し直す
	hint N            演習 N のヒントをもう 1 つ表示する(--trainer: 代わりに講師用カード)
	reset [--tests] N 演習 N を配布時の状態に戻す(手元の版はバックアップ)。--tests: テストだけ戻す
	restore [N [ID]]  reset が作ったバックアップ(N のもの)を一覧する。または N のバックアップ ID を戻す("latest" で最新)
	solution N        模範解答との diff を表示する(N が合格してから。または --force)
	report            機械可読な結果: --json(標準出力)と --junit FILE
	room FILE...      講師用: ルームの受講者のレポートファイルを 1 つの表にまとめる(--junit FILE)
	serve             講師用: ライブのルームページ。受講者は check か watch に --room URL を付ける
	explain [pkgs|-]  どの Go モジュールでも: そのテストを実行し、goroutine リークをひとつずつ説明する
	                  (- なら標準入力から go test -json の出力を読む)
	help              このヘルプ

リークが起きる様子を見るには(seed 001 の Before/After の表をこのマシンで計測):
	go run ./checker/demo

演習は番号(3、03)かディレクトリ名(03_name)で指定する。
言語は --lang ja|en、なければ LC_ALL / LC_MESSAGES / LANG で決まる。
フラグ(コマンドの前後どちらでも可):
`,
	MsgExitCodes: "\n終了コード: 0 採点した演習がすべて合格、1 合格していない演習がある、2 使い方か環境のエラー。\n",

	MsgUnknownCommand:   "%q というコマンドはない。`go run ./checker help` を参照",
	MsgUnknownExercise:  "%q という演習はない。`go run ./checker list` で全演習(1-%d)を表示できる",
	MsgNeedExercise:     "%s には演習番号を 1 つ指定する。例: `go run ./checker %s 1`",
	MsgNotInRepo:        "ワークショップのリポジトリの中ではない: %s とその上に `module gohunters` の go.mod がない。\nクローンしたワークショップ(のどのフォルダでもよい)に cd して、もう一度 `go run ./checker` を実行すること。",
	MsgNoGo:             "go コマンドを実行できない(%v)。https://go.dev/dl/ から Go %s 以降をインストールし、`go` が PATH にあることを確認すること。",
	MsgGoTooOld:         "Go %s が使われているが、このワークショップには Go %s 以降が必要(go.mod に `go %s` とある)。\nhttps://go.dev/dl/ から Go %s 以降をインストールして、もう一度 `go run ./checker` を実行すること。",
	MsgRunFailed:        "go test を実行できなかった: %v",
	MsgInterrupted:      "中断: go test とそれが起動したものをすべて止めた。",
	MsgGuard:            "実行に時間がかかりすぎたので止めた(起動したものはすべて終了済み)。",
	MsgRunning:          "%d 個の演習を採点中…",
	MsgProgress:         "%s %d/%d 完了",
	MsgAllDone:          "全演習に合格。見事な goroutine ハントだった! 模範解答との比較: go run ./checker solution N",
	MsgNext:             "次: 演習 %02d「%s」\n  ゴール: %s\n  %s を編集してから実行: go run ./checker check %d   (または: go run ./checker watch)",
	MsgNotStartedNote:   "(未着手: ファイルが配布時のままなのでテストは実行していない。`go run ./checker check %d` で実行できる)",
	MsgTestsModified:    "テストが改変されている: %s。配布時の状態に戻すまで合格にならない。コードはそのままでテストだけ戻すには: go run ./checker reset --tests %d",
	MsgMissing:          "ディレクトリ %s がない。戻すには: go run ./checker reset %d",
	MsgSumsUnreadable:   "配布された演習のチェックサムを読めない(%s: %v)。\nそのファイルを配布時の状態に戻して(git checkout -- %s、または新しく clone する)から、チェッカーをもう一度実行する。",
	MsgIncomplete:       "失敗したテストはないが、配布されたテストファイルの次のテストが最後まで実行されなかった: %s。\n合格する前に何かが止めた: コード中の os.Exit か syscall.Exit(init の中も含む)、os.Args の書き換え、-run/-skip のフィルター。合格には配布されたすべてのテストが実行されて通ることが必要。",
	MsgRacy:             "テストは通るが、race detector(go test -race)の下では失敗する: この修正は同期せずに goroutine 間でメモリを共有している。",
	MsgRaceChecked:      "(race detector でも確認済み)",
	MsgRaceUnavailable:  "(データ競合は未確認: この環境では race detector が使えない: %s)",
	MsgSupportModified:  "演習の外でテストが依存しているファイルが配布時と違う: %s。配布時の状態に戻すまで合格にならない。戻すには: git checkout -- %s(演習に新しいモジュールや補助コードの変更は要らない)。",
	MsgUnverified:       "演習 %02d のチェックサムが記録されていないので、テストが配布されたものかどうかチェッカーには判断できない: 合格にしない(メンテナー向け: %s)",
	MsgNestedModule:     "%s があるせいで、このフォルダが独立したモジュールになっている(誤って `go mod init` した?)。そのためワークショップの go test から演習が見えない。削除する: rm %s",
	MsgOutOfMemory:      "テストが %d MB を超えるメモリを使ったので止めた(終わらない確保か、goroutine が溜まり続けている?)。",
	MsgOutputCut:        " … (ここで出力を ${1} バイト省略) … ",
	MsgDiffCut:          "… (diff の残り ${1} 行。-v ですべて表示)",
	MsgExplainNoModule:  "Go モジュールの中ではない: %s にもその上にも go.mod がない。先にモジュールに cd するか、テストの実行結果をパイプで渡す: go test -json ./... | gohunters explain -",
	MsgExplainNoStdin:   "explain - は標準入力から go test -json の出力を読むが、何も渡されていない",
	MsgExplainRunning:   "go test -json %v を実行中(初回はテストの依存関係をビルドする)…",
	MsgExplainFail:      "%s  %s  失敗(リークの報告はない)",
	MsgExplainNoStacks:  "  goleak はリークした goroutine を報告したが、そのスタックを 1 つも読み取れなかった。go test -v で報告を見られる。",
	MsgExplainNoLeak:    "%d 個のパッケージで goroutine リークの報告はない。",
	MsgExplainSummary:   "%d 個のテストが goroutine をリークした(%d / %d パッケージ)。",
	MsgExplainFailing:   "%d 個のテストがリーク以外の理由で失敗した。go test -v で出力全体を見られる。",
	MsgBuilding:         "テストをビルド中…(初回は依存関係も一度だけコンパイルする。混んだマシンでは最大 1 分ほど)",
	MsgFirstFailureOnly: "(最初に失敗したこのテストで実行を止めた。`--no-fast` ならすべてのテストを実行し、失敗をひとつずつ挙げる)",
	MsgStuckAtLibrary:   "    停止位置 %s(ライブラリのコード: スタックに自分のコードの行はない)",
	MsgStartedVia:       "    起動位置 %s(%s 経由)",
	MsgStartedByLibrary: "    起動元 %s(%s)(ライブラリのコード。それを呼んだ自分の行を探す: その呼び出しが返したものが close かキャンセルされない限り、goroutine は生き続ける)",
	MsgNoSums:           "注意: 演習 %02d のチェックサムが記録されていないので、テストの改変を検出できない(メンテナー向け: %s)",
	MsgPrinciple:        "原則 %s: %s",
	MsgTest:             "テスト %s",
	MsgLeakHeader:       "%d 個の goroutine がリークした:",
	MsgLeakCount:        "%d× ",
	MsgLeakFunc:         "%s%s: %s",
	MsgStuckAt:          "    停止位置 %s",
	MsgStartedAt:        "    起動位置 %s",
	MsgEarly:            "    (スタックはテストがリークを報告した時点のもの。goleak のリトライ前)",
	MsgRuntimeVerdict:   "    ランタイムの判定: %s",
	MsgRuntimeAll:       "  ランタイムの判定(上記すべて): %s",
	MsgRuntimeOther:     "  ランタイムの判定(%s): %s",
	MsgRuntimeUnavailable: "Go ランタイム自身のリーク検出器(goroutineleak プロファイル)なら、これらのリークを確認できるかどうか答えられるが、" +
		"テストを実行した Go(%s)にはこの機能がない。goleak の判定と並べて見るには、Go 1.27 以降でチェッカーを実行する: " +
		"GOTOOLCHAIN=go1.27.3 go run ./checker ...、Go 1.26 なら GOEXPERIMENT=goroutineleakprofile go run ./checker ...",
	MsgNoLeakLocated:    "テストがリークを報告している。出力全体は次のとおり:",
	MsgCompileHeader:    "コンパイルできない:",
	MsgTimedOut:         "%[2]s が %[1]s でタイムアウト: おそらく deadlock",
	MsgDeadlockedAt:     "  おそらく deadlock している場所: %s(%s、%s)",
	MsgDeadlockStack:    "  止まっている goroutine のスタック:",
	MsgNoStuckFound:     "  ダンプに演習の goroutine は見つからなかった。テスト自身が待ちすぎた。",
	MsgPanicked:         "panic した: %s",
	MsgPanicAt:          "  場所: %s(%s)",
	MsgExited:           "演習のコードが %s の途中で os.Exit を呼んだ。テストバイナリが止まったので、それ以降は何も実行されていない。",
	MsgExitedZero:       "演習のコードが %s の途中で os.Exit(0) を呼んだ。",
	MsgFailedMessages:   "テストの出力:",
	MsgHintLevel:        "ヒント %d/%d(演習 %02d「%s」):",
	MsgHintsExhausted:   "(これが最後のヒント。演習が合格したら `go run ./checker solution %d` で模範解答を表示できる)",
	MsgHintMore:         "(次のヒントはもう一度 `go run ./checker hint %d`)",
	MsgNoHints:          "演習 %02d にはヒントがない。",
	MsgResetBackup:      "演習 %02d の手元の版は %s に保存した",
	MsgResetDone:        "演習 %02d を配布時の状態に戻した(%d 個のファイルを復元し、記録済みのチェックサムで確認済み)。",
	MsgResetTestsDone:   "演習 %02d のテストを配布時の状態に戻した。コードはそのまま。",
	MsgResetNothing:     "演習 %02d はなかったので、バックアップするものはない。",
	MsgResetAlready:     "演習 %02d はすでに配布時の状態。reset するものはない。",
	MsgResetKept:        "自分で置いたファイル %s はそのまま残した(演習の配布物にはないファイル)。",
	MsgResetMoved:       "自分で置いたファイル %s は取り出した。go コマンドが配布時のコードと一緒にビルドしたり読んだりしてしまうため。バックアップに入っている。",
	MsgBackupHowBack:    "元に戻すには: go run ./checker restore %d %s",
	MsgStoreInTree:      "注意: ユーザー設定ディレクトリがない(HOME は設定されている?)ため、バックアップは %s に置く。`git clean -fdx` で消える場所。",
	MsgStoreFailed:      "チェッカーの状態(ヒント、バックアップ)を %s に保存できない: %v",
	MsgRestoreNone:      "演習 %02d のバックアップはない(reset は何かを変える前にバックアップを作る)。",
	MsgRestoreNoneAll:   "バックアップはまだない(reset は何かを変える前にバックアップを作る)。保存先は %s",
	MsgRestoreHeader:    "演習 %02d のバックアップ(新しい順、%s):",
	MsgRestoreAllHeader: "バックアップ(新しい順、%s):",
	MsgRestoreLine:      "  %s   作成 %s、ファイル %d 個",
	MsgRestoreAllLine:   "  %02d  %s   作成 %s、ファイル %d 個",
	MsgRestoreHow:       "1 つ戻すには(今の版は先にバックアップする): go run ./checker restore %d ID   (または restore %d latest)",
	MsgRestoreHowAll:    "ある演習のバックアップを一覧するには: go run ./checker restore N",
	MsgRestoreUnknown:   "演習 %02d にバックアップ %q はない。`go run ./checker restore %d` で一覧できる",
	MsgRestoreDone:      "演習 %02d をバックアップ %s の状態に戻した。",
	MsgRestoreSame:      "演習 %02d はすでにバックアップ %s と同じ。何も変えていない。",
	MsgRestoreCannot:    "演習 %02d を復元できない: %v。\n何も変えていない。",
	MsgSetupGo:          "このリポジトリでは go コマンドが動かないため、どの演習も採点できない:\n    %s\nコードではなく環境の問題。%s 直してから `go run ./checker` をもう一度実行する。",
	MsgSetupGoEnv:       " 環境で %s が設定されている。",
	MsgSetupNoCache:     "Go のビルドキャッシュを置く場所がない(GOCACHE が off: HOME も GOCACHE も XDG_CACHE_HOME も設定されていない)ため、どの演習もビルドできない。\nコードではなく環境の問題。HOME(または GOCACHE)を設定してから `go run ./checker` をもう一度実行する。",
	MsgResetCannot:      "演習 %02d を戻せない: %v。\n何も変更していない。配布時のファイルは、ワークショップを新しくクローンして取得すること(exercises/%s/)。",
	MsgSolutionLocked:   "演習 %02d はまだ合格していない(%s)。模範解答は合格後に表示する。それでも見るなら: go run ./checker solution --force %d",
	MsgSolutionHeader:   "演習 %02d の手元の版(---)と模範解答(+++)の差分:",
	MsgSolutionNoDiff:   "diff ツール(git か diff)が見つからない。模範解答は次のとおり:",
	MsgSolutionSame:     "手元のコードは模範解答と同一。",
	MsgWatchStart:       "%s を監視中。ファイルを保存すると採点し直す。終了は Ctrl-C。",
	MsgWatchPollHint:    "更新されない場合(/mnt/c 上の WSL2、ネットワークドライブ、コンテナのボリューム)は: go run ./checker watch --poll",
	MsgWatchFailed:      "ファイルを監視できない(%v)。\n代わりにポーリングを使う: go run ./checker watch --poll",
	MsgWatchPolling:     "(%s ごとに変更をポーリング中)",
	MsgWatchGrading:     "演習 %02d を採点中…",
	MsgWatchAllDone:     "全演習合格。それでも変更は監視し続ける。",
	MsgWatchChanged:     "%s が変更された: 採点し直す...",
	MsgWatchBye:         "監視を終了した。",
	MsgReportWritten:    "JUnit レポートを %s に書き出した",
	MsgReportNeedFormat: "report には --json か --junit FILE(または両方)が必要",
	MsgFlagUnknown:      "%v",
	MsgVerbose:          "出力全体:",
	MsgMoreLines:        "… (残り %d 行。-v ですべて表示)",
	MsgSeedPassage:      "出典: seed %s(%s)。該当箇所: %s",
	MsgRemedyLeak:       "修正: コードが起動する goroutine が、どの return 経路でも終われるようにする。",
	MsgSeePrinciple:     "行き詰まったら: go run ./checker hint %d",
	MsgGoalBeside:       "↑ テストのメッセージは英語のまま。テストが確かめているのは演習のゴール: %s",
}

// jaFlagUsage translates the checker's flag descriptions (checker/internal/cli),
// keyed by the English text; a name in backquotes is the flag's value placeholder
// in -help, so it stays a Go-style word.
var jaFlagUsage = map[string]string{
	"show help":                   "ヘルプを表示する",
	"show the tests' full output": "テストの出力をすべて表示する",
	"reset: restore only the test files, keep your code":                                      "reset: テストファイルだけ戻し、コードはそのままにする",
	"solution: show it even if the exercise does not pass yet":                                "solution: 演習がまだ合格していなくても表示する",
	"watch: poll for changes instead of using file-system notifications":                      "watch: ファイルシステムの通知ではなくポーリングで変更を検出する",
	"list, report: also run the tests of exercises not started yet":                           "list, report: 未着手の演習のテストも実行する",
	"report: write JSON to standard output":                                                   "report: JSON を標準出力に書き出す",
	"report: who these results belong to (default: git config user.name)":                     "report: 誰の結果か(既定: git config user.name)",
	"report: write JUnit XML to `FILE`":                                                       "report: JUnit XML を `FILE` に書き出す",
	"run even a single exercise through go test -json (benchmarks, debugging)":                "演習が 1 つでも go test -json 経由で実行する(ベンチマーク、デバッグ用)",
	"do not ask the Go runtime's goroutineleak profile for its verdict on leaks":              "リークについて Go ランタイムの goroutineleak プロファイルの判定を求めない",
	"the most memory, in `MB`, any process of a test run may use (0: no bound)":               "テスト実行中のどのプロセスにも許すメモリの上限(`MB`、0 なら上限なし)",
	"per-exercise test timeout":                                                               "演習ごとのテストのタイムアウト",
	"language: ja or en (default: from LC_ALL, LC_MESSAGES or LANG)":                          "言語: ja か en(既定: LC_ALL、LC_MESSAGES、LANG から決める)",
	"serve: the room code learners need (default: a random one)":                              "serve: 受講者が必要とするルームコード(既定: ランダム)",
	"report, room: write JUnit XML to `FILE`":                                                 "report, room: JUnit XML を `FILE` に書き出す",
	"serve: the `address` to listen on (0.0.0.0:4000 opens the room to the LAN)":              "serve: 待ち受ける `address`(0.0.0.0:4000 で LAN にルームを公開する)",
	"report, --room: who these results belong to (default: git config user.name)":             "report, --room: 誰の結果か(既定: git config user.name)",
	"check, watch: send each verdict to the trainer's room page at `URL` (printed by serve)":  "check, watch: 判定のたびに講師のルームページ `URL`(serve が表示したもの)へ送る",
	"room, serve: flag a learner stuck on an exercise for longer than this":                   "room, serve: 1 つの演習でこの時間より長く止まっている受講者に印を付ける",
	"hint: show the exercise's trainer card (timing, wrong fixes, debrief) instead of a hint": "hint: ヒントの代わりに演習の講師用カード(時間配分、よくある誤った修正、振り返り)を表示する",
}
