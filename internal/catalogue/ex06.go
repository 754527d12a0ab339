package catalogue

// Exercise 06: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    6,
		Dir:       "06_keepalive_per_put",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   15,
		Solution:  []Excerpt{{"announcer.go", `/^func \(a \*Announcer\) Put/,/^}/`}, {"announcer.go", `/^func \(a \*Announcer\) keepalive/,/^}/`}},

		En: Edition{
			Title:   "A keepalive for every Put",
			Passage: `Put(ctx, kaCtx, value): Statefull starts a keepalive goroutine per Put that lives until kaCtx is cancelled, "a future where kaCtx's cancel is forgotten"`,
			Goal:    "However many times Put is called, only the latest lease is kept alive, and once Close returns no keepalive is left running; Put and Close wait for the keepalive they stop, and no longer.",
			Hints: []string{
				"Read the report and the counts: how many leases are still renewed after thousands of Puts, and which line started all those goroutines?",
				"Each Put starts a goroutine with a context of its own, then overwrites the only cancel func that could stop the previous one; Close cancels just the last and does not wait.",
				"Principle P2 (seed 000, Put with its own kaCtx): give the keepalive one owner. Put and Close stop the current one (cancel, then sync.WaitGroup.Wait) before replacing or dropping it, and a closed Announcer starts nothing.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "cancel the previous keepalive but not wait for it",
					Checker: "the test: Put returned while the replaced lease's keepalive was still in flight",
				},
				{
					Try:     "let Close cancel only the latest keepalive",
					Checker: "the test: leases renewed after Close returned",
				},
			},
			Debrief: []string{
				"one keepalive at a time: cancel and wait before starting the next",
				"Put after Close must fail, or nothing would stop its keepalive",
			},
		},
		Ja: Edition{
			Title:   "Put のたびに増える keepalive",
			Passage: "Put(ctx, kaCtx, value): Statefull は Put のたびに kaCtx がキャンセルされるまで生きる keepalive goroutine を起動する(記事が警告する「kaCtx の cancel を忘れる未来」)",
			Goal:    "Put を何度呼んでも維持されるのは最新のリースだけで、Close が return した後は keepalive がひとつも動いていない。Put と Close は自分が止める keepalive の終わりを待ち、それ以上は待たない。",
			Hints: []string{
				"レポートと件数を読もう。何千回も Put した後、更新され続けているリースはいくつか。それらの goroutine をすべて起動したのはどの行か。",
				"Put は自分専用の context を持つ goroutine を起動し、前の goroutine を止められる唯一の cancel func を上書きしてしまう。Close は最後のひとつをキャンセルするだけで、終了を待たない。",
				"原則 P2(seed 000、独自の kaCtx を取る Put): keepalive の持ち主をひとつにする。Put と Close は、差し替えたり破棄したりする前に今の keepalive を止め(cancel してから sync.WaitGroup.Wait)、Close 済みの Announcer は何も起動しない。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "前の keepalive をキャンセルするが、終わるのを待たない",
					Checker: "テスト: 置き換えたリースの keepalive がまだ動いているうちに Put が return した",
				},
				{
					Try:     "Close では最新の keepalive だけをキャンセルする",
					Checker: "テスト: Close が return した後にリースが更新された",
				},
			},
			Debrief: []string{
				"keepalive は一度に 1 つ: 次を起動する前にキャンセルして待つ",
				"Close の後の Put は失敗しなければならない。さもないとその keepalive を止めるものがない",
			},
		},
	})
}
