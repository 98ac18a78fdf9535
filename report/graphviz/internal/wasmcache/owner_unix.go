//go:build unix

package wasmcache

import (
	"io/fs"
	"os"
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
