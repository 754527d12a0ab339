package hunt

import (
	"fmt"
	"os"
)

// files hunts in saved dumps: one is reported, two are compared, and a
// goroutineleak profile among them proves what it marks.
func (h *hunter) files(paths []string) int {
	var snaps, leaks []Snapshot
	for _, p := range paths {
		data, err := ReadFile(p)
		if err != nil {
			if os.IsNotExist(err) {
				h.errorf(MsgNotFile, p)
			} else {
				h.errorf("%v", err)
			}
			return ExitBadInput
		}
		s, err := Read(p, data)
		if err != nil {
			return h.readErr(p, err)
		}
		if s.Leak {
			leaks = append(leaks, s)
		} else {
			snaps = append(snaps, s)
		}
	}
	// A goroutineleak profile's debug=2 text is a whole dump too: it stands
	// in for a dump that was not given.
	for _, l := range leaks {
		if l.Detailed() && len(snaps) < 2 {
			snaps = append(snaps, l)
		}
	}
	if len(snaps) == 0 || len(snaps) > 2 {
		h.errorf(MsgTargets, h.Name)
		return ExitBadInput
	}
	var r report
	if len(leaks) > 0 {
		r.leak, r.leakNote = leaks[len(leaks)-1], h.t(MsgRuntimeRead)
	}
	if len(snaps) == 2 {
		r.title = fmt.Sprintf(h.t(MsgTitleTwo), snaps[0].Source, snaps[1].Source)
	} else {
		r.title = fmt.Sprintf(h.t(MsgTitleOne), snaps[0].Source, snaps[0].Format)
	}
	return h.analyse(r, snaps, "")
}
