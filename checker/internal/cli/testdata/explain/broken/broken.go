// Package broken does not compile.
package broken

func Answer() int { return "forty-two" }
