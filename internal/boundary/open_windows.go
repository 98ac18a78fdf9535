//go:build windows

package boundary

import (
	"os"
	"syscall"
)

// parentsChecked is true: on Windows a directory junction (a mount point) is
// not reported as a link, so a walk may descend into one; ReadFile resolves
// the real path of every file, not only of links, and refuses one that lies
// outside the boundary.
const parentsChecked = true

// openRegular opens name for reading without following a reparse point at its
// last component (FILE_FLAG_OPEN_REPARSE_POINT): a symbolic link or junction
// put in place of the checked file is opened as itself and refused, as are a
// directory and anything that is not a disk file (a pipe, a device).
func openRegular(name string) (*os.File, error) {
	p, err := syscall.UTF16PtrFromString(name)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ,
		syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE|syscall.FILE_SHARE_DELETE, nil,
		syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL|syscall.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	var fi syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(h, &fi); err != nil {
		syscall.CloseHandle(h)
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	if fi.FileAttributes&(syscall.FILE_ATTRIBUTE_REPARSE_POINT|syscall.FILE_ATTRIBUTE_DIRECTORY) != 0 {
		syscall.CloseHandle(h)
		return nil, ErrNotRegular // became a link or a directory after the check
	}
	if t, err := syscall.GetFileType(h); err != nil || t != syscall.FILE_TYPE_DISK {
		syscall.CloseHandle(h)
		return nil, ErrNotRegular
	}
	return os.NewFile(uintptr(h), name), nil
}
