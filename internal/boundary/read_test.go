package boundary

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

// TestReadSized checks that readSized returns what it reads whatever the size
// it was told: exact, too small (the file grew), too large, zero, and from a
// reader that returns one byte at a time or an error.
func TestReadSized(t *testing.T) {
	data := bytes.Repeat([]byte("component \"a\" {}\n"), 1000)
	for _, size := range []int64{0, 1, 100, int64(len(data)) - 1, int64(len(data)), int64(len(data)) + 1, 1 << 20} {
		for _, r := range []func() ([]byte, error){
			func() ([]byte, error) { return readSized(bytes.NewReader(data), size) },
			func() ([]byte, error) { return readSized(iotest.OneByteReader(bytes.NewReader(data)), size) },
		} {
			got, err := r()
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("size %d: %d bytes, %v; want %d", size, len(got), err, len(data))
			}
		}
	}
	if _, err := readSized(iotest.TimeoutReader(bytes.NewReader(data)), 10); err == nil {
		t.Fatal("a read error was not returned")
	}
}

// TestReadFileWhole reads a file through ReadFile.
func TestReadFileWhole(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.hcl")
	data := bytes.Repeat([]byte("x"), 70000)
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(name, dir)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("%d bytes, %v", len(got), err)
	}
	empty := filepath.Join(dir, "empty.hcl")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadFile(empty, dir); err != nil || len(got) != 0 {
		t.Fatalf("empty file: %d bytes, %v", len(got), err)
	}
}
