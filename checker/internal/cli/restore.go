package cli

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"gohunters/checker/internal/restore"
	"gohunters/checker/internal/state"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
)

// The commands that change the learner's files or the checker's memory: each
// holds the store's lock from its first read to its last write, so that two
// of them at once never interleave.

func (a *app) hint(ctx context.Context, args []string) int {
	e, ok := a.one("hint", args)
	if !ok {
		return ExitUsage
	}
	if a.rf.card {
		return a.trainerCard(e)
	}
	level := min(1, len(e.Hints))
	if s, unlock, ok := a.lockStore(); ok {
		st := s.Load()
		level = min(st.Hints[e.Dir]+1, len(e.Hints))
		if len(e.Hints) > 0 {
			st.Hints[e.Dir] = level
			if err := st.Save(); err != nil {
				a.errp.Errorf(ui.MsgStoreFailed, a.out.Path(s.Dir, 0), err)
			}
		}
		unlock()
	}
	a.out.Hint(e, level)
	return ExitPass
}

func (a *app) reset(ctx context.Context, args []string) int {
	e, ok := a.one("reset", args)
	if !ok {
		return ExitUsage
	}
	s, unlock, ok := a.lockStore()
	if !ok {
		return ExitFail
	}
	defer unlock()
	files, err := restore.Pristine(a.Shipped, a.root, e.Dir, a.Sums(e.Dir))
	if err != nil {
		a.errp.Errorf(ui.MsgResetCannot, e.Number, err, e.Dir)
		return ExitFail
	}
	var only func(string) bool
	if a.testsOnly {
		only = func(name string) bool { return strings.HasSuffix(name, "_test.go") }
	}
	res, err := restore.Reset(a.exDir(e), files, only, a.newBackup(s, e))
	if err != nil {
		a.reportBackup(s, e, restore.Result{Backup: res.Backup})
		a.errp.Errorf(ui.MsgResetCannot, e.Number, err, e.Dir)
		return ExitFail
	}
	a.reportBackup(s, e, res)
	switch {
	case !res.Changed:
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgResetAlready)+"\n", e.Number)
	case a.testsOnly:
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgResetTestsDone)+"\n", e.Number)
	default:
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgResetDone)+"\n", e.Number, len(files))
	}
	if len(res.Kept) > 0 {
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgResetKept)+"\n", strings.Join(res.Kept, ", "))
	}
	return ExitPass
}

func (a *app) newBackup(s state.Store, e catalogue.Exercise) restore.Saver {
	return s.Saver(e.Dir, a.Now())
}

// reportBackup says where the exercise's previous content went and how to get it back.
func (a *app) reportBackup(s state.Store, e catalogue.Exercise, res restore.Result) {
	switch {
	case res.Backup != "":
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgResetBackup)+"\n", e.Number, a.out.Path(res.Backup, 0))
		if len(res.Moved) > 0 {
			fmt.Fprintf(a.Stdout, a.out.T(ui.MsgResetMoved)+"\n", strings.Join(res.Moved, ", "))
		}
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgBackupHowBack)+"\n", e.Number, filepath.Base(res.Backup))
		if s.InTree() {
			a.out.Notef(ui.MsgStoreInTree, a.out.Path(s.Dir, 0))
		}
	case res.Changed:
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgResetNothing)+"\n", e.Number)
	}
}

// restore lists the backups (of one exercise) or brings one back.
func (a *app) restore(ctx context.Context, args []string) int {
	s := a.store()
	switch len(args) {
	case 0:
		return a.listAllBackups(s)
	case 1, 2:
	default:
		a.errp.Errorf(ui.MsgNeedExercise, "restore", "restore")
		return ExitUsage
	}
	e, ok := a.one("restore", args[:1])
	if !ok {
		return ExitUsage
	}
	if len(args) == 1 {
		return a.listBackups(s, e)
	}
	s, unlock, ok := a.lockStore()
	if !ok {
		return ExitFail
	}
	defer unlock()
	var from state.Backup
	for i, b := range s.Backups(e.Dir) {
		if b.ID == args[1] || (args[1] == "latest" && i == 0) {
			from = b
			break
		}
	}
	if from.Path == "" {
		a.errp.Errorf(ui.MsgRestoreUnknown, e.Number, args[1], e.Number)
		return ExitUsage
	}
	res, err := restore.Restore(a.exDir(e), from.Path, a.newBackup(s, e))
	a.reportBackup(s, e, restore.Result{Backup: res.Backup})
	if err != nil {
		a.errp.Errorf(ui.MsgRestoreCannot, e.Number, err)
		return ExitFail
	}
	if !res.Changed {
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreSame)+"\n", e.Number, from.ID)
	} else {
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreDone)+"\n", e.Number, from.ID)
	}
	return ExitPass
}

func (a *app) listBackups(s state.Store, e catalogue.Exercise) int {
	bs := s.Backups(e.Dir)
	if len(bs) == 0 {
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreNone)+"\n", e.Number)
		return ExitPass
	}
	fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreHeader)+"\n", e.Number, a.out.Path(s.Dir, 0))
	for _, b := range bs {
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreLine)+"\n", b.ID, b.Time.Format("2006-01-02 15:04:05"), countFiles(b.Path))
	}
	fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreHow)+"\n", e.Number, e.Number)
	return ExitPass
}

func (a *app) listAllBackups(s state.Store) int {
	found := false
	for _, e := range a.Exercises {
		for _, b := range s.Backups(e.Dir) {
			if !found {
				fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreAllHeader)+"\n", a.out.Path(s.Dir, 0))
				found = true
			}
			fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreAllLine)+"\n", e.Number, b.ID, b.Time.Format("2006-01-02 15:04:05"), countFiles(b.Path))
		}
	}
	if !found {
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgRestoreNoneAll)+"\n", a.out.Path(s.Dir, 0))
		return ExitPass
	}
	fmt.Fprintln(a.Stdout, a.out.T(ui.MsgRestoreHowAll))
	return ExitPass
}

func countFiles(dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}
