//go:build unix

package boundary

import (
	"errors"
	"os"
	"syscall"
)

// parentsChecked is false: a walk does not follow links, so only the last
// component of a path it found may be one, and ReadFile resolves that.
const parentsChecked = false

// openRegular opens name for reading without following a link at its last
// component (O_NOFOLLOW: a link put in place of the checked file is an error,
// not a read of its target) and without blocking (O_NONBLOCK: a named pipe put
// in its place does not hang the open).
func openRegular(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, ErrNotRegular // became a link after the check
		}
		return nil, err
	}
	return f, nil
}
