package leakprofile

import "gohunters/internal/words"

// The written contract between the workshop's test helpers (internal/leakcheck)
// and the checker now lives in package words; these names remain for the code
// that still uses them.
const (
	BubbleReport    = words.BubbleReport
	WithinReport    = words.WithinReport
	GoleakReport    = words.GoleakReport
	SynctestRemain  = words.SynctestRemain
	SynctestBlocked = words.SynctestBlocked
)
