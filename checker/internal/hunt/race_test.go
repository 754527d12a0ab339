//go:build race

package hunt

// raceEnabled: the race detector multiplies memory and time; TestSpeed
// measures the command as users run it, so it does not run under it.
const raceEnabled = true
