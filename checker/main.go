// Command checker starts the workshop's checker: go run ./checker help.
//
// The checker itself is checker/gohunters. This program only builds it into
// the clone's .checker/bin (go build decides whether anything changed: a
// quarter of a second when nothing did) and then becomes it, with the same
// arguments, environment and process. It imports nothing but the runtime and
// syscall, so that go run compiles it in a few seconds on a fresh machine,
// and it says what it is doing while the checker and what it uses compile
// there (half a minute or more), which go run alone would not.
//go:build unix

package main

import (
	"runtime"
	"syscall"
)

func main() {
	args, err := arguments()
	if err != nil {
		fail("cannot read the command line: " + err.Error())
	}
	ja := japanese(args, syscall.Getenv)
	root := workshop()
	if root == "" {
		fail(say(ja, msgNoWorkshop))
	}
	bin, err := binary(root)
	if err != nil {
		fail(say(ja, msgCannotBuild) + "\n    " + err.Error())
	}
	if out, ok := build(root, bin, ja); !ok {
		fail(say(ja, msgCannotBuild) + "\n" + out)
	}
	if err := become(bin, args); err != nil {
		fail(say(ja, msgCannotBuild) + "\n    " + bin + ": " + err.Error())
	}
}

// workshop finds the clone the checker is built from: the one this program's
// source is in (also when it was built elsewhere, or is run from another
// module's folder), else the first folder up from the current one with the
// checker's source in it (a build with -trimpath keeps no source path).
func workshop() string {
	if _, file, _, ok := runtime.Caller(0); ok && len(file) > 0 && file[0] == '/' {
		if root := parent(parent(file)); isWorkshop(root) {
			return root
		}
	}
	dir, err := syscall.Getwd()
	if err != nil {
		return ""
	}
	for {
		if isWorkshop(dir) {
			return dir
		}
		up := parent(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

func isWorkshop(dir string) bool {
	var st syscall.Stat_t
	return syscall.Stat(dir+"/go.mod", &st) == nil && syscall.Stat(dir+"/checker/gohunters/main.go", &st) == nil
}

// parent is the folder that holds path ("/" for "/").
func parent(path string) string {
	for len(path) > 1 && path[len(path)-1] == '/' {
		path = path[:len(path)-1]
	}
	i := len(path) - 1
	for i > 0 && path[i] != '/' {
		i--
	}
	if i <= 0 {
		return "/"
	}
	return path[:i]
}

// binary is where the checker is built: the clone's .checker/bin, or, in a
// clone it cannot write to, the user's cache directory (where the checker
// keeps its test binaries then too), in a folder named after the clone.
func binary(root string) (string, error) {
	bin := root + "/.checker/bin"
	err := mkdirs(root+"/.checker", bin)
	if err == nil {
		err = syscall.Access(bin, 2) // W_OK
	}
	if err == nil {
		return bin + "/gohunters", nil
	}
	cache, ok := syscall.Getenv("XDG_CACHE_HOME")
	if !ok || cache == "" || cache[0] != '/' {
		home, _ := syscall.Getenv("HOME")
		if home == "" {
			return "", errorString(bin + ": " + err.Error())
		}
		cache = home + "/.cache"
		if runtime.GOOS == "darwin" {
			cache = home + "/Library/Caches"
		}
	}
	escaped := []byte(root)
	for i, c := range escaped {
		if c == '/' {
			escaped[i] = '_'
		}
	}
	dir := cache + "/gohunters/starter/" + string(escaped)
	if err := mkdirs(cache, cache+"/gohunters", cache+"/gohunters/starter", dir); err != nil {
		return "", errorString(dir + ": " + err.Error())
	}
	return dir + "/gohunters", nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

func mkdirs(dirs ...string) error {
	for _, d := range dirs {
		if err := syscall.Mkdir(d, 0o755); err != nil && err != syscall.EEXIST {
			return err
		}
	}
	return nil
}

// build runs go build -v for the checker into bin, in the workshop at root.
// The go command prints a package's path as it compiles it, and its own
// notes ("go: downloading …") as they come: the first of either starts the
// progress line, and the notes are passed on. Nothing is printed when
// nothing had to be compiled. out is everything the go command printed, for
// when the build fails.
func build(root, bin string, ja bool) (out string, ok bool) {
	goCmd := lookPath("go")
	if goCmd == "" {
		return "    " + say(ja, msgNoGo), false
	}
	lines, wait, err := start(goCmd, []string{"go", "build", "-v", "-o", bin, "./checker/gohunters"}, root)
	if err != nil {
		return "    " + goCmd + ": " + err.Error(), false
	}
	p := progress{tty: isTerminal(2), ja: ja}
	var all []byte
	for line := range lines {
		all = append(all, "    "+line+"\n"...)
		if hasPrefix(line, "go: ") {
			p.note(line)
		} else {
			p.compiled()
		}
	}
	p.end()
	return string(all), wait() == nil
}

// progress says that the checker is being built, on a line of its own, and
// on a terminal keeps a short count of the packages compiled below it (a
// long line would wrap, and a carriage return goes back only to the start
// of its last part), erased when the build ends.
type progress struct {
	tty      bool
	ja       bool
	started  bool
	packages int
}

func (p *progress) begin() {
	if !p.started {
		p.started = true
		write(say(p.ja, msgBuilding) + "\n")
	}
}

// note passes on one of the go command's own lines.
func (p *progress) note(line string) {
	p.begin()
	p.erase()
	write(line + "\n")
	p.count()
}

func (p *progress) compiled() {
	p.begin()
	p.packages++
	p.erase()
	p.count()
}

func (p *progress) count() {
	if p.tty && p.packages > 0 {
		write("  " + say(p.ja, msgPackages) + itoa(p.packages))
	}
}

func (p *progress) erase() {
	if p.tty {
		write("\r\x1b[K")
	}
}

func (p *progress) end() {
	if p.started {
		p.erase()
	}
}

// lookPath finds name in PATH as the checker's own exec.LookPath will, ""
// when it is not there (a relative folder of PATH does not count).
func lookPath(name string) string {
	path, _ := syscall.Getenv("PATH")
	for path != "" {
		dir := path
		path = ""
		for i := 0; i < len(dir); i++ {
			if dir[i] == ':' {
				dir, path = dir[:i], dir[i+1:]
				break
			}
		}
		if f := dir + "/" + name; len(dir) > 0 && dir[0] == '/' && syscall.Access(f, 1) == nil {
			var st syscall.Stat_t
			if syscall.Stat(f, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG {
				return f
			}
		}
	}
	return ""
}

// start runs argv[0] (the program at path) in dir with this process's
// environment, and gives what it prints (standard output and error), line by
// line, and a wait for its end.
func start(path string, argv []string, dir string) (lines func(yield func(string) bool), wait func() error, err error) {
	var p [2]int
	syscall.ForkLock.RLock()
	err = syscall.Pipe(p[:])
	if err == nil {
		syscall.CloseOnExec(p[0])
		syscall.CloseOnExec(p[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, err
	}
	pid, err := syscall.ForkExec(path, argv, &syscall.ProcAttr{Dir: dir, Env: syscall.Environ(), Files: []uintptr{0, uintptr(p[1]), uintptr(p[1])}})
	syscall.Close(p[1])
	if err != nil {
		syscall.Close(p[0])
		return nil, nil, err
	}
	lines = func(yield func(string) bool) {
		defer syscall.Close(p[0])
		var pending []byte
		buf := make([]byte, 4096)
		for {
			n, err := syscall.Read(p[0], buf)
			if err == syscall.EINTR {
				continue
			}
			if n <= 0 {
				break
			}
			pending = append(pending, buf[:n]...)
			for {
				i := 0
				for i < len(pending) && pending[i] != '\n' {
					i++
				}
				if i == len(pending) {
					break
				}
				line := string(pending[:i])
				pending = pending[i+1:]
				if !yield(line) {
					return
				}
			}
		}
		if len(pending) > 0 {
			yield(string(pending))
		}
	}
	wait = func() error {
		var ws syscall.WaitStatus
		for {
			_, err := syscall.Wait4(pid, &ws, 0, nil)
			if err == syscall.EINTR {
				continue
			}
			if err != nil {
				return err
			}
			if ws.ExitStatus() != 0 {
				return errFailed // the go command has said why
			}
			return nil
		}
	}
	return lines, wait, nil
}

var errFailed error = errorString("failed")

// become replaces this process with the program at path, with args and the
// environment: signals, exit status and terminal are the checker's own. Its
// name is its path, by which it knows it was run as go run ./checker.
func become(path string, args []string) error {
	return syscall.Exec(path, append([]string{path}, args...), syscall.Environ())
}

// japanese tells whether the checker will speak Japanese, as far as this
// program can tell without the checker's language matcher: a --lang flag,
// else the first of LC_ALL, LC_MESSAGES and LANG that is set, naming
// Japanese. It decides only the few lines printed here.
func japanese(args []string, getenv func(string) (string, bool)) bool {
	for i, a := range args {
		if a == "--" {
			break
		}
		for _, prefix := range []string{"--lang=", "-lang="} {
			if hasPrefix(a, prefix) {
				return isJapanese(a[len(prefix):])
			}
		}
		if (a == "--lang" || a == "-lang") && i+1 < len(args) {
			return isJapanese(args[i+1])
		}
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v, _ := getenv(name); v != "" {
			return isJapanese(v)
		}
	}
	return false
}

func isJapanese(v string) bool {
	return hasPrefix(v, "ja") || hasPrefix(v, "jp") || hasPrefix(v, "JA") || hasPrefix(v, "JP")
}

const (
	msgBuilding = iota
	msgCannotBuild
	msgNoWorkshop
	msgNoGo
	msgPackages
)

var messages = [...][2]string{
	msgBuilding: {"building the checker: the first run compiles it and what it uses, once (half a minute or more on a fresh machine)…",
		"チェッカーをビルドしています。初回だけ、チェッカーと使うパッケージをコンパイルします(新しいマシンでは 30 秒以上かかります)…"},
	msgCannotBuild: {"cannot build the checker (checker/gohunters):",
		"チェッカー(checker/gohunters)をビルドできません:"},
	msgNoWorkshop: {"there is no workshop here: run go run ./checker in your clone of the workshop",
		"ここにはワークショップがありません。ワークショップのクローンの中で go run ./checker を実行してください"},
	msgNoGo:     {"the go command is not in PATH", "go コマンドが PATH にありません"},
	msgPackages: {"packages compiled: ", "コンパイルしたパッケージ: "},
}

func say(ja bool, m int) string {
	if ja {
		return messages[m][1]
	}
	return messages[m][0]
}

func fail(msg string) {
	write("checker: " + msg + "\n")
	syscall.Exit(2)
}

func write(s string) {
	syscall.Write(2, []byte(s))
}

func hasPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && s[:len(prefix)] == prefix
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
