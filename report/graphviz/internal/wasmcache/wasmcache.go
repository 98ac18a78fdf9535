// Package wasmcache chooses where go-graphviz keeps the compilation cache of its
// WebAssembly Graphviz, before go-graphviz's own package init reads it.
//
// go-graphviz v0.2.10 compiles its module in a package init, with a wazero
// compilation cache in os.TempDir()/go-graphviz ($TMPDIR/go-graphviz, creating
// it 0755 if it is missing). wazero loads the machine code it finds there after
// only a CRC check, so whoever can write that directory decides what faultline
// executes: in a shared /tmp, whoever creates /tmp/go-graphviz first.
//
// This package's init points $TMPDIR at a directory that only the user can
// write, os.UserCacheDir()/faultline (so go-graphviz uses
// os.UserCacheDir()/faultline/go-graphviz), after checking it (Prepare); when the
// check fails, at a path where no directory can be created, so that go-graphviz
// compiles the module in memory without a cache. report/graphviz calls Restore
// from its own init, which runs after go-graphviz's, to give the rest of the
// program its $TMPDIR back.
//
// The order is Go's: a package is initialized after the packages it imports,
// and among packages that are ready, the one whose import path sorts first goes
// first. This package imports only standard packages that go-graphviz's
// internal/wasm depends on too (os, fmt, path/filepath, strconv...), and
// "github.com/faultline-dev/..." sorts before "github.com/goccy/...", so its
// init runs first in every program that links both. report/graphviz's TestCompilationCacheLocation checks where the cache
// lands.
package wasmcache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// tmpdirVar is the variable os.TempDir reads on Unix.
const tmpdirVar = "TMPDIR"

// noCache is what $TMPDIR holds while go-graphviz initializes when no safe
// directory was found: /dev/null is not a directory, so go-graphviz cannot create
// noCache/go-graphviz and runs without a compilation cache.
const noCache = "/dev/null/faultline-no-compilation-cache"

var (
	cacheDir  string // the directory handed to go-graphviz as $TMPDIR; "" if none
	cacheErr  error  // why there is no cache
	oldTMPDIR string
	hadTMPDIR bool
	restored  bool
)

func init() {
	oldTMPDIR, hadTMPDIR = os.LookupEnv(tmpdirVar)
	if !supported {
		// Ownership cannot be checked here: leave go-graphviz's default alone.
		cacheErr = errors.New("the cache directory is not checked on this system")
		restored = true
		return
	}
	base, err := os.UserCacheDir()
	if err != nil {
		err = fmt.Errorf("%w: %v", errNoBase, err)
	} else {
		cacheDir, err = Prepare(filepath.Join(base, "faultline"))
	}
	if err != nil {
		cacheDir, cacheErr = "", err
		var r *Refusal
		if errors.As(err, &r) {
			fmt.Fprintf(os.Stderr, "faultline: warning: Graphviz runs without a compilation cache (slower start-up): %v\n", err)
		}
		os.Setenv(tmpdirVar, noCache)
		return
	}
	os.Setenv(tmpdirVar, cacheDir)
}

var errNoBase = errors.New("no user cache directory")

// A Refusal says why a directory that exists is not safe for the cache. Other
// errors (no home directory, a read-only one) only mean there is no cache; a
// refusal is also printed on stderr, since someone may be trying to plant code.
type Refusal struct{ msg string }

func (r *Refusal) Error() string { return r.msg }

func refuse(format string, args ...any) error {
	return &Refusal{fmt.Sprintf(format, args...)}
}

// Dir returns the directory go-graphviz was told to keep its cache in (as
// Dir()/go-graphviz), or "" with the reason when it runs without one.
func Dir() (string, error) {
	return cacheDir, cacheErr
}

// Restore gives $TMPDIR back the value it had before this package's init.
// report/graphviz calls it from its init, once go-graphviz has read it.
func Restore() {
	if restored {
		return
	}
	restored = true
	if hadTMPDIR {
		os.Setenv(tmpdirVar, oldTMPDIR)
	} else {
		os.Unsetenv(tmpdirVar)
	}
}

// Prepare makes dir, and dir/go-graphviz inside it, directories that only the
// current user can write, and checks that nobody else can swap them: it
// creates them 0700 where they are missing, then refuses (with an error) a
// symbolic link, a directory owned by another user, one that group or others can
// write, a directory inside dir/go-graphviz that fails the same test, and an
// ancestor of dir that another user (root aside) owns or that group or others can
// write without the sticky bit. It returns dir made absolute.
func Prepare(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := checkAncestors(filepath.Dir(dir)); err != nil {
		return "", err
	}
	if err := checkPrivate(dir); err != nil {
		return "", err
	}
	gg := filepath.Join(dir, "go-graphviz")
	if err := os.Mkdir(gg, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	if err := checkPrivate(gg); err != nil {
		return "", err
	}
	// wazero keeps its files in one directory per wazero version and platform.
	entries, err := os.ReadDir(gg)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if err := checkPrivate(filepath.Join(gg, e.Name())); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// checkPrivate refuses anything but a directory (not a link to one) that the
// current user owns and that neither group nor others can write.
func checkPrivate(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return refuse("%s is a symbolic link", path)
	}
	if !fi.IsDir() {
		return refuse("%s is not a directory", path)
	}
	if uid, me, ok := owner(fi); ok && uid != me {
		return refuse("%s is owned by uid %d, not by the current user (uid %d)", path, uid, me)
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return refuse("%s can be written by others (mode %#o)", path, perm)
	}
	return nil
}

// checkAncestors refuses a directory above the cache, links resolved, in which
// someone else could rename the cache away and put another in its place.
func checkAncestors(dir string) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	// In a user namespace (unshare -r) root's directories show as owned by
	// the overflow uid, like any other user's outside it: such an owner is
	// taken for root there, and only there.
	outside, inNamespace := unmappedUID()
	for p := real; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if uid, me, ok := owner(fi); ok && uid != me && uid != 0 && !(inNamespace && uid == outside) {
			return refuse("%s (above the cache directory) is owned by uid %d, neither the current user (uid %d) nor root", p, uid, me)
		}
		if perm := fi.Mode(); perm.Perm()&0o022 != 0 && perm&fs.ModeSticky == 0 {
			return refuse("%s (above the cache directory) can be written by others (mode %#o) and has no sticky bit", p, perm.Perm())
		}
		if filepath.Dir(p) == p {
			return nil
		}
	}
}
