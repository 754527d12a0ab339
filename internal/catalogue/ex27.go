package catalogue

// Exercise 27: everything the workshop says about it, in both languages.

func init() {
	register(Entry{
		Number:    27,
		Dir:       "27_lock_order",
		Seed:      SourceGoKer,
		Principle: "L2",
		Minutes:   15,
		Solution:  []Excerpt{{"room.go", `/^func \(r \*Room\) Broadcast/,/^}/`}, {"room.go", `/^func \(m \*Member\) Ping/,/^}/`}},

		En: Edition{
			Title:   "The chat room that locked itself out",
			Passage: "AB-BA deadlock (6 GoKer kernels): two goroutines take the same two Mutexes in opposite orders; seed 002 warns that iterating a collection under a lock takes other locks unnoticed",
			Goal:    "Broadcast and Ping return promptly even when a member's connection fails while both are under way, the member is gone from the room once its Ping has returned, and everyone else still gets every line.",
			Clauses: []string{
				"Broadcast and Ping return as soon as their own writes have, even when a member's connection fails while both are under way.",
				"While a write to one member's connection is stalled, the rest of the room carries on: Join, Names and the other members' Pings return promptly, and a member whose Ping fails meanwhile leaves.",
				"A Ping whose write fails returns that failure; once it has returned, the member is gone from Names, and no line is written to a connection after a write to it has failed.",
				"When Broadcast returns, its line has been written to every member whose connection works, so each member gets the lines of Broadcasts that return one after another in that order.",
			},
			Hints: []string{
				"Two goroutines are in the report, both in sync.Mutex.Lock. For each one, which lock does it hold (read its stack upwards) and which does it wait for?",
				"Broadcast takes the Room's lock, then a Member's; Ping takes a Member's, then the Room's. Putting them in one order ends the deadlock, but look at what Broadcast still does under the Room's lock: a member whose peer stops reading holds up Join, Names and every other Ping.",
				"Principle L2 (GoKer's AB-BA; seed 002: no lock inside a lock, no loop over a collection that calls its elements under a lock): hold one lock at a time. Broadcast copies the members under the Room's lock and writes without it; Ping leaves the room after it has unlocked the member.",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "a TryLock loop for the Room's lock in Ping, or an RWMutex read-locked by Broadcast",
					Checker: "leaking: goal clause 1 not met, observed: the last call of b.Ping() // stalled; r.Broadcast(\"alice\", \"hello?\"); // bob's connection fails: b.Ping(); r.Names() had not returned 500ms after it was called",
				},
				{
					Try:     "one lock order, Room before Member (Ping leaves after unlocking the member), with Broadcast still writing under the Room's lock",
					Checker: "failing: goal clause 2 not met, observed: r.Join(\"dave\", dave), called while r.Broadcast(\"alice\", \"hello\") → bob's Write was stalled, had not returned 500ms later",
				},
				{
					Try:     "Ping takes the Room's lock first, then the member's",
					Checker: "failing: goal clause 2 not met (Join waits while bob's Ping is stalled under the Room's lock)",
				},
				{
					Try:     "Ping leaves the room in a goroutine of its own, or gives up on the Room's lock after a timeout",
					Checker: "failing: goal clause 3 not met, observed: r.Names() right after b.Ping() returned chat: member has left: got []string{\"alice\", \"bob\"}, want []string{\"alice\"}",
				},
				{
					Try:     "Broadcast writes to each member in a goroutine of its own, or skips a member whose lock is busy",
					Checker: "failing: goal clause 4 not met, observed: lines alice received after r.Broadcast(\"alice\", \"hi\"); r.Broadcast(\"bob\", \"hello\"): got []string(nil), want []string{\"<alice> hi\\n\", \"<bob> hello\\n\"} (with a busy member skipped: when r.Broadcast(\"alice\", \"news\") returned, bob had not received the line)",
				},
			},
			Debrief: []string{
				"two goroutines in sync.Mutex.Lock: read each stack upwards for the lock it holds",
				"one lock order ends the deadlock, not the waiting: a lock held across a network write makes every caller wait for the slowest peer (deck 05)",
				"hold one lock at a time: copy the members under the Room's lock, write without it; the member's own lock keeps its lines whole",
				"seed 002 goes one step further for TCP connections: a queue and a writer goroutine per connection, so that no write is under any lock; worth it when a slow member must not delay the others' lines",
			},
		},
		Ja: Edition{
			Title:   "自分を締め出したチャットルーム",
			Passage: "AB-BA デッドロック(GoKer の 6 kernel): 二つの goroutine が同じ二つの Mutex を逆の順序で取る。seed 002 は、ロック中にコレクションを走査すると気づかないうちに別のロックを取ると戒めている",
			Goal:    "両方の処理の最中にメンバーの接続が壊れても Broadcast と Ping はすぐに戻り、Ping が戻った時点でそのメンバーはルームから消えていて、他の全員はすべての行を受け取る。",
			Clauses: []string{
				"メンバーの接続が両方の処理の最中に壊れても、Broadcast と Ping は自分の書き込みが戻りしだい戻る。",
				"あるメンバーの接続への書き込みが止まっている間も、ルームの残りは動き続ける: Join、Names、他のメンバーの Ping はすぐに戻り、その間に Ping が失敗したメンバーは退室する。",
				"書き込みに失敗した Ping はその失敗を返す。Ping が戻った時点でそのメンバーは Names から消えていて、書き込みに一度失敗した接続にはそれ以降どの行も書かれない。",
				"Broadcast が戻った時点で、その行は接続が動いているすべてのメンバーに書き込まれている。したがって、次々に戻る Broadcast の行は、各メンバーにその順で届く。",
			},
			Hints: []string{
				"レポートには sync.Mutex.Lock で待つ goroutine が二つあります。それぞれについて、どのロックを握っていて(スタックを上にたどります)、どのロックを待っているでしょうか。",
				"Broadcast は Room のロック、次に Member のロックを取ります。Ping は Member のロック、次に Room のロックを取ります。順序を一つにそろえればデッドロックは消えますが、Broadcast が Room のロックの下でまだ何をしているかを見てください。相手が読むのをやめたメンバーが一人いるだけで、Join も Names も他のメンバーの Ping も止まります。",
				"原則 L2(GoKer の AB-BA。seed 002: ロックの中で別のロックを取らない、ロックの下でコレクションを回して要素を呼ばない): 一度に握るロックは一つにします。Broadcast は Room のロックの下でメンバーをコピーしてロックなしで書き込み、Ping はメンバーのロックを外してからルームを抜けます。",
			},
			WrongFixes: []WrongFix{
				{
					Try:     "Ping で Room のロックを TryLock のループで取る、または Broadcast が読み取りロックだけを取る RWMutex",
					Checker: "リークあり: ゴールの条件 1 を満たしていません。観測: bob の接続が壊れた後の b.Ping(); r.Names() が、呼び出しから 500ms たっても戻りませんでした",
				},
				{
					Try:     "ロックの順序を Room が先、Member が後の一つにそろえる(Ping はメンバーのロックを外してから退室する)が、Broadcast は Room のロックの下で書き込んだまま",
					Checker: "失敗: ゴールの条件 2 を満たしていません。観測: r.Broadcast(\"alice\", \"hello\") → bob の Write が止まっている間に呼んだ r.Join(\"dave\", dave) が 500ms たっても戻りませんでした",
				},
				{
					Try:     "Ping で先に Room のロック、次にメンバーのロックを取る",
					Checker: "失敗: ゴールの条件 2 を満たしていません(bob の Ping が Room のロックの下で止まっている間、Join が待たされます)",
				},
				{
					Try:     "Ping が別の goroutine で退室する、またはタイムアウトで Room のロックをあきらめる",
					Checker: "失敗: ゴールの条件 3 を満たしていません。観測: b.Ping() が chat: member has left を返した直後の r.Names() が []string{\"alice\", \"bob\"} で、期待は []string{\"alice\"}",
				},
				{
					Try:     "Broadcast がメンバーごとに goroutine を作って書き込む、またはロックが使用中のメンバーを飛ばす",
					Checker: "失敗: ゴールの条件 4 を満たしていません。観測: r.Broadcast(\"alice\", \"hi\"); r.Broadcast(\"bob\", \"hello\") の後に alice が受け取った行が []string(nil) で、期待は []string{\"<alice> hi\\n\", \"<bob> hello\\n\"}(使用中のメンバーを飛ばす場合は、r.Broadcast(\"alice\", \"news\") が戻った時点で bob がその行を受け取っていませんでした)",
				},
			},
			Debrief: []string{
				"sync.Mutex.Lock で止まった goroutine が二つ: それぞれのスタックを上へ読み、握っているロックを見つけます",
				"ロックの順序をそろえればデッドロックは消えますが、待ちは消えません: ネットワークへの書き込みをまたいでロックを握ると、すべての呼び出し側が一番遅い相手を待ちます(デッキ 05)",
				"一度に握るロックは一つ: Room のロックの下でメンバーをコピーし、ロックなしで書き込みます。行が混ざらないようにするのはメンバー自身のロックです",
				"seed 002 は TCP 接続についてさらに一歩進めます: 接続ごとにキューと書き込み用 goroutine を置き、どの書き込みもロックの下に置きません。遅いメンバーが他のメンバーへの行を遅らせてはならないときに値打ちがあります",
			},
		},

		Messages: map[string]string{
			"%d line(s) were written to %s's connection after a write to it had failed":            "%[2]s の接続への書き込みが失敗した後に、さらに %[1]d 行が書き込まれました",
			"%s had neither returned nor written to bob's connection %v after it was called":       "%s は呼び出しから %v たっても、戻りもせず bob の接続に書き込みもしませんでした",
			"%s received %d of sender s%d's %d lines":                                              "%s が受け取ったのは、送り手 s%[3]d の %[4]d 行のうち %[2]d 行でした",
			"%s received line %d of sender s%d after line %d":                                      "%s は送り手 s%[3]d の %[4]d 行目の後に %[2]d 行目を受け取りました",
			"%s, called while %s was stalled, had not returned %v later":                           "%[2]s が止まっている間に呼んだ %[1]s が %[3]v たっても戻りませんでした",
			"%v after %s, %s had not received %q; it had %q":                                       "%[2]s から %[1]v たっても %[3]s は %[4]q を受け取っていませんでした。受け取っていたのは %[5]q",
			"a.Ping() on a working connection":                                                     "接続が動いているときの a.Ping()",
			"after r.Broadcast(\"alice\", \"hello\") returned, %s had received %q":                 "r.Broadcast(\"alice\", \"hello\") が戻った後、%s が受け取っていたのは %q でした",
			"b.Ping() on a working connection":                                                     "接続が動いているときの b.Ping()",
			"b.Ping() returned nil, after a write to bob's connection had failed":                  "bob の接続への書き込みが失敗した後なのに、b.Ping() は nil を返しました",
			"b.Ping() whose write failed":                                                          "書き込みに失敗した b.Ping()",
			"c.Ping() on a working connection":                                                     "接続が動いているときの c.Ping()",
			"e.Ping() returned nil, though every write to erin's connection fails":                 "erin の接続への書き込みはすべて失敗するのに、e.Ping() は nil を返しました",
			"flaky's connection failed after 10 lines, yet none of its %d Pings returned an error": "flaky の接続は 10 行の後に壊れたのに、%d 回の Ping のどれもエラーを返しませんでした",
			"lines alice received after %s":                                                        "%s の後に alice が受け取った行",
			"lines alice received after %s; b.Ping(); %s":                                          "%s; b.Ping(); %s の後に alice が受け取った行",
			"lines bob received after %s":                                                          "%s の後に bob が受け取った行",
			"lines carol received after %s":                                                        "%s の後に carol が受け取った行",
			"r.Names() after f.Ping() returned %v":                                                 "f.Ping() が %v を返した後の r.Names()",
			"r.Names() right after b.Ping() returned %v":                                           "b.Ping() が %v を返した直後の r.Names()",
			"r.Names() right after e.Ping() returned %v: %q":                                       "e.Ping() が %v を返した直後の r.Names(): %q",
			"r.Names() right after f.Ping() returned %v: %q":                                       "f.Ping() が %v を返した直後の r.Names(): %q",
			"r.Names() with two members whose Pings succeeded":                                     "二人のメンバーの Ping が成功した後の r.Names()",
			"the last call of %s had not returned %v after it was called":                          "%s の最後の呼び出しが、呼び出しから %v たっても戻りませんでした",
			"when %s returned, %s had not received the line":                                       "%s が戻った時点で、%s はその行を受け取っていませんでした",
		},
	})
}
