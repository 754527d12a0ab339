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
	string(MsgArgs):     "%s を変更しています。テストは go test が渡したフラグのまま実行されなければなりません",
	string(MsgFraming):  "テストランナーの枠組みの文字列(%q)を出力しています。結果を報告するのはテストだけです",
	string(MsgLinkname): "//go:linkname ディレクティブがあります。別のパッケージの内部に手を伸ばすものです",
	string(MsgEnv):      "%s を呼んでいます。テストと race detector での実行が前提とする環境を、テスト対象のコードが変えてはいけません",
}}

// In returns f's explanation in lang ("en" or "ja"), with its file and line.
func (f Finding) In(lang string) string {
	text := editions.T(lang, string(f.Rule))
	if strings.Contains(text, "%") {
		text = fmt.Sprintf(text, f.Arg)
	}
	return fmt.Sprintf("%s:%d: %s", f.File, f.Line, text)
}
