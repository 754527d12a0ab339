package ui

import (
	"fmt"
	"strings"

	"gohunters/internal/leakprofile"
)

// The Go runtime's verdict on a leaked goroutine comes from internal/leakprofile
// as an English sentence (Verdict.Message). In another language the printer
// builds the sentence from the verdict's fields instead, with the texts below;
// TestRuntimeVerdictsTranslated fails when leakprofile gains a Reason that has
// no Japanese here.

// jaRuntimeReason says why the runtime likely did not confirm a leak; %s, where
// present, is the goroutine's state (NotBlocked, NotWaitingOnSync) or what it
// waits on (Reachable).
var jaRuntimeReason = map[leakprofile.Reason]string{
	leakprofile.NoReason:  "理由は不明",
	leakprofile.Reachable: "待っている%sにまだ到達できる。生きている struct、パッケージ変数、まだ動ける goroutine が握っているので、誰も使わないことをランタイムは証明できない",
	leakprofile.NotBlocked: "ブロックしておらず %s の状態にある。ブロックしないループ(sleep、tick、空回り)をランタイムがリークと判定することはない。" +
		"捕まえられるのは、何も動いたまま残っていないことを確かめるテストだけ",
	leakprofile.HiddenShape: "待っている channel にまだ到達できる(生きている struct、パッケージ変数、まだ動ける goroutine が握っている)か、" +
		"ランタイムの解析には見えない形。キャプチャした変数を送信するクロージャ(go func() { ch <- x }())は Go 1.26 と 1.27 では報告されない",
	leakprofile.InBubble: "testing/synctest の bubble の中でブロックしていて、ランタイムのリーク解析は bubble 内の goroutine を対象にしない(待機が durable なため)。" +
		"ここでは synctest 自身の報告 \"main bubble goroutine has exited but blocked goroutines remain\" がランタイムの判定にあたる。bubble に残ったものは何もそれを起こせない",
	leakprofile.NotWaitingOnSync: "%s(ネットワークかシステムコール)で待っていて、ランタイムの解析の対象外。解析が判定するのは channel と sync のプリミティブでブロックした goroutine だけ",
	leakprofile.NotInProfile:     "プロファイルに %s で止まっている goroutine がない(プロファイルを書き出す前に終わったか、別の実行のプロファイル)",
}

const (
	jaRuntimeConfirmed    = "確認済み: %s。まだ動けるどのコードからも%sに到達できない"
	jaRuntimeCount        = "(そこで止まっている %[2]d 個のうち %[1]d 個がリークと判定)"
	jaRuntimeNotConfirmed = "未確認(goleak の報告は有効): "
	jaRuntimeHiddenLock   = "待っているロックにまだ到達できる(生きている struct かパッケージ変数が握っている)か、ランタイムの解析には見えない形でロックが握られている"
	jaRuntimeUnavailable  = "判定なし: このテストの goroutineleak プロファイルが得られなかった。goleak の報告は有効"
)

// runtimeText is the runtime's verdict v in the printer's language; where names
// the goroutine (its function, or function and file:line).
func (p *Printer) runtimeText(v leakprofile.Verdict, where string) string {
	if p.Lang != "ja" {
		return v.Message
	}
	switch v.Status {
	case leakprofile.Confirmed:
		s := fmt.Sprintf(jaRuntimeConfirmed, jaBlockedOn(v.State), jaWhat(v.State))
		if v.Matched > 1 {
			s += fmt.Sprintf(jaRuntimeCount, v.Leaked, v.Matched)
		}
		return s
	case leakprofile.NotConfirmed:
		reason, ok := jaRuntimeReason[v.Reason]
		if !ok {
			return v.Message
		}
		switch v.Reason {
		case leakprofile.HiddenShape:
			if strings.HasPrefix(v.State, "sync.Mutex") || strings.HasPrefix(v.State, "sync.RWMutex") {
				reason = jaRuntimeHiddenLock
			}
		case leakprofile.Reachable:
			reason = fmt.Sprintf(reason, jaWhat(v.State))
		case leakprofile.NotBlocked, leakprofile.NotWaitingOnSync:
			reason = fmt.Sprintf(reason, v.State)
		case leakprofile.NotInProfile:
			reason = fmt.Sprintf(reason, where)
		}
		return jaRuntimeNotConfirmed + reason
	}
	return jaRuntimeUnavailable
}

func jaBlockedOn(state string) string {
	switch state {
	case "chan send":
		return "channel への送信で永久にブロック"
	case "chan receive":
		return "channel からの受信で永久にブロック"
	case "select":
		return "select で永久にブロック"
	}
	return "永久にブロック(" + state + ")"
}

func jaWhat(state string) string {
	switch {
	case strings.HasPrefix(state, "chan ") || state == "select":
		return " channel "
	case strings.Contains(state, "WaitGroup"):
		return " WaitGroup "
	case strings.Contains(state, "Cond"):
		return " sync.Cond "
	case strings.Contains(state, "Mutex"):
		return "ロック"
	}
	return "対象"
}
