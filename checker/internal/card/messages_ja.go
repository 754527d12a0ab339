package card

// The Japanese edition of messages.go, in です/ます. The format verbs and their
// order are the English text's.

var jaMessages = map[string]string{
	MsgCardHeader:    "演習 %02d「%s」の講師カード(約 %d 分):",
	MsgCardWrongFix:  "よく試される間違った修正と、チェッカーの返答:",
	MsgCardFix:       "  - %s", // MsgCardPoint too: the same text
	MsgCardSays:      "      -> %s",
	MsgCardDebrief:   "振り返り:",
	MsgCardNone:      "演習 %02d にはまだ講師カードがありません(internal/catalogue/trainer.go)。",
	MsgCardNoHintUse: "(講師カードはヒントではありません: 受講者のヒントの回数は変わりません)",
}
