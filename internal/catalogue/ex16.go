package catalogue

// Exercise 16: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    16,
		Dir:       "16_lock_scope",
		Seed:      Seed002,
		Principle: "A2",
		Minutes:   15,
		Solution:  []Excerpt{{"hub.go", `/^func \(h \*Hub\) ShutdownAll/,/^}/`}, {"hub.go", `/^func \(h \*Hub\) all/,/^}/`}},

		En: Edition{
			Title:   "The Hub that held its lock too long",
			Passage: "Avoiding deadlocks: keep the locked range narrow, never take a lock inside a lock, don't iterate a collection under a lock; guard shared state with small getters",
			Goal:    "Kick and ShutdownAll return once their sessions have finished, even when a session calls back into the Hub, and the Hub keeps serving other callers meanwhile.",
			Clauses: []string{
				"Kick(id) shuts down the session registered under id and no other, and reports whether there was one; ShutdownAll shuts down every session registered when it is called.",
				"Kick and ShutdownAll return only once the sessions they shut down have finished shutting down, and from then on the Hub no longer lists them.",
				"A session may call into the Hub while it shuts down (Len, Add, Remove, Kick of another session), from the goroutine that called its Shutdown or from one of its own, and nothing waits for ever.",
				"While a session takes its time to shut down, the Hub serves its other callers at once: Len, Add, Remove and Kick of another session.",
				"Any number of goroutines may call the Hub's methods at once, with no data race; when concurrent Kicks and ShutdownAll have all returned, every session registered before them has finished shutting down.",
			},
			Hints: []string{
				"Read the stuck goroutine's stack from the bottom up: which lock does it want, and who is holding it?",
				"A session's Shutdown calls Hub.Remove, which takes the Hub's mutex; sync.Mutex is not reentrant. What does the Hub really need the lock for while a session shuts down?",
				"Principle A2 (seed 002, avoiding deadlocks): hold the mutex only in small getters; copy what you need (the session, or a snapshot of the map; taking it out of the map works too) under the lock and call the sessions after unlocking.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "sync.RWMutex instead of Mutex, the read lock in Kick and ShutdownAll",
					Checker: `leaking: goal clause 3 not met; observed: Kick("b") had not returned 500ms after it was called`,
				},
				{
					Try:     "copy the map in ShutdownAll, but keep Kick holding the lock: it shuts down one session only",
					Checker: `leaking: goal clause 3 not met; observed: Kick("b") had not returned 500ms after it was called`,
				},
				{
					Try:     "shut the session down in a goroutine, so that Kick never waits",
					Checker: `failing: goal clause 2 not met; observed: Kick("b") returned before session "b" had finished shutting down`,
				},
				{
					Try:     "let Remove delete from a goroutine of its own, so that it never waits for the lock",
					Checker: `failing: goal clause 2 not met; observed: Kick("b") has returned; the Hub lists 3 sessions of a, b and c`,
				},
				{
					Try:     "read the map's length without the lock in Len",
					Checker: "data race: the tests pass, but fail under the race detector (go test -race)",
				},
			},
			Debrief: []string{
				"copy under the lock, call out without it",
				"sync.Mutex is not reentrant, and synctest cannot see a Mutex wait",
				"a session's last step may run on another goroutine (like exercise 14's OnClose): a Hub that only works when Remove is called from inside Shutdown is not done",
				"unlocking around each Shutdown inside a range over the map is not a data race (the lock orders every change, and Go allows deletes during a range), but it is the shape the lock rules warn against: a copy says what is meant",
			},
		},
		Ja: Edition{
			Title:   "ロックを握りすぎた Hub",
			Passage: "deadlock を避けるために気をつけること: ロックの範囲は狭く、ロックの中でロックを取らない、ロックの中で collection を iterate しない、共有状態は小さな getter で守る",
			Goal:    "Kick と ShutdownAll は、セッションが Hub を呼び返す場合でも、セッションが終わった時点で return し、その間も Hub は他の呼び出しに応え続ける。",
			Clauses: []string{
				"Kick(id) は id で登録されたセッションを、それだけを停止し、そのセッションがあったかどうかを報告します。ShutdownAll は呼ばれた時点で登録されているセッションをすべて停止します。",
				"Kick と ShutdownAll は、自分が停止させたセッションが停止し終えてから return し、それ以降 Hub はそのセッションを数えません。",
				"セッションは停止の途中で Hub を呼べます(Len、Add、Remove、別のセッションの Kick)。Shutdown を呼んだ goroutine からでも、自分の goroutine からでもよく、何かが永遠に待つことはありません。",
				"あるセッションが時間をかけて停止している間も、Hub はほかの呼び出し元(Len、Add、Remove、別のセッションの Kick)にすぐ応えます。",
				"Hub のメソッドは、いくつの goroutine から同時に呼んでもデータ競合を起こしません。同時に呼んだ Kick と ShutdownAll がすべて return したときには、それより前に登録されていたセッションはすべて停止し終えています。",
			},
			Hints: []string{
				"止まっている goroutine のスタックを下から読みましょう。どのロックを欲しがっていて、誰がそれを握っているでしょうか。",
				"セッションの Shutdown は Hub.Remove を呼び、Hub.Remove は Hub の Mutex を取ります。sync.Mutex は再入できません。セッションが終了するあいだ、Hub は本当は何のためにロックを必要としているのでしょうか。",
				"原則 A2(seed 002、deadlock を避けるために): Mutex を握るのは小さな getter の中だけにします。必要なもの(セッション、または map のスナップショット。map から取り出すのでもかまいません)をロックの中でコピーし、アンロックしてからセッションを呼びます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Mutex を sync.RWMutex に替え、Kick と ShutdownAll では読み取りロックを取る",
					Checker: `leaking: ゴールの条項 3 が満たされていません。観測: Kick("b") は呼び出されてから 500ms たっても return していませんでした`,
				},
				{
					Try:     "ShutdownAll では map をコピーするが、Kick はロックを握ったままにする(止めるのは 1 つだけだから)",
					Checker: `leaking: ゴールの条項 3 が満たされていません。観測: Kick("b") は呼び出されてから 500ms たっても return していませんでした`,
				},
				{
					Try:     "Kick が待たずにすむよう、セッションの停止を goroutine で行う",
					Checker: `failing: ゴールの条項 2 が満たされていません。観測: Kick("b") は、セッション "b" が停止し終える前に return しました`,
				},
				{
					Try:     "ロックを待たずにすむよう、Remove は自分で起こした goroutine から削除する",
					Checker: `failing: ゴールの条項 2 が満たされていません。観測: Kick("b") が return したあと、Hub は a、b、c のうち 3 個のセッションを数えています`,
				},
				{
					Try:     "Len ではロックを取らずに map の長さを読む",
					Checker: "data race: テストは通るが、レースディテクター(go test -race)の下では失敗する",
				},
			},
			Debrief: []string{
				"ロックの中でコピーし、ロックの外で呼び出す",
				"sync.Mutex は再入できず、synctest には Mutex の待ちが見えない",
				"セッションの最後の一歩は別の goroutine で走ることがある(演習 14 の OnClose のように)。Remove が Shutdown の中から呼ばれるときにしか動かない Hub は、完成していない",
				"map を range しながら Shutdown のたびにアンロックするのはデータ競合ではない(変更はすべてロックで順序づけられ、Go は range 中の削除を許す)。だがロックの規則が戒めている形そのものであり、コピーのほうが意図を語る",
			},
		},
		Messages: map[string]string{
			"%s had not returned %v after it was called":                                                                              "%s は呼び出されてから %v たっても return していませんでした",
			`Kick("b") reported that there was no session "b"`:                                                                        `Kick("b") はセッション "b" がないと報告しました`,
			`Kick("b") returned before session "b" had finished shutting down`:                                                        `Kick("b") は、セッション "b" が停止し終える前に return しました`,
			`Kick("b") shut down session %q`:                                                                                          `Kick("b") がセッション %q を停止しました`,
			`Kick("b") has returned; the Hub lists %d sessions of a, b and c`:                                                         `Kick("b") が return したあと、Hub は a、b、c のうち %d 個のセッションを数えています`,
			`Kick("nobody") reported that there was such a session`:                                                                   `Kick("nobody") はそのようなセッションがあったと報告しました`,
			"ShutdownAll had not called the slow session's Shutdown %v after it was called":                                           "ShutdownAll は呼び出されてから %v たっても、遅いセッションの Shutdown を呼んでいませんでした",
			"ShutdownAll returned while a session was still shutting down":                                                            "セッションがまだ停止の途中なのに ShutdownAll が return しました",
			"ShutdownAll returned before %s had finished shutting down":                                                               "ShutdownAll は %s が停止し終える前に return しました",
			"ShutdownAll has returned; the Hub lists %d sessions":                                                                     "ShutdownAll が return したあと、Hub は %d 個のセッションを数えています",
			"a session kicked another while it shut down; that Kick reported no such session":                                         "停止中のセッションが別のセッションを Kick しましたが、その Kick はそのようなセッションがないと報告しました",
			"a session kicked another while it shut down; that Kick returned before the other session had finished":                   "停止中のセッションが別のセッションを Kick しましたが、その Kick は相手のセッションが停止し終える前に return しました",
			"a session counted the sessions while it shut down; Len returned %d with another session registered":                      "停止中のセッションがセッションの数を数えました。別のセッションが登録されているのに Len は %d を返しました",
			"caller and other have shut down and successor was added; the Hub lists %d sessions":                                      "caller と other は停止し、successor が追加されました。Hub は %d 個のセッションを数えています",
			"Kick had not called the slow session's Shutdown %v after it was called":                                                  "Kick は呼び出されてから %v たっても、遅いセッションの Shutdown を呼んでいませんでした",
			`idle, gone and slow were registered and slow was shutting down; Len returned %d`:                                         `idle、gone、slow が登録されていて slow が停止の途中でしたが、Len は %d を返しました`,
			`Kick("slow") returned before "slow" had finished shutting down`:                                                          `Kick("slow") は "slow" が停止し終える前に return しました`,
			`Kick("slow") had not returned %v after "slow" was let go`:                                                                `Kick("slow") は "slow" を放してから %v たっても return していませんでした`,
			"only newcomer is left; the Hub lists %d sessions":                                                                        "残っているのは newcomer だけのはずですが、Hub は %d 個のセッションを数えています",
			"round %d: ShutdownAll, Kicks, Add and Len have all returned; session %s had not finished shutting down":                  "%d 回目: ShutdownAll、Kick、Add、Len はすべて return しましたが、セッション %s は停止し終えていませんでした",
			"%s reported no such session while the Hub listed it, shutting down":                                                      "%s は、Hub が停止中のそのセッションを数えていたのに、そのようなセッションはないと報告しました",
			"%s was called while the session was registered and took %v to shut down; it returned after %v, the session finished: %v": "%s はセッションが登録されていて停止に %v かかるときに呼ばれ、%v 後に return しました。そのときセッションは停止し終えていたか: %v",
		},
	})
}
