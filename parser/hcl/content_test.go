package hcl

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestBodyContentMatchesHCL compares bodyContent and justAttributes with
// hclsyntax's Content and JustAttributes on every body of the fixtures, the
// examples and extra cases (unknown attributes and blocks, missing labels and
// required attributes), under every schema of the format: same content, same
// diagnostics.
func TestBodyContentMatchesHCL(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.hcl"))
	examples, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.hcl"))
	files = append(files, examples...)
	srcs := map[string][]byte{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[f] = src
	}
	srcs["extra.hcl"] = []byte(`
component "a" {
  requires = [component.b]
  unknown = 1
  placement {
    zone = "z"
    nested {}
  }
  requires_any {
    of = [component.b]
  }
  requires_any "x" "y" {
    of = [component.b]
  }
  requires_any "g" {
    need = 1
  }
  call "c" {
    target = component.b
  }
  bogus "q" {}
}
component {
}
domain "zone" {
}
domain "zone" "z" {
  parent = "region.r"
}
top = 1
`)
	schemas := []*hclv2.BodySchema{fileSchema, componentSchema, requiresAnySchema, callSchema, domainSchema}
	checked := 0
	for name, src := range srcs {
		file, _ := hclsyntax.ParseConfig(src, name, hclv2.InitialPos)
		if file == nil {
			continue
		}
		var walk func(b *hclsyntax.Body)
		walk = func(b *hclsyntax.Body) {
			for _, s := range schemas {
				want, wantDiags := b.Content(s)
				p, gotDiags := bodyContent(b, s)
				got := &hclv2.BodyContent{Attributes: hclv2.Attributes{}, Blocks: p.Blocks, MissingItemRange: want.MissingItemRange}
				for _, a := range s.Attributes {
					if attr := p.get(a.Name); attr != nil {
						got.Attributes[a.Name] = attr
					}
				}
				// Content lists unsupported arguments in map order: compare
				// the diagnostics as sets.
				if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(sorted(gotDiags), sorted(wantDiags)) {
					t.Errorf("%s %s: bodyContent differs from Content:\n%#v %v\n%#v %v", name, b.SrcRange, got, gotDiags, want, wantDiags)
				}
				checked++
			}
			wantAttrs, wantDiags := b.JustAttributes()
			gotAttrs, gotDiags := justAttributes(b)
			if !reflect.DeepEqual(gotAttrs, wantAttrs) || !reflect.DeepEqual(gotDiags, wantDiags) {
				t.Errorf("%s %s: justAttributes differs from JustAttributes", name, b.SrcRange)
			}
			for _, blk := range b.Blocks {
				walk(blk.Body)
			}
		}
		walk(file.Body.(*hclsyntax.Body))
	}
	if checked < 100 {
		t.Fatalf("only %d bodies checked", checked)
	}
}

func sorted(diags hclv2.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Error())
	}
	slices.Sort(out)
	return out
}

// TestValidIdentifier compares validIdentifier with hclsyntax's.
func TestValidIdentifier(t *testing.T) {
	cases := []string{"", "a", "A", "_", "-", "a-b", "a_b", "a1", "1a", "-a", "a.b", "a b", "é", "aé", "true", "for",
		"c0", "component", "a\n", "a#", "a/b", "a$", "Z9-_z", strings.Repeat("x", 300), "a\x00", "ǅ", "a\u200d"}
	for _, s := range cases {
		if got, want := validIdentifier(s), hclsyntax.ValidIdentifier(s); got != want {
			t.Errorf("validIdentifier(%q) = %v, hclsyntax says %v", s, got, want)
		}
	}
}

// FuzzValidIdentifier checks validIdentifier against hclsyntax on any string.
func FuzzValidIdentifier(f *testing.F) {
	for _, s := range []string{"a", "a-b", "1a", "é", "a.b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validIdentifier(s), hclsyntax.ValidIdentifier(s); got != want {
			t.Errorf("validIdentifier(%q) = %v, hclsyntax says %v", s, got, want)
		}
	})
}
