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
