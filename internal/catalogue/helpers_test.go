package catalogue

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gohunters/internal/leakcheck"
	"gohunters/internal/words"
)

// recorder is a testing.TB that keeps what a helper reports.
type recorder struct {
	testing.TB
	said []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.said = append(r.said, fmt.Sprintf(format, args...))
}

// TestHelpersInJapanese: what the workshop's test helpers print reads in
// Japanese for any exercise, even one whose own messages have no Japanese
// yet, and jaHelpers holds the formats the helpers print.
func TestHelpersInJapanese(t *testing.T) {
	rec := &recorder{}
	block := make(chan struct{})
	defer close(block)
	leakcheck.Within(rec, time.Millisecond, "Run", func() { <-block })
	if len(rec.said) != 1 {
		t.Fatalf("Within said %q", rec.said)
	}
	src, err := os.ReadFile(filepath.Join("..", "leakcheck", "instant.go"))
	if err != nil {
		t.Fatal(err)
	}
	instant := "%d goroutine(s) started by the code under test %s %s returned:\n%s"
	if !strings.Contains(string(src), strconv.Quote(instant)) {
		t.Errorf("leakcheck's instant check no longer prints %q: bring jaHelpers in step", instant)
	}
	e := Entry{} // no Messages of its own
	for _, c := range []struct{ printed, want string }{
		{fmt.Sprintf(words.BubbleReport+" %q", "deadlock: main bubble goroutine has exited but blocked goroutines remain"),
			`goroutine リーク: synctest の報告 "deadlock: main bubble goroutine has exited but blocked goroutines remain"`},
		{rec.said[0], "Run が 1ms 以内に戻りませんでした: ずっとブロックしたままです(リークした goroutine)"},
		{fmt.Sprintf(instant, 2, words.StillRunning, "Close", "\ngoroutine 7 [chan send]:"),
			"テスト対象のコードが起動した goroutine のうち 2 個が、Close が戻った時点でまだ動いていました:\n\ngoroutine 7 [chan send]:"},
		{words.GoleakReport + ":", "goleak が想定外の goroutine を見つけました:"},
		{fmt.Sprintf(strings.TrimSuffix(instant, "\n%s"), 3, words.StillRunning, "Run"),
			"テスト対象のコードが起動した goroutine のうち 3 個が、Run が戻った時点でまだ動いていました:"},
	} {
		if got, ok := e.ObservedIn("ja", c.printed); !ok || got != c.want {
			t.Errorf("%q:\n\tgot  %q (%v)\n\twant %q", c.printed, got, ok, c.want)
		}
		if _, ok := e.ObservedIn("en", c.printed); ok {
			t.Errorf("%q is rendered again in English", c.printed)
		}
	}
}
