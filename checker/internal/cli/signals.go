package cli

import (
	"os"
	"syscall"
)

// StopSignals stop the checker the way Ctrl-C does (its main cancels the
// run's context on them): Ctrl-C itself, a kill's SIGTERM, and the SIGHUP of
// a terminal that was closed. Every process the run started ends with it.
var StopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
