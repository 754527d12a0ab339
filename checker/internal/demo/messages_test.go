package demo

import (
	"testing"

	"gohunters/checker/internal/i18n/i18ntest"
)

func TestEveryMessageTranslated(t *testing.T) {
	english := i18ntest.Consts(t, ".", "Msg")
	i18ntest.Complete(t, english, jaMessages, "jaMessages in messages_ja.go")
	i18ntest.English(t, english)
	i18ntest.Japanese(t, jaMessages)
}
