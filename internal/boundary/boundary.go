// Package boundary keeps faultline's reading inside the inputs it was given
// (docs/SECURITY.md). faultline runs in CI on repositories that anyone can send
// a pull request to: a symbolic link in such a repository may point at
// /etc/passwd, at ~/.aws/credentials or at /dev/zero, and a file may be a
// gigabyte. Every input file is read through ReadFile, which refuses a file that
// is not a regular file, that is larger than MaxFileBytes, or whose real path
// (symbolic links resolved) lies outside the boundary of its input path: the git
// repository that holds the input path, or the input path itself outside a
// repository.
package boundary

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// DefaultMaxFileBytes is the largest input file (or standard input) read by
// default: far above any hand-written architecture or rendered manifest stream,
// and small enough that a few such files fit in a CI runner's memory.
const DefaultMaxFileBytes = 64 << 20

// MaxFileEnv names the environment variable that overrides DefaultMaxFileBytes:
// a number of bytes, or of KiB, MiB or GiB with that suffix ("256MiB").
const MaxFileEnv = "FAULTLINE_MAX_FILE_SIZE"

// MaxFileBytes returns the size limit of one input file: $FAULTLINE_MAX_FILE_SIZE
// when it is set and valid, DefaultMaxFileBytes otherwise.
func MaxFileBytes() int64 {
	if n, ok := parseSize(os.Getenv(MaxFileEnv)); ok {
		return n
	}
	return DefaultMaxFileBytes
}

func parseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/mult {
		return 0, false
	}
	return n * mult, true
}

// TooLargeError is the error of a file or stream above the size limit.
type TooLargeError struct {
	Size  int64 // the file's size; -1 for a stream, known only to exceed Limit
	Limit int64
}

func (e *TooLargeError) Error() string {
	what := "it is larger than"
	if e.Size >= 0 {
		what = fmt.Sprintf("it is %s, over", human(e.Size))
	}
	return fmt.Sprintf("%s the limit of %s that faultline reads (set %s to raise it)", what, human(e.Limit), MaxFileEnv)
}

func human(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// OutsideError is the error of a file whose real path lies outside its boundary.
type OutsideError struct {
	Target, Boundary string
}

func (e *OutsideError) Error() string {
	return fmt.Sprintf("it is a symbolic link to %s, outside %s (the git repository of the input path, or the input path itself outside a repository), and faultline reads nothing outside it", e.Target, e.Boundary)
}

// ErrLinkLoop is the error of a symbolic link that leads to itself (or through
// more than 255 links).
var ErrLinkLoop = errors.New("it is a loop of symbolic links")

// ErrNotRegular is the error of a path that is not a regular file (a device, a
// named pipe, a socket, a directory with a file's name).
var ErrNotRegular = errors.New("it is not a regular file")

// Root returns the boundary of an input path: the root of the git repository
// holding it (the nearest ancestor directory with a .git entry, the path itself
// when it is such a directory), or outside a repository the path itself, or the
// directory of a file. The symbolic links of its parent directories are
// resolved, but not a link at the path itself: an input path that is a link to
// elsewhere lies outside its own boundary.
func Root(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	parent := filepath.Dir(abs)
	if real, err := filepath.EvalSymlinks(parent); err == nil {
		parent = real
	}
	start := filepath.Join(parent, filepath.Base(abs))
	if info, err := os.Lstat(start); err != nil || !info.IsDir() {
		start = parent // a file, or a link: its directory
	}
	for cur := start; ; {
		if _, err := os.Lstat(filepath.Join(cur, ".git")); err == nil {
			return cur
		}
		up := filepath.Dir(cur)
		if up == cur {
			return start
		}
		cur = up
	}
}

// Within reports whether the real path of p (every symbolic link resolved) lies
// inside root, which Root returned; target is that real path. An error means p
// cannot be resolved (a dangling link, a loop of links).
func Within(root, p string) (ok bool, target string, err error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return false, "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return false, "", err
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	rel, err := filepath.Rel(root, real)
	return err == nil && filepath.IsLocal(rel) || rel == ".", real, nil
}

// ReadFile reads a file found under an input path whose boundary is root (""
// for the repository, or outside one the directory, that holds the file). It
// refuses a symbolic link that leads outside root, anything but a regular file,
// and a file above MaxFileBytes. Only links are resolved: the walk that found
// the file did not follow any, so a file that is not a link lies where it is.
//
// The checks hold against a file swapped after them: the file is opened without
// following a link at its last component and (on Unix) without blocking (a
// named pipe put in place of a checked file does not hang the open), and the
// open file itself must be regular, within the limit as it is read. On Windows,
// where a walk may descend into a directory junction, every file's real path
// is checked, not only a link's (open_*.go).
func ReadFile(name, root string) ([]byte, error) {
	info, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	open := name
	if info.Mode()&os.ModeSymlink != 0 || parentsChecked {
		if root == "" {
			root = Root(filepath.Dir(name))
		}
		ok, target, err := Within(root, name)
		if err != nil {
			if strings.Contains(err.Error(), "too many links") {
				return nil, ErrLinkLoop
			}
			return nil, err
		}
		if !ok {
			return nil, &OutsideError{Target: target, Boundary: root}
		}
		open = target // the resolved path: no link is followed after the check
		if info, err = os.Lstat(open); err != nil {
			return nil, err
		}
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	limit := MaxFileBytes()
	if info.Size() > limit {
		return nil, &TooLargeError{Size: info.Size(), Limit: limit}
	}
	f, err := openRegular(open)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, ErrNotRegular // swapped after the check
	}
	src, err := readSized(io.LimitReader(f, limit+1), min(st.Size(), limit)) // the file may grow
	if err == nil && int64(len(src)) > limit {
		return nil, &TooLargeError{Size: -1, Limit: limit}
	}
	return src, err
}

// readSized is io.ReadAll into a buffer made for size bytes (and one more, to
// see the end without growing), which io.ReadAll would double its way up to,
// copying and clearing several times the size of a large file.
func readSized(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, max(size, 0)+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew: let append find room
		}
	}
}

