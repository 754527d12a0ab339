package catalogue

// Exercise 05: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    5,
		Dir:       "05_longtask_ctx_in_struct",
		Seed:      Seed000,
		Principle: "P2",
		Minutes:   15,
		Solution:  []Excerpt{{"lock.go", `/^\tctx, cancel := context.WithCancel/,/^}/`}},

		En: Edition{
			Title:   "The lock that keeps its context",
			Passage: "Start()/Stop() and context.Context: the LongTask struct with ctx and cancel fields, whose goroutine's lifetime spreads over the whole struct",
			Goal:    "However RunExclusive ends, nothing it started is still running when it returns and its lease is revoked, and it returns as soon as that is so.",
			Clauses: []string{
				"The job runs only once the lock is held, and keeps it for as long as it runs: the lease is renewed every second from the moment it is granted, however long Acquire waits, a renewal that fails being retried at the next tick; the job's ctx stays live while the job runs, until the caller's is done.",
				"However RunExclusive ends (the lock held elsewhere, Grant or Acquire failing, the job returning, the caller cancelling at any moment), when it returns nothing it started is running, none of its requests is in flight, and the lease it was granted has been revoked, even if the caller's ctx was cancelled.",
				"RunExclusive returns as soon as that is so: once the job has returned or the lock could not be taken, it waits only for the keepalive on the wire, if any, and for Revoke.",
				"A lock service that does not answer Revoke holds RunExclusive up for at most five seconds after it sent Revoke: then it returns, and the lease expires on its own.",
			},
			Hints: []string{
				"Read the first failure: what was still running, or still in flight, when RunExclusive returned? Which function started it, and which path returned without stopping it?",
				"The keepalive goroutine starts in NewLock but can only be stopped by Unlock, and an error path in between never gets a Lock to unlock. A cancel func in a struct field is the warning sign. Stopping it is not enough either: RunExclusive must wait until it has stopped, then revoke.",
				"Principle P2 (seed 000, the LongTask struct with ctx and cancel): end the goroutine in the function that started it. Let RunExclusive grant, keep alive, acquire, run and revoke in one call, with a deferred cancel plus sync.WaitGroup.Wait, and Revoke on a ctx that the caller's cancel cannot cut short but that still has a bound.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "keep the Lock type and call Unlock on NewLock's error path",
					Checker: "goal clause 2 not met ... observed: 1 request(s) to the lock service were in flight when RunExclusive returned (the keepalive, cancelled but not waited for)",
				},
				{
					Try:     "cancel, then time.Sleep(200 * time.Millisecond) so the keepalive can finish, then revoke",
					Checker: "goal clause 3 not met ... observed: RunExclusive sent Revoke 5.26s after it was called; all it had to wait for before (its other requests, the job, the caller's cancel) was over 5.11s after",
				},
				{
					Try:     "start the keepalive only once the lock is held",
					Checker: "goal clause 1 not met ... observed: the job never ran: RunExclusive returned acquire \"nightly-report\": lease not found once Acquire had waited 5.5s, longer than the lease's TTL of 3s",
				},
				{
					Try:     "stop renewing at the first failed keepalive: the lease is lost anyway",
					Checker: "goal clause 1 not met ... observed: the lock was no longer held at the end of a 12s job, with one renewal in three failing",
				},
				{
					Try:     "revoke on the caller's ctx",
					Checker: "goal clause 2 not met ... observed: RunExclusive returned without having revoked lease 1 (the caller had cancelled)",
				},
				{
					Try:     "revoke on context.WithoutCancel(ctx), with no bound",
					Checker: "goal clause 4 not met ... observed: RunExclusive had not returned an hour after it was called, Revoke unanswered",
				},
			},
			Debrief: []string{
				"a ctx and cancel in a struct spread one goroutine's life over several functions",
				"start, cancel and wait in RunExclusive itself: defer makes every path the same",
				"cleanup is a request too: it must survive the caller's cancel (WithoutCancel) and still have a bound (WithTimeout), since a lease that cannot be revoked expires on its own",
				"a failed renewal is not the end of the lease: the TTL allows a few, so the loop retries at the next tick",
				"a tick that came due during a slow keepalive and the cancel are both ready: select takes either, so the loop looks at ctx again before it sends another request",
			},
		},
		Ja: Edition{
			Title:   "context を抱え込むロック",
			Passage: "「Start()/Stop()とcontext.Context」: ctx と cancel をフィールドに持つ LongTask 構造体。goroutine の寿命が構造体全体に散らばっている",
			Goal:    "RunExclusive がどう終わっても、return した時点でそれが起動したものは何も動いておらず、リースは取り消されている。そしてその状態になったらすぐに return する。",
			Clauses: []string{
				"ジョブはロックを保持してから動き、動いている間はロックを保持し続けます。リースは付与された瞬間から 1 秒ごとに更新され、Acquire がどれだけ待っても同じで、失敗した更新は次の tick で再試行されます。ジョブの ctx はジョブの実行中は生きていて、呼び出し側の ctx が終わると終わります。",
				"RunExclusive がどう終わっても(ロックがほかで保持されている、Grant や Acquire の失敗、ジョブの return、任意の時点での呼び出し側のキャンセル)、return した時点で RunExclusive が起動したものは何も動いておらず、要求も処理中のものはなく、付与されたリースは取り消されています。呼び出し側の ctx がキャンセルされていても同じです。",
				"RunExclusive はその状態になったらすぐに return します。ジョブが return するかロックを取れなかった後に待つのは、応答待ちの keepalive(あれば)と Revoke だけです。",
				"Revoke に応答しないロックサービスが RunExclusive を引き止められるのは、Revoke を送ってから最大 5 秒です。その後 RunExclusive は return し、リースは自然に失効します。",
			},
			Hints: []string{
				"最初の失敗を読みましょう。RunExclusive が return した時点で、何がまだ動いていたか、何が処理中でしたか。それを起動したのはどの関数で、止めずに return したのはどの経路ですか。",
				"keepalive の goroutine は NewLock で起動しますが、止められるのは Unlock だけです。その間のエラー経路では Unlock すべき Lock が手に入りません。struct のフィールドにある cancel func は危険な兆候です。止めるだけでも足りません。RunExclusive は止まったのを待ってから取り消す必要があります。",
				"原則 P2(seed 000、ctx と cancel を持つ LongTask 構造体): goroutine は起動した関数の中で終わらせます。RunExclusive がリースの付与、keepalive、ロックの獲得、実行、取り消しを 1 回の呼び出しで行い、defer した cancel と sync.WaitGroup.Wait で後始末します。Revoke は、呼び出し側のキャンセルでは打ち切られないが上限はある ctx で呼びます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Lock 型は残し、NewLock のエラー経路で Unlock を呼ぶ",
					Checker: "目標の条項 2 を満たしていません ... 観察: RunExclusive が return した時点で、ロックサービスへの要求が 1 件処理中でした(キャンセルはしたが待たなかった keepalive)",
				},
				{
					Try:     "キャンセルしてから keepalive が終わるよう time.Sleep(200 * time.Millisecond) し、それから取り消す",
					Checker: "目標の条項 3 を満たしていません ... 観察: RunExclusive は呼び出しから 5.26s 後に Revoke を送りました。その前に待つべきもの(ほかの要求、ジョブ、呼び出し側のキャンセル)は 5.11s 後に終わっていました",
				},
				{
					Try:     "keepalive はロックを保持してから始める",
					Checker: "目標の条項 1 を満たしていません ... 観察: ジョブは一度も動きませんでした。Acquire がリースの TTL 3s より長い 5.5s 待った後、RunExclusive は acquire \"nightly-report\": lease not found を返しました",
				},
				{
					Try:     "最初の keepalive が失敗したら更新をやめる。どうせリースは失われている",
					Checker: "目標の条項 1 を満たしていません ... 観察: 更新の 3 回に 1 回が失敗すると、12 秒のジョブの終わりにはロックはもう保持されていませんでした",
				},
				{
					Try:     "呼び出し側の ctx で取り消す",
					Checker: "目標の条項 2 を満たしていません ... 観察: RunExclusive はリース 1 を取り消さずに return しました(呼び出し側はキャンセル済み)",
				},
				{
					Try:     "上限なしの context.WithoutCancel(ctx) で取り消す",
					Checker: "目標の条項 4 を満たしていません ... 観察: Revoke に応答がないまま、RunExclusive は呼び出しから 1 時間たっても return していませんでした",
				},
			},
			Debrief: []string{
				"struct の中の ctx と cancel は、1 つの goroutine の寿命を複数の関数に散らばらせる",
				"起動、キャンセル、待機は RunExclusive の中で行う。defer ならどの経路も同じになる",
				"後始末も要求の 1 つ。呼び出し側のキャンセルに耐え(WithoutCancel)、それでも上限を持つ(WithTimeout)。取り消せなかったリースは自然に失効するのだから",
				"更新の失敗 1 回でリースが終わるわけではない。TTL には数回分の余裕があるので、ループは次の tick で再試行する",
				"遅い keepalive の間に来た tick とキャンセルは同時に準備ができている。select はどちらも選びうるので、ループは次の要求を送る前に ctx をもう一度確かめる",
			},
		},

		Messages: map[string]string{
			"%d request(s) to the lock service were in flight when RunExclusive returned":                                                                         "RunExclusive が return した時点で、ロックサービスへの要求が %d 件処理中でした",
			"RunExclusive returned without having revoked lease %d":                                                                                               "RunExclusive はリース %d を取り消さずに return しました",
			"%d request(s) to the lock service began after RunExclusive had returned":                                                                             "RunExclusive が return した後に、ロックサービスへの要求が %d 件始まりました",
			"the lease was renewed %d time(s) after RunExclusive had returned":                                                                                    "RunExclusive が return した後に、リースが %d 回更新されました",
			"RunExclusive sent Revoke %v after it was called; all it had to wait for before (its other requests, the job, the caller's cancel) was over %v after": "RunExclusive は呼び出しから %v 後に Revoke を送りました。その前に待つべきもの(ほかの要求、ジョブ、呼び出し側のキャンセル)は %v 後に終わっていました",
			"RunExclusive returned %v after it was called; all it had to wait for (its requests, the job, the caller's cancel) was over %v after":                 "RunExclusive は呼び出しから %v 後に return しました。待つべきもの(要求、ジョブ、呼び出し側のキャンセル)は %v 後に終わっていました",
			"RunExclusive had not returned three hours after it was called; %d request(s) of its were in flight":                                                  "RunExclusive は呼び出しから 3 時間たっても return しておらず、要求が %d 件処理中でした",
			"RunExclusive's result when the lock is held elsewhere":                                                                                               "ロックがほかで保持されているときの RunExclusive の結果",
			"the job ran although Acquire failed":                                                                                                                 "Acquire が失敗したのにジョブが動きました",
			"the job's ctx was done (%v) at the end of a 10s job, though the caller's was not":                                                                    "呼び出し側の ctx は生きているのに、10 秒のジョブの終わりにジョブの ctx が終わっていました(%v)",
			"the lock was no longer held at the end of a 10s job: its lease had not been renewed for %v":                                                          "10 秒のジョブの終わりに、ロックはもう保持されていませんでした。リースが %v 更新されていませんでした",
			"RunExclusive's result when the job succeeds":                                                                                                         "ジョブが成功したときの RunExclusive の結果",
			"the job never ran: RunExclusive returned %v once Acquire had waited 5.5s, longer than the lease's TTL of %v":                                         "ジョブは一度も動きませんでした。Acquire がリースの TTL %[2]v より長い 5.5s 待った後、RunExclusive は %[1]v を返しました",
			"the lock was no longer held at the end of a 12s job, with one renewal in three failing":                                                              "更新の 3 回に 1 回が失敗すると、12 秒のジョブの終わりにはロックはもう保持されていませんでした",
			"RunExclusive's result when the job fails":                                                                                                            "ジョブが失敗したときの RunExclusive の結果",
			"the job ran although the lock was not taken":                                                                                                         "ロックを取れなかったのにジョブが動きました",
			"the job's ctx was still live two hours after it began, though the caller had cancelled after %v":                                                     "呼び出し側は %v 後にキャンセルしたのに、ジョブの ctx はジョブの開始から 2 時間たっても生きていました",
			"the job did not run although the lock was taken":                                                                                                     "ロックを取れたのにジョブが動きませんでした",
			"a keepalive began %v after it was called, %v after the job had returned, Acquire had failed or the caller had cancelled":                             "呼び出しから %v 後に keepalive が始まりました。ジョブの return、Acquire の失敗、呼び出し側のキャンセルのいずれかから %v 後です",
			"RunExclusive's result": "RunExclusive の結果",
			"RunExclusive had not returned an hour after it was called, Revoke unanswered":          "Revoke に応答がないまま、RunExclusive は呼び出しから 1 時間たっても return していませんでした",
			"RunExclusive returned %v after it sent Revoke, which was never answered":               "RunExclusive は、応答のない Revoke を送ってから %v 後に return しました",
			"round %d: RunExclusive had not returned 5s after it was called":                        "%d 回目: RunExclusive は呼び出しから 5 秒たっても return していませんでした",
			"round %d: %d request(s) to the lock service were in flight when RunExclusive returned": "%d 回目: RunExclusive が return した時点で、ロックサービスへの要求が %d 件処理中でした",
			"round %d: RunExclusive returned without having revoked lease %d":                       "%d 回目: RunExclusive はリース %d を取り消さずに return しました",
		},
	})
}
