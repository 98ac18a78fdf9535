//go:build !unix

package wasmcache

import "io/fs"

// supported is false where files have no Unix owner: os.TempDir does not read
// $TMPDIR there either, and go-graphviz keeps its cache in the user's own
// temporary directory (on Windows, under the profile).
const supported = false

func owner(fs.FileInfo) (uid, me int, ok bool) { return 0, 0, false }

func unmappedUID() (int, bool) { return 0, false }
