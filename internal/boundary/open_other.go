//go:build !unix && !windows

package boundary

import "os"

// parentsChecked is true: without a way to open a file without following a
// link, ReadFile resolves the real path of every file.
const parentsChecked = true

// openRegular opens name for reading. This platform (js, wasip1, plan9) has no
// O_NOFOLLOW: a file swapped for a link after ReadFile's checks is followed;
// ReadFile still refuses what the open file is not (a regular file within the
// size limit).
func openRegular(name string) (*os.File, error) { return os.Open(name) }
