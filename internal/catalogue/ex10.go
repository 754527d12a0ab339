package catalogue

// Exercise 10: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    10,
		Dir:       "10_worker_pool_early_return",
		Seed:      Seed001,
		Principle: "E1",
		Minutes:   15,
		Solution:  []Excerpt{{"thumbnail.go", `/^func RenderAll/,/^\tthumbs := make/`}, {"thumbnail.go", `/^\tthumbs := make/,/^}/`}},

		En: Edition{
			Title:   "The worker pool that gave up early",
			Passage: "Deep Dive: the early return on an error leaves the workers' sends on an unbuffered channel blocked forever; the fix selects on ctx.Done() around every results send",
			Goal:    "Whichever way RenderAll returns, none of its goroutines is left blocked or still rendering, however large the batch.",
			Hints: []string{
				"Read the goleak report: which lines are the workers and the feeder stuck on, and who stopped receiving?",
				"After the collector's return nobody reads results again, so every send there needs a way out, and the work still queued must stop. A buffer, even one as big as the batch, unblocks the sends but lets the workers render the rest of the batch for nobody: the test counts renders after RenderAll returns.",
				"Principle E1 (seed 001, the worker and its select on ctx.Done() around the results send): run the feeder and workers in an errgroup.WithContext, return errors from the workers instead of sending them, and select on ctx.Done() around every send. Since each result has its own index, the workers can even write into the slice directly and g.Wait() is all the collecting left.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a results buffer as large as the batch",
					Checker: "leaking: RenderAll returned while renders were still running: its workers outlive the call",
				},
				{
					Try:     "cancel the workers but return without waiting for them",
					Checker: "the same message: cancel, then wait, then return",
				},
			},
			Debrief: []string{
				"seed 001's incident: the early return on error left the workers and the feeder stuck",
				"every send selects on ctx.Done(); cancel, then wait, then return",
				"go run ./checker/demo shows the goroutine count of both versions",
			},
		},
		Ja: Edition{
			Title:   "早々に諦めた worker pool",
			Passage: "Deep Dive: エラーで早期 return すると、ワーカーによるバッファなし channel への送信が永遠にブロックする。修正では results への送信をすべて ctx.Done() との select で囲む",
			Goal:    "RenderAll がどの経路で return しても、バッチがどれほど大きくても、その goroutine はひとつもブロックしたまま・描画したままで残らない。",
			Hints: []string{
				"goleak のレポートを読もう。ワーカーとフィーダーはどの行で止まっているか。受信をやめたのは誰か。",
				"コレクターが return した後は誰も results を読まないので、そこへの送信にはすべて逃げ道が必要だ。キューに残った仕事も止めなければならない。バッファはバッチと同じ大きさでも送信を通すだけで、ワーカーは残りのバッチを誰のためでもなくレンダリングし続ける。テストは RenderAll が return した後のレンダリング回数を数えている。",
				"原則 E1(seed 001、results への送信を ctx.Done() との select で囲むワーカー): フィーダーとワーカーを errgroup.WithContext で動かし、ワーカーはエラーを送らずに return で返し、各送信を ctx.Done() との select で囲む。結果にはそれぞれ添字があるので、ワーカーがスライスに直接書き込めば、集める処理は g.Wait() だけになる。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "results のバッファをバッチと同じ大きさにする",
					Checker: `リークあり: "RenderAll returned while renders were still running: its workers outlive the call"`,
				},
				{
					Try:     "ワーカーをキャンセルするが、待たずに return する",
					Checker: "同じメッセージ: キャンセルし、待ってから return する",
				},
			},
			Debrief: []string{
				"seed 001 のインシデント: エラーでの早期 return が、ワーカーとフィーダーを止まったまま置き去りにした",
				"どの送信も ctx.Done() と select する。キャンセルし、待ってから return する",
				"go run ./checker/demo で両方の版の goroutine 数を見せる",
			},
		},
	})
}
