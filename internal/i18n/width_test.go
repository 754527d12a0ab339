package i18n

import (
	"testing"

	"github.com/mattn/go-runewidth"
)

func TestNarrowAmbiguous(t *testing.T) {
	saved := runewidth.DefaultCondition.EastAsianWidth
	t.Cleanup(func() { runewidth.DefaultCondition.EastAsianWidth = saved })
	runewidth.DefaultCondition.EastAsianWidth = true // as go-runewidth sets it under LANG=ja_JP.UTF-8

	NarrowAmbiguous(func(string) string { return "" })
	if w := runewidth.StringWidth("ok 1× ·"); w != 7 {
		t.Errorf(`width of "ok 1× ·" = %d, want 7: ambiguous characters must count one column`, w)
	}
	if w := runewidth.StringWidth("受講者"); w != 6 {
		t.Errorf("width of 受講者 = %d, want 6", w)
	}

	runewidth.DefaultCondition.EastAsianWidth = true
	NarrowAmbiguous(func(k string) string {
		if k == "RUNEWIDTH_EASTASIAN" {
			return "1"
		}
		return ""
	})
	if w := runewidth.StringWidth("·"); w != 2 {
		t.Errorf("with RUNEWIDTH_EASTASIAN=1, width of · = %d, want 2", w)
	}
}
