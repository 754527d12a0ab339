package room

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/repo"
)

// MinPatchedGo is the first Go with the fixes for the known vulnerabilities
// of the standard library that serve exposes to a LAN (net/http, textproto,
// crypto/tls, crypto/x509); README says so too.
const MinPatchedGo = "go1.26.10"

// StoreFile is the room's store in the clone's store, unless --store says.
const StoreFile = "room.db"

// goVersion is the Go the room runs on (tests pretend another).
var goVersion = runtime.Version

// Serve is `serve`: it opens the room (resuming the one its store holds) and
// serves it until ctx ends.
func Serve(ctx context.Context, env cmdenv.Env, args []string) int {
	c := newCmd(env, "serve", MsgArgsServe)
	var (
		listen, code, store string
		fresh               bool
		size                int
		stuck               time.Duration
	)
	c.fs.StringVar(&listen, "listen", "127.0.0.1:4000", MsgFlagListen)
	c.fs.StringVar(&code, "code", "", MsgFlagCode)
	c.fs.StringVar(&store, "store", "", MsgFlagStore)
	c.fs.BoolVar(&fresh, "new", false, MsgFlagNew)
	c.fs.IntVar(&size, "size", 0, MsgFlagSize)
	c.fs.DurationVar(&stuck, "stuck", 15*time.Minute, MsgFlagStuck)
	if _, code, ok := c.parse(args); !ok {
		return code
	}
	if code != "" && !CheckCode(code) {
		c.errorf(MsgServeShortCode, code, MinCodeLen)
		return ExitUsage
	}
	if size < 0 || size > MaxSize {
		c.errorf(MsgServeBadSize, MaxSize, size)
		return ExitUsage
	}
	if store == "" {
		s, ok := c.cloneStore()
		if !ok {
			return ExitUsage
		}
		store = filepath.Join(s.Dir, StoreFile)
	} else if !filepath.IsAbs(store) {
		store = filepath.Join(c.env.Cwd, store)
	}
	st, err := OpenStore(store)
	switch {
	case errors.Is(err, ErrStoreBusy):
		c.errorf(MsgServeStoreBusy, store)
		return ExitUsage
	case err != nil:
		c.errorf(MsgServeStore, store, err)
		return ExitUsage
	}
	defer st.Close()
	if fresh {
		if err := st.Reset(); err != nil {
			c.errorf(MsgServeStore, store, err)
			return ExitFail
		}
	}
	meta, resumed, err := st.Meta()
	if err != nil {
		c.errorf(MsgServeStore, store, err)
		return ExitFail
	}
	switch {
	case !resumed:
		meta = Meta{Code: code, Key: NewKey(), Created: c.env.Now().UTC(), Size: size}
		if meta.Code == "" {
			meta.Code = NewCode()
		}
		if meta.Size == 0 {
			meta.Size = DefaultSize
		}
	case code != "" && code != meta.Code:
		c.errorf(MsgServeOtherCode, store, meta.Code, code, code)
		return ExitUsage
	case size > 0:
		meta.Size = size
	}
	if err := st.SetMeta(meta); err != nil {
		c.errorf(MsgServeStore, store, err)
		return ExitFail
	}
	// A busy room allocates a little per post and keeps little: collect less
	// often, within a bound that grows with the room (a learner's connection
	// and cells take some 40 KB): 144 MB for 2,000 learners.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(64<<20 + int64(meta.Size)*40<<10)
	srv, err := NewServer(Options{Code: meta.Code, Key: meta.Key, Columns: ColumnsIn(c.env.Exercises, c.lang),
		StuckAfter: stuck, Lang: c.lang, Size: meta.Size, Store: st, Opened: meta.Created, Now: c.env.Now})
	if err != nil {
		c.errorf(MsgServeStore, store, err)
		return ExitFail
	}

	ln, err := net.Listen("tcp", listen)
	if err != nil {
		c.errorf(MsgServeBadListen, listen, err)
		return ExitUsage
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	ip := net.ParseIP(host)
	shown, others := host, []string(nil)
	if ip != nil && ip.IsUnspecified() {
		shown, others = LANAddress()
	}
	base := "http://" + net.JoinHostPort(shown, port)
	learners, page := base+"/r/"+meta.Code+"/", base+"/t/"+meta.Key+"/"
	fmt.Fprintf(c.env.Stdout, c.t(MsgServeOpen)+"\n", learners, learners, page)
	if resumed {
		n, cells := srv.Learners()
		c.printf(MsgServeResumed, meta.Created.Local().Format("2006-01-02 15:04"), n, cells)
	}
	c.printf(MsgServeStoreAt, store)
	switch {
	case ip != nil && ip.IsUnspecified():
		c.printf(MsgServeLAN)
		if len(others) > 0 {
			c.printf(MsgServeOtherAddrs, strings.Join(others, ", "))
		}
	case ip != nil && ip.IsLoopback():
		c.printf(MsgServeLocal, host, port)
	}
	if (ip == nil || !ip.IsLoopback()) && repo.Older(goVersion(), strings.TrimPrefix(MinPatchedGo, "go")) {
		c.errorf(MsgServeOldGo, goVersion(), MinPatchedGo)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		MaxHeaderBytes:    16 << 10,
		// Pages' event streams end with ctx, so that Shutdown does not wait for them.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err = <-done:
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = hs.Shutdown(shutdown)
		<-done
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		c.errorf("%v", err)
		return ExitFail
	}
	c.printf(MsgServeBye)
	return ExitPass
}

// Where LANAddress looks (tests pretend other networks).
var (
	interfaceAddrs = net.InterfaceAddrs
	// routeAddr is the address this machine sends from to reach other
	// machines: connecting a UDP socket picks it without sending a packet.
	routeAddr = func() net.IP {
		conn, err := net.Dial("udp4", "192.0.2.1:9") // TEST-NET-1: never answered, only routed
		if err != nil {
			return nil
		}
		defer conn.Close()
		if a, ok := conn.LocalAddr().(*net.UDPAddr); ok {
			return a.IP
		}
		return nil
	}
)

// LANAddress is the address other machines most likely reach this one at,
// whatever its range (private, public, carrier-grade NAT...): the one the
// machine routes from, else its first interface's; and its other addresses.
func LANAddress() (string, []string) {
	var all []string
	if addrs, err := interfaceAddrs(); err == nil {
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || n.IP.IsUnspecified() || n.IP.IsMulticast() {
				continue
			}
			if n.IP.To4() != nil {
				all = append(all, n.IP.String())
			}
		}
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() == nil && n.IP.IsGlobalUnicast() {
				all = append(all, n.IP.String())
			}
		}
	}
	best := ""
	if ip := routeAddr(); ip != nil && !ip.IsLoopback() && !ip.IsUnspecified() {
		best = ip.String()
	}
	if best == "" && len(all) > 0 {
		best = all[0]
	}
	if best == "" {
		return "127.0.0.1", nil
	}
	var others []string
	for _, a := range all {
		if a != best {
			others = append(others, a)
		}
	}
	return best, others
}
