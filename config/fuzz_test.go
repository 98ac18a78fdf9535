package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/config"
)

// FuzzConfig feeds arbitrary bytes to the configuration parser, which reads the
// .faultline.hcl of the repository under test (a pull request may change it), and
// to the scan for ignore directives, which reads every input file: no input may
// panic, and every diagnostic must point within the input. Seeds:
// testdata/fuzz/FuzzConfig, the starter configuration and the fixtures.
func FuzzConfig(f *testing.F) {
	f.Add([]byte(config.Starter))
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("# faultline:ignore spof the reason\ncomponent \"db\" {}\n"))
	f.Add([]byte("apiVersion: v1\nkind: Service\nmetadata:\n  name: a  # faultline:ignore *\n  annotations: {faultline.dev/ignore: \"spof: why\"}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := 1 + strings.Count(string(src), "\n")
		within := func(what string, ds hcl.Diagnostics, name string) {
			for _, d := range ds {
				if d.Summary == "" {
					t.Errorf("%s: a diagnostic without a summary: %#v", what, d)
				}
				// The scan for ignore directives gives lines and columns only
				// (bytes -1); the configuration parser gives all three.
				r := d.Subject
				if r == nil || r.Filename != name {
					continue
				}
				badBytes := r.Start.Byte != -1 && (r.Start.Byte < 0 || r.Start.Byte > r.End.Byte || r.End.Byte > len(src))
				if badBytes || r.Start.Line < 1 || r.Start.Line > lines || r.End.Line < r.Start.Line || r.Start.Column < 1 {
					t.Errorf("%s: diagnostic range %s (bytes %d-%d) is not within the %d-byte input: %s", what, r, r.Start.Byte, r.End.Byte, len(src), d.Error())
				}
			}
		}
		c, diags := config.Parse(config.FileName, src)
		if c == nil {
			t.Fatal("Parse returned no configuration")
		}
		within("config", diags, config.FileName)
		for _, p := range c.Entrypoints {
			p.Match(strings.Repeat("component.x", 10))
		}
		c.Analyzers()
		for _, name := range []string{"fuzz.hcl", "fuzz.yaml", "fuzz.tf"} {
			s := config.NewSuppressor(c, nil, []string{name}, map[string][]byte{name: src}, time.Unix(0, 0))
			within("ignore directives", s.Diagnostics(), name)
		}
	})
}

// TestDeepNesting: a configuration nested 100,000 deep overflowed the parser's
// stack (a fatal error, not a panic); it is now an error diagnostic.
func TestDeepNesting(t *testing.T) {
	src := "entrypoints = " + strings.Repeat("[", 100000) + "1" + strings.Repeat("]", 100000) + "\n"
	_, diags := config.Parse(config.FileName, []byte(src))
	if len(diags) != 1 || diags[0].Summary != "Nesting too deep" {
		t.Errorf("diagnostics: %v", diags)
	}
}

// TestLoadRefusesLinkOutside: a .faultline.hcl that is a symbolic link out of
// its repository (a pull request can add one) is not read.
func TestLoadRefusesLinkOutside(t *testing.T) {
	out := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(out, []byte("entrypoints = [\"TOPSECRET\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	link := filepath.Join(dir, config.FileName)
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	c, diags := config.Load(link)
	if len(c.Entrypoints) > 0 || len(diags) != 1 || !strings.Contains(diags[0].Detail, "outside") || strings.Contains(diags[0].Detail, "TOPSECRET") {
		t.Errorf("entrypoints %v, diagnostics %v", c.Entrypoints, diags)
	}
}
