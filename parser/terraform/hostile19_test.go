package terraform_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/parser"
)

// writeModule writes files (name -> content) into a new directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestVarNestingGuard: a --var value nested 60,000 deep once overflowed the
// parser's stack (a fatal error); the nesting guard applies to it as to a file.
func TestVarNestingGuard(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": `variable "x" {}
resource "aws_instance" "a" {
  ami = "a"
}
`})
	start := time.Now()
	deep := "x=" + strings.Repeat("[", 60000) + strings.Repeat("]", 60000)
	_, diags, _ := parser.LoadWith([]string{dir}, parser.Options{Vars: []string{deep}})
	if !strings.Contains(diags.Error(), "Nesting too deep") || !strings.Contains(diags.Error(), "--var value of x") {
		t.Errorf("diagnostics: %v", diags)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}
