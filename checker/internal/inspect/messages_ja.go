package inspect

import (
	"fmt"
	"strings"

	"gohunters/internal/i18n"
)

// editions holds the rules' translations, keyed by the English Rule text.
var editions = i18n.Editions{"ja": {
	string(MsgImport):   "%s を import しています。この演習の修正には使い道がなく、テストの実行やそれを囲むプロセスに手を伸ばすものです",
	string(MsgExit):     "%s を呼んでいます。テストが結果を報告する前にテストバイナリが終わってしまいます。演習のコードがプロセスを終了することはありません",
	string(MsgArgs):     "%s を使っています。コードは、テストバイナリがどう起動されたかに左右されてはならず、それを変えてもいけません",
	string(MsgFraming):  "テストランナーの枠組みの文字列(%q)を出力しています。結果を報告するのはテストだけです",
	string(MsgLinkname): "//go:linkname ディレクティブがあります。別のパッケージの内部に手を伸ばすものです",
	string(MsgEnv):      "%s を呼んでいます。テストと race detector での実行が前提とする環境を、テスト対象のコードが変えてはいけません",
	string(MsgEnvRead):  "%s を呼んでいます。環境変数や自分の実行ファイルを読むコードは、テストのときと本番とで違う動きができてしまいます",
	string(MsgStdio):    "%s を置き換えるか閉じています。何が起きたかを報告するのはテストだけで、go test が渡した出力を使います",
	string(MsgProcess):  "%s を呼んでいます。この演習の修正では、プロセスを起動したり、探したり、シグナルを送ったりはしません",
	string(MsgStack):    "%s を呼んでいます。自分のコールスタックを調べるコードは、テストと本番を見分けられてしまいます",
	string(MsgModule):   "%s を import しています。配布されたコードでは使われておらず、標準ライブラリでも golang.org/x/sync でも goleak でもないパッケージです",
	string(MsgBodyless): "%s を本体なしで宣言しています。その中身はアセンブリか、別のパッケージの内部から来ることになります",
	string(MsgTelltale): "%q に触れています。自分のプロセスやテストファイルを調べるコードは、テストと本番を見分けられてしまいます",
	string(MsgForeign):  "%s を追加しています。go コマンドがアセンブル、cgo でコンパイル、またはリンクするファイルです。この演習の修正は Go のコードです",
}}

// In returns f's explanation in lang ("en" or "ja"), with its file and line.
func (f Finding) In(lang string) string {
	text := editions.T(lang, string(f.Rule))
	if strings.Contains(text, "%") {
		text = fmt.Sprintf(text, f.Arg)
	}
	if f.Line == 0 {
		return fmt.Sprintf("%s: %s", f.File, text)
	}
	return fmt.Sprintf("%s:%d: %s", f.File, f.Line, text)
}