// ReadAll reads a stream (standard input) up to MaxFileBytes.
func ReadAll(r io.Reader) ([]byte, error) {
	limit := MaxFileBytes()
	src, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err == nil && int64(len(src)) > limit {
		return nil, &TooLargeError{Size: -1, Limit: limit}
	}
	return src, err
}

// Reader is the one door through which the bytes of a load enter faultline:
// every input file (native, manifests, plans, Terraform modules and their
// automatic variable files) and standard input are read through one Reader,
// which applies ReadFile's guards and keeps what it read. Whatever needs the
// bytes again (the scan for ignore comments) asks the Reader for them instead
// of opening the file a second time, so no second read can bypass the guards
// or see a file changed since. A nil *Reader reads through the same guards and
// keeps nothing. Safe for concurrent use.
type Reader struct {
	mu    sync.Mutex
	cache map[string][]byte // root + NUL + name -> bytes
	files map[string][]byte // name -> bytes
}

// NewReader returns an empty Reader.
func NewReader() *Reader {
	return &Reader{cache: map[string][]byte{}, files: map[string][]byte{}}
}

// ReadFile is the package's ReadFile through r: a file already read under the
// same boundary is not read again.
func (r *Reader) ReadFile(name, root string) ([]byte, error) {
	if r == nil {
		return ReadFile(name, root)
	}
	key := root + "\x00" + name
	r.mu.Lock()
	src, ok := r.cache[key]
	r.mu.Unlock()
	if ok {
		return src, nil
	}
	src, err := ReadFile(name, root)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.cache[key] = src
	r.files[name] = src
	r.mu.Unlock()
	return src, nil
}

// ReadStream reads a stream (standard input) through the size limit and keeps
// its bytes under name.
func (r *Reader) ReadStream(name string, rd io.Reader) ([]byte, error) {
	src, err := ReadAll(rd)
	if err != nil || r == nil {
		return src, err
	}
	r.mu.Lock()
	r.files[name] = src
	r.mu.Unlock()
	return src, nil
}

// Source returns the bytes read of a file or stream, and whether it was read.
func (r *Reader) Source(name string) ([]byte, bool) {
	if r == nil {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	src, ok := r.files[name]
	return src, ok
}

// Sources returns the bytes of every file and stream read, by name.
func (r *Reader) Sources() map[string][]byte {
	out := map[string][]byte{}
	if r == nil {
		return out
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, v := range r.files {
		out[k] = v
	}
	return out
}

// ReadTrusted reads a file that the command line names (--var-file,
// --baseline): it may lie anywhere, but it too must be a regular file within
// the size limit, so that a path to a named pipe or a device neither hangs nor
// exhausts the run.
func ReadTrusted(name string) ([]byte, error) {
	root := string(filepath.Separator)
	if abs, err := filepath.Abs(name); err == nil {
		root = filepath.VolumeName(abs) + root // C:\ on Windows
	}
	return ReadFile(name, root)
}
