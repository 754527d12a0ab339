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
			Clauses: []string{
				"When every image renders, RenderAll returns each image's thumbnail in the order of the batch, rendered by the given number of workers side by side, never more at once.",
				"When an image fails, RenderAll returns no thumbnails and an error that wraps the render's error and names the image, as soon as the renders in progress have given up; no render starts after the failure.",
				"When the caller's ctx ends first, RenderAll returns no thumbnails and an error matching ctx.Err(), as soon as the renders in progress have given up; no render starts after the end.",
				"When RenderAll returns, no goroutine it started and no render is still running, and none starts later, however large the batch.",
			},
			Hints: []string{
				"Read the goleak report: which lines are the workers and the feeder stuck on, and who stopped receiving?",
				"After the collector's return nobody reads results again, so every send there needs a way out, and the work still queued must stop. A buffer, even one as big as the batch, unblocks the sends but lets the workers render the rest of the batch for nobody: the test counts renders after RenderAll returns.",
				"Principle E1 (seed 001, the worker and its select on ctx.Done() around the results send): run the feeder and workers in an errgroup.WithContext, return errors from the workers instead of sending them, and select on ctx.Done() around every send. Since each result has its own index, the workers can even write into the slice directly and g.Wait() is all the collecting left.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a results buffer as large as the batch",
					Checker: "failing: goal clause 4 not met; observed: 8 render(s) still running when RenderAll returned",
				},
				{
					Try:     "cancel the workers with a deferred cancel, but return without waiting for them",
					Checker: "failing: goal clause 4 not met; observed: 8 render(s) still running when RenderAll returned",
				},
				{
					Try:     "a plain errgroup.Group (no WithContext), since the workers have the caller's ctx",
					Checker: "failing: goal clause 2 not met; observed: image IMG_0000.jpg failed at 5ms and the renders in progress had given up at 6ms; RenderAll returned at 1.43s",
				},
				{
					Try:     "let the workers check ctx, but keep the feeder a plain loop of sends",
					Checker: "leaking: goal clause 2 not met; observed: RenderAll had not returned 3h0m0s after it was called",
				},
				{
					Try:     "drop the feeder: one errgroup goroutine per image",
					Checker: "failing: goal clause 1 not met; observed: 10 renders ran at once with 8 workers",
				},
			},
			Debrief: []string{
				"seed 001's incident: the early return on error left the workers and the feeder stuck",
				"every send selects on ctx.Done(); cancel, then wait, then return",
				"RenderAll returns once the renders in progress have given up, never before: a render deaf to the cancel holds it, and that is the price of leaving nothing behind",
				"go run ./checker/demo shows the goroutine count of both versions",
			},
		},
		Ja: Edition{
			Title:   "早々に諦めた worker pool",
			Passage: "Deep Dive: エラーで早期 return すると、ワーカーによるバッファなし channel への送信が永遠にブロックする。修正では results への送信をすべて ctx.Done() との select で囲む",
			Goal:    "RenderAll がどの経路で return しても、バッチがどれほど大きくても、その goroutine はひとつもブロックしたまま・描画したままで残らない。",
			Clauses: []string{
				"すべての画像のレンダリングに成功したら、RenderAll はバッチの順番どおりに各画像のサムネイルを返します。レンダリングは指定された数のワーカーが並んで行い、同時に走るのはその数までです。",
				"ある画像が失敗したら、RenderAll はサムネイルを返さず、そのレンダリングのエラーをラップして画像の名前を含むエラーを返します。return するのは処理中のレンダリングが諦めしだいで、失敗のあとに新しいレンダリングは始まりません。",
				"呼び出し側の ctx が先に終わったら、RenderAll はサムネイルを返さず、ctx.Err() にマッチするエラーを返します。return するのは処理中のレンダリングが諦めしだいで、終わったあとに新しいレンダリングは始まりません。",
				"RenderAll が return した時点で、それが始めた goroutine もレンダリングもひとつも動いておらず、あとから始まることもありません。バッチがどれだけ大きくても同じです。",
			},
			Hints: []string{
				"goleak のレポートを読みましょう。ワーカーとフィーダーはどの行で止まっているでしょうか。受信をやめたのは誰でしょうか。",
				"コレクターが return したあとは誰も results を読まないので、そこへの送信にはすべて逃げ道が必要です。キューに残った仕事も止めなければなりません。バッファはバッチと同じ大きさでも送信を通すだけで、ワーカーは残りのバッチを誰のためでもなくレンダリングし続けます。テストは RenderAll が return したあとのレンダリング回数を数えています。",
				"原則 E1(seed 001、results への送信を ctx.Done() との select で囲むワーカー): フィーダーとワーカーを errgroup.WithContext で動かし、ワーカーはエラーを送らずに return で返し、各送信を ctx.Done() との select で囲みます。結果にはそれぞれ添字があるので、ワーカーがスライスに直接書き込めば、集める処理は g.Wait() だけになります。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "results のバッファをバッチと同じ大きさにする",
					Checker: "failing: ゴールの条項 4 が満たされていません。観測: RenderAll が return した時点で、レンダリングが 8 個まだ動いていました",
				},
				{
					Try:     "defer した cancel でワーカーをキャンセルするが、待たずに return する",
					Checker: "failing: ゴールの条項 4 が満たされていません。観測: RenderAll が return した時点で、レンダリングが 8 個まだ動いていました",
				},
				{
					Try:     "WithContext なしの素の errgroup.Group を使う(ワーカーは呼び出し側の ctx を持っているから)",
					Checker: "failing: ゴールの条項 2 が満たされていません。観測: 画像 IMG_0000.jpg は 5ms に失敗し、処理中のレンダリングは 6ms に諦めましたが、RenderAll が return したのは 1.43s でした",
				},
				{
					Try:     "ワーカーには ctx を確かめさせるが、フィーダーは送信を並べただけのループのままにする",
					Checker: "leaking: ゴールの条項 2 が満たされていません。観測: RenderAll は呼び出されてから 3h0m0s たっても return していませんでした",
				},
				{
					Try:     "フィーダーをやめ、画像ごとに errgroup の goroutine をひとつ起こす",
					Checker: "failing: ゴールの条項 1 が満たされていません。観測: ワーカー 8 個に対して、レンダリングが同時に 10 個走りました",
				},
			},
			Debrief: []string{
				"seed 001 のインシデント: エラーでの早期 return が、ワーカーとフィーダーを止まったまま置き去りにした",
				"どの送信も ctx.Done() と select する。キャンセルし、待ってから return する",
				"RenderAll が return するのは処理中のレンダリングが諦めたあとで、それより前ではない。キャンセルを聞かないレンダリングがあればそれを待つ。何も置き去りにしないための代償である",
				"go run ./checker/demo で両方の版の goroutine 数を見せる",
			},
		},
		Messages: map[string]string{
			"RenderAll had not returned %v after it was called":                                                     "RenderAll は呼び出されてから %v たっても return していませんでした",
			"%d render(s) still running when RenderAll returned":                                                    "RenderAll が return した時点で、レンダリングが %d 個まだ動いていました",
			"%d render(s) began in the minute after RenderAll returned":                                             "RenderAll が return したあとの 1 分間に、レンダリングが %d 個始まりました",
			"every image rendered; RenderAll returned the error %q":                                                 "すべての画像がレンダリングできましたが、RenderAll はエラー %q を返しました",
			"RenderAll returned %d thumbnails for %d images":                                                        "RenderAll は %[2]d 枚の画像に対して %[1]d 枚のサムネイルを返しました",
			"thumbnail %d is %q of image %q; the batch's image %d is %q":                                            "サムネイル %d は画像 %[3]q の %[2]q ですが、バッチの %[4]d 番目の画像は %[5]q です",
			"%d images, %d renders":                                                                                 "画像 %d 枚に対して、レンダリングは %d 回でした",
			"%d renders ran at once with %d workers":                                                                "ワーカー %[2]d 個に対して、レンダリングが同時に %[1]d 個走りました",
			"%d images of %v each, %d workers: RenderAll returned after %v":                                         "1 枚 %[2]v の画像 %[1]d 枚、ワーカー %[3]d 個で、RenderAll が return したのは %[4]v 後でした",
			"at most %d renders ran at once with %d workers and %d images":                                          "ワーカー %[2]d 個、画像 %[3]d 枚で、同時に走ったレンダリングは最大 %[1]d 個でした",
			"image %s failed at %v and the renders in progress had given up at %v; RenderAll returned at %v":        "画像 %s は %v に失敗し、処理中のレンダリングは %v に諦めましたが、RenderAll が return したのは %v でした",
			"%d render(s) began after image %s failed at %v":                                                        "画像 %[2]s が %[3]v に失敗したあとで、レンダリングが %[1]d 個始まりました",
			"image %s failed with %q; RenderAll returned %v":                                                        "画像 %s は %q で失敗しましたが、RenderAll が返したのは %v でした",
			"image %s failed; RenderAll returned %q":                                                                "画像 %s が失敗し、RenderAll は %q を返しました",
			"image %s failed; RenderAll returned %d thumbnails with its error":                                      "画像 %s が失敗しましたが、RenderAll はエラーと一緒にサムネイルを %d 枚返しました",
			"the caller's ctx ended with %q at %v; RenderAll returned %v":                                           "呼び出し側の ctx は %[2]v に %[1]q で終わりましたが、RenderAll が返したのは %[3]v でした",
			"the caller's ctx ended; RenderAll returned %d thumbnails with its error":                               "呼び出し側の ctx が終わりましたが、RenderAll はエラーと一緒にサムネイルを %d 枚返しました",
			"the caller's ctx ended at %v and the renders in progress had given up at %v; RenderAll returned at %v": "呼び出し側の ctx は %v に終わり、処理中のレンダリングは %v に諦めましたが、RenderAll が return したのは %v でした",
			"%d render(s) began after the caller's ctx ended at %v":                                                 "呼び出し側の ctx が %[2]v に終わったあとで、レンダリングが %[1]d 個始まりました",
			"round %d: %d render(s) still running when RenderAll returned":                                          "%d 回目: RenderAll が return した時点で、レンダリングが %d 個まだ動いていました",
			"round %d: image %d failed; RenderAll returned no error":                                                "%d 回目: 画像 %d が失敗しましたが、RenderAll はエラーを返しませんでした",
			"round %d: the caller cancelled; RenderAll returned no error and %d thumbnails for %d images":           "%d 回目: 呼び出し側がキャンセルしましたが、RenderAll はエラーを返さず、%[3]d 枚の画像に対して %[2]d 枚のサムネイルを返しました",
			"round %d: no image failed; RenderAll returned %d thumbnails for %d images":                             "%d 回目: どの画像も失敗しませんでしたが、RenderAll は %[3]d 枚の画像に対して %[2]d 枚のサムネイルを返しました",
			"round %d: image %d failed; RenderAll returned %q and %d thumbnails":                                    "%d 回目: 画像 %d が失敗し、RenderAll は %q とサムネイル %d 枚を返しました",
			"round %d: the caller's ctx was live and no image failed with it; RenderAll returned %q":                "%d 回目: 呼び出し側の ctx は生きていて、そのエラーで失敗した画像もありませんが、RenderAll は %q を返しました",
			"round %d: the caller cancelled; RenderAll returned %q and %d thumbnails":                               "%d 回目: 呼び出し側がキャンセルし、RenderAll は %q とサムネイル %d 枚を返しました",
			"round %d: %d render(s) began after RenderAll returned":                                                 "%d 回目: RenderAll が return したあとで、レンダリングが %d 個始まりました",
		},
	})
}
