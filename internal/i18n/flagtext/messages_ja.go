package flagtext

// The Japanese edition of flagtext.go's messages.
var jaMessages = map[string]string{
	MsgDefault:       "(既定: %s)",
	MsgUndefined:     "そのようなフラグはありません: -%s",
	MsgNeedsArgument: "フラグ -%s には値が必要です",
	MsgBadSyntax:     "フラグの書き方が正しくありません: %s",
	MsgBadValue:      "フラグ -%[2]s の値 %[1]s が正しくありません: %[3]s",
	MsgBadBool:       "フラグ -%[2]s の値 %[1]s が正しくありません: true か false を指定します",
	MsgParseError:    "この種類の値として読めません",
	MsgOutOfRange:    "範囲外です",
	MsgUnknownLang:   "--lang に %q という言語はありません: 使えるのは ja(日本語)と en(English)です",

	MsgValueString:   "文字列",
	MsgValueInt:      "整数",
	MsgValueUint:     "整数",
	MsgValueFloat:    "数値",
	MsgValueDuration: "時間",
	MsgValue:         "値",
}
