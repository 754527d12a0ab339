package hunt

import "strings"

// advice is what a state means for the hunter: what the goroutines wait for
// and which of the workshop's principles (internal/catalogue) the code breaks.
type advice struct {
	wait      string // a MsgWait constant
	principle string // a principle's ID
}

var byState = map[string]advice{
	"chan send":           {MsgWaitSend, "E1"},
	"chan receive":        {MsgWaitRecv, "E1"},
	"select":              {MsgWaitSelect, "C1"},
	"select (no cases)":   {MsgWaitForever, "P2"},
	"sync.Mutex.Lock":     {MsgWaitMutex, "L1"},
	"sync.RWMutex.Lock":   {MsgWaitMutex, "L1"},
	"sync.RWMutex.RLock":  {MsgWaitRLock, "L3"},
	"sync.WaitGroup.Wait": {MsgWaitGroup, "P2"},
	"sync.Cond.Wait":      {MsgWaitCond, "L4"},
	"IO wait":             {MsgWaitIO, "P2"},
	"sleep":               {MsgWaitSleep, "C1"},
}

func adviceFor(state string) advice {
	if strings.HasSuffix(state, "(nil chan)") {
		return advice{MsgWaitNil, "E1"}
	}
	if a, ok := byState[state]; ok {
		return a
	}
	return advice{MsgWaitUnknown, "P2"}
}
