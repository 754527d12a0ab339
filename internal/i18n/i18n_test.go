package i18n

import "testing"

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"", nil, English},
		{"", map[string]string{"LANG": "ja_JP.UTF-8"}, Japanese},
		{"", map[string]string{"LANG": "ja_JP.eucJP"}, Japanese},
		{"", map[string]string{"LANG": "ja"}, Japanese},
		{"", map[string]string{"LANG": "en_US.UTF-8"}, English},
		{"", map[string]string{"LANG": "C.UTF-8"}, English},
		{"", map[string]string{"LANG": "POSIX"}, English},
		{"", map[string]string{"LANG": "fr_FR.UTF-8"}, English},
		{"", map[string]string{"LANG": "garbage!!"}, English},
		{"", map[string]string{"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, Japanese},
		{"", map[string]string{"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"}, English},
		{"", map[string]string{"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, Japanese},
		{"en", map[string]string{"LANG": "ja_JP.UTF-8"}, English},
		{"ja", map[string]string{"LANG": "en_US.UTF-8"}, Japanese},
		{"ja-JP", nil, Japanese},
		{"de", nil, English},
	} {
		got := Choose(tc.flag, func(k string) string { return tc.env[k] })
		if got != tc.want {
			t.Errorf("Choose(%q, %v) = %q, want %q", tc.flag, tc.env, got, tc.want)
		}
	}
}

func TestEnglishSentence(t *testing.T) {
	for s, want := range map[string]bool{
		"the directory is missing; restore it":                        true,
		"演習 %02d を戻した":                                                false,
		"次: go run ./checker check 1 to run it":                       false, // a command runs to the next Japanese character
		"userErr のコード: // don't forget to increase when you add more": false,
		"`go run ./checker list` で全演習を表示できる":                          false,
		"list, report: 未着手の演習のテストも実行する":                               false,
		"Sending 3 requests over 3s to each handler":                  true,
	} {
		if got := EnglishSentence(s) != ""; got != want {
			t.Errorf("EnglishSentence(%q) = %q, want a sentence: %v", s, EnglishSentence(s), want)
		}
	}
}

func TestVerbs(t *testing.T) {
	en, ja := Verbs("timed out after %s in %s: %d%%"), Verbs("%[2]s が %[1]s でタイムアウト: %[3]d%%")
	if len(en) != 3 || en[1] != "s" || en[3] != "d" || ja[1] != en[1] || ja[2] != en[2] || ja[3] != en[3] {
		t.Errorf("Verbs: %v, %v", en, ja)
	}
}
