package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"

	"gohunters/checker/internal/ui"
	"gohunters/checker/internal/watch"
	"gohunters/internal/catalogue"
)

func (a *app) watch(ctx context.Context, args []string) int {
	if !a.roomOK() {
		return ExitUsage
	}
	var kept atomic.Bool // verdicts the room has not taken yet
	if a.rf.url != "" {
		defer a.roomRetry(ctx, kept.Load, kept.Store)()
	}
	current := catalogue.Exercise{}
	if len(args) > 0 {
		e, ok := a.one("watch", args)
		if !ok {
			return ExitUsage
		}
		current = e
	} else {
		vs, err := a.gradeAll(ctx, a.Exercises, false, false)
		if err != nil {
			return a.runError(err)
		}
		current = a.Exercises[0]
		for _, v := range vs {
			if !v.Status.Passed() {
				current = v.Exercise
				break
			}
		}
	}
	var dirs []string
	byDir := map[string]catalogue.Exercise{}
	for _, e := range a.Exercises {
		dirs = append(dirs, a.exDir(e)) // a missing one is watched once it is back
		byDir[a.exDir(e)] = e
	}
	var src watch.Source
	if a.poll {
		src = watch.NewPoll(dirs, 500*time.Millisecond)
	} else {
		n, err := watch.NewNotify(dirs)
		if err != nil {
			a.errp.Errorf(ui.MsgWatchFailed, err)
			return ExitUsage
		}
		src = n
	}
	defer src.Close()

	show := func(e catalogue.Exercise) {
		vs, err := a.gradeAll(ctx, []catalogue.Exercise{e}, true, true)
		if err != nil && ctx.Err() != nil {
			return
		}
		a.out.ClearScreen()
		if err != nil {
			a.runError(err)
		} else {
			a.out.Verdict(vs[0])
			a.runtimeNote(vs)
			kept.Store(a.toRoom(ctx, vs))
		}
		fmt.Fprintln(a.Stdout)
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgWatchStart)+"\n", a.out.Path(a.exDir(e), 0))
		if a.poll {
			a.out.Notef(ui.MsgWatchPolling, "500ms")
		} else {
			a.out.Notef(ui.MsgWatchPollHint)
		}
	}
	show(current)
	for {
		path, ok := watch.Debounce(ctx, src.Changes(), 100*time.Millisecond)
		if !ok {
			fmt.Fprintln(a.Stdout, a.out.T(ui.MsgWatchBye))
			return ExitPass
		}
		if e, ok := byDir[path]; ok { // the folder itself went or came
			current = e
		} else if e, ok := byDir[filepath.Dir(path)]; ok {
			current = e
		}
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgWatchChanged)+"\n", a.out.Path(path, 0))
		show(current)
	}
}
