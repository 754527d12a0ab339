// Package deps holds no code: its tests keep the learner's checker light (no
// network, TLS, room server or browser driver in go run ./checker) and the
// module's dependencies at or above the first versions without the
// vulnerabilities govulncheck has reported, so that a go get or a merge cannot
// bring one back. Check for new ones with:
//
//	go run golang.org/x/vuln/cmd/govulncheck@latest ./... tool
package deps
