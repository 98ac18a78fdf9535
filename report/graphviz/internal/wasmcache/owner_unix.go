//go:build unix

package wasmcache

import (
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
)

const supported = true

// owner returns the uid that owns fi and the current effective uid.
func owner(fi fs.FileInfo) (uid, me int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), os.Geteuid(), true
}

// unmappedUID returns the uid that files of users outside the current Linux
// user namespace show (the kernel's overflow uid), when the program runs in a
// namespace that does not map every uid: under `unshare -r`, for one, root's
// directories above the home directory show as owned by it. Elsewhere it
// returns false.
func unmappedUID() (int, bool) {
	m, err := os.ReadFile("/proc/self/uid_map")
	if err != nil || strings.Join(strings.Fields(string(m)), " ") == "0 0 4294967295" {
		return 0, false
	}
	o, err := os.ReadFile("/proc/sys/kernel/overflowuid")
	if err != nil {
		return 0, false
	}
	uid, err := strconv.Atoi(strings.TrimSpace(string(o)))
	return uid, err == nil
}
