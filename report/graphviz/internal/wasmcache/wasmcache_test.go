//go:build unix

package wasmcache

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	// This package's init pointed $TMPDIR at the cache; t.TempDir must not.
	Restore()
	os.Exit(m.Run())
}

// nobody is a uid that is neither root nor, when the tests run as root, the
// current user.
const nobody = 65534

func TestPrepareCreatesPrivateDirectories(t *testing.T) {
	base := filepath.Join(t.TempDir(), "cache")
	dir, err := Prepare(filepath.Join(base, "faultline"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{base, dir, filepath.Join(dir, "go-graphviz")} {
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		if !fi.IsDir() || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, want a directory with 0700", p, fi.Mode())
		}
	}
	// A second run accepts what the first made, and a wazero directory in it.
	if err := os.Mkdir(filepath.Join(dir, "go-graphviz", "wazero-v1-amd64-linux"), 0o700); err != nil {
		t.Fatal(err)
	}
	if again, err := Prepare(dir); err != nil || again != dir {
		t.Errorf("second Prepare: %q, %v", again, err)
	}
}

// private makes base/faultline/go-graphviz as Prepare would and returns
// base/faultline.
func private(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "faultline")
	if _, err := Prepare(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func wantRefused(t *testing.T, dir, why string) {
	t.Helper()
	got, err := Prepare(dir)
	if err == nil {
		t.Fatalf("Prepare(%s) accepted it (%s), want it refused: %s", dir, got, why)
	}
	if !strings.Contains(err.Error(), why) {
		t.Errorf("Prepare(%s): %v, want an error saying %q", dir, err, why)
	}
	if r := new(Refusal); !errors.As(err, &r) {
		t.Errorf("Prepare(%s): %v is not a Refusal (no warning would say so)", dir, err)
	}
}

func TestPrepareRefusesWritableByOthers(t *testing.T) {
	for _, mode := range []os.FileMode{0o770, 0o702, 0o777} {
		dir := private(t)
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, dir, "can be written by others")
	}
	// go-graphviz's own directory, and wazero's inside it, too: go-graphviz
	// itself creates its directory 0755 and would take any it finds.
	dir := private(t)
	if err := os.Chmod(filepath.Join(dir, "go-graphviz"), 0o775); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, "go-graphviz can be written by others")
	dir = private(t)
	if err := os.Mkdir(filepath.Join(dir, "go-graphviz", "wazero-x"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "go-graphviz", "wazero-x"), 0o777); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, "wazero-x can be written by others")
}

func TestPrepareRefusesSymlinks(t *testing.T) {
	// The cache directory itself a link to a private directory.
	target := private(t)
	link := filepath.Join(t.TempDir(), "faultline")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, link, "is a symbolic link")

	// go-graphviz a link to a directory elsewhere (say, /tmp/go-graphviz).
	dir := filepath.Join(t.TempDir(), "faultline")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(dir, "go-graphviz")); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, "go-graphviz is a symbolic link")

	// wazero's directory a link.
	dir = private(t)
	if err := os.Symlink(t.TempDir(), filepath.Join(dir, "go-graphviz", "wazero-v1-amd64-linux")); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, "wazero-v1-amd64-linux is a symbolic link")
}

func TestPrepareFollowsLinksAbove(t *testing.T) {
	// $XDG_CACHE_HOME may be a link (to another disk): what is checked is
	// where it leads.
	real := t.TempDir()
	link := filepath.Join(t.TempDir(), "cache")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if _, err := Prepare(filepath.Join(link, "faultline")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(real, "faultline", "go-graphviz")); err != nil {
		t.Error(err)
	}
}

func TestPrepareRefusesNotADirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "faultline")
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Prepare(dir); err == nil {
		t.Error("a file named faultline was accepted")
	}
	dir = filepath.Join(t.TempDir(), "faultline")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go-graphviz"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, "go-graphviz is not a directory")
}

func TestPrepareRefusesAnotherOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		// Not root: a directory root owns is another user's.
		if err := checkPrivate("/"); err == nil || !strings.Contains(err.Error(), "is owned by uid 0") {
			t.Errorf("checkPrivate(/) as uid %d: %v, want refused for its owner", os.Geteuid(), err)
		}
		t.Skip("chown needs root: the rest runs as root (as in CI)")
	}
	dir := private(t)
	if err := os.Chown(dir, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, "is owned by uid 65534")

	dir = private(t)
	if err := os.Chown(filepath.Join(dir, "go-graphviz"), nobody, nobody); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, "go-graphviz is owned by uid 65534")

	// Whoever owns a directory above can rename the cache and put another in
	// its place.
	parent := filepath.Join(t.TempDir(), "home")
	if err := os.Mkdir(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Prepare(filepath.Join(parent, "faultline")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(parent, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, filepath.Join(parent, "faultline"), "(above the cache directory) is owned by uid 65534")
}

func TestPrepareAncestorModes(t *testing.T) {
	// A directory above that others can write is refused, unless it has the
	// sticky bit (as /tmp has): then only its owner can rename what is in it.
	parent := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(parent, 0o777); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, filepath.Join(parent, "faultline"), "(above the cache directory) can be written by others")
	if err := os.Chmod(parent, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if _, err := Prepare(filepath.Join(parent, "faultline")); err != nil {
		t.Errorf("under a sticky directory: %v", err)
	}
}

func TestPrepareCannotCreate(t *testing.T) {
	// No place for a cache is not a refusal: no warning, just no cache.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Prepare(filepath.Join(file, "faultline"))
	if r := new(Refusal); err == nil || errors.As(err, &r) {
		t.Errorf("under a file: %v, want an error that is not a Refusal", err)
	}
}

// userNamespaceChild names, in the environment of the copy of this test binary
// that TestPrepareInUserNamespace starts, the directory the copy prepares.
const userNamespaceChild = "FAULTLINE_TEST_WASMCACHE_USERNS"

func TestPrepareInUserNamespace(t *testing.T) {
	if dir := os.Getenv(userNamespaceChild); dir != "" {
		if _, err := Prepare(dir); err != nil {
			t.Fatal(err)
		}
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("chown needs root")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare")
	}
	if err := exec.Command(unshare, "-rU", "true").Run(); err != nil {
		t.Skipf("unshare -rU: %v", err)
	}
	// An ancestor owned by a user that the namespace does not map: outside,
	// another user's directory (refused); inside, the overflow uid, which
	// stands for root as much as for anyone else outside (accepted there).
	parent := filepath.Join(t.TempDir(), "home")
	if err := os.Mkdir(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "faultline")
	if _, err := Prepare(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(parent, nobody-1, nobody-1); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, dir, "(above the cache directory) is owned by uid 65533")
	cmd := exec.Command(unshare, "-rU", os.Args[0], "-test.run=^TestPrepareInUserNamespace$", "-test.count=1")
	cmd.Env = append(os.Environ(), userNamespaceChild+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("in a user namespace: %v\n%s", err, out)
	}
}
