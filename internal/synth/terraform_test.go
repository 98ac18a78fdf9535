package synth

import (
	"os"
	"path/filepath"
	"testing"
)

// TestTerraform checks that the generator is deterministic and writes the
// number of files and resources asked for.
func TestTerraform(t *testing.T) {
	read := func(dir string) map[string]string {
		out := map[string]string{}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				out[rel] = string(b)
			}
			return nil
		})
		return out
	}
	a, b := t.TempDir(), t.TempDir()
	o := TerraformOptions{Resources: 2000, Files: 30}
	sa, err := Terraform(a, o)
	if err != nil {
		t.Fatal(err)
	}
	sb, _ := Terraform(b, o)
	if sa != sb {
		t.Errorf("stats differ: %+v and %+v", sa, sb)
	}
	fa, fb := read(a), read(b)
	if len(fa) != 30 || sa.Files != 30 || sa.Resources != 2000 {
		t.Errorf("%d files, stats %+v; want 30 files and 2000 resources", len(fa), sa)
	}
	for name, content := range fa {
		if fb[name] != content {
			t.Errorf("%s differs between two runs", name)
		}
	}
}
