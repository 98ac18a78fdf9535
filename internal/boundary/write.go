package boundary

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes an output file (-o FORMAT=FILE, report -o, --write-baseline)
// without following a symbolic link that a pull request may have planted at
// its path: the content goes to a new temporary file in the target directory,
// which is then renamed over the path. A link at the path is replaced, not
// followed, so a file outside the repository is never overwritten and a
// dangling link never creates one. A directory of the path that lies in the
// working directory's repository must not lead out of it through a link. The
// file is complete or absent: a failed write leaves what was there.
func WriteFile(name string, write func(io.Writer) error) error {
	abs, err := filepath.Abs(name)
	if err != nil {
		return err
	}
	dir := filepath.Dir(abs)
	if err := dirInsideRepository(dir); err != nil {
		return err
	}
	if info, err := os.Lstat(abs); err == nil && info.IsDir() {
		return &os.PathError{Op: "write", Path: name, Err: fmt.Errorf("is a directory")}
	}
	f, err := os.CreateTemp(dir, ".faultline-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := write(f); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, abs); err != nil {
		return err
	}
	ok = true
	return nil
}

// dirInsideRepository refuses an output directory that lies, as written, in
// the git repository of the working directory but, its links resolved, outside
// it: a directory link that a pull request planted.
func dirInsideRepository(dir string) error {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	repo := Root(wd)
	if rel, err := filepath.Rel(repo, dir); err != nil || !(filepath.IsLocal(rel) || rel == ".") {
		return nil // named outside the repository by the workflow itself
	}
	inside, target, err := Within(repo, dir)
	if err != nil {
		return err
	}
	if !inside {
		return &os.PathError{Op: "write", Path: dir, Err: fmt.Errorf("it is a symbolic link to %s, outside the repository %s, and faultline writes nothing through it", target, repo)}
	}
	return nil
}
