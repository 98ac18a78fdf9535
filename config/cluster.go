package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/internal/ignore"
	"github.com/faultline-dev/faultline/parser/crosslayer"
)

// Cluster is a cluster block: the Kubernetes manifests under Manifests
// (gitignore syntax, relative to the configuration file's directory) run on the
// cluster whose control plane is the Terraform component ID. With one cluster
// in the inputs, manifests run on it without a block; with several, a block
// says which (docs/cross-layer.md).
type Cluster struct {
	ID        string
	Manifests []string
	Range     hcl.Range
}

var clusterSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "manifests", Required: true}}}

func (d *decoder) cluster(c *Config, b *hcl.Block) {
	content, diags := b.Body.Content(clusterSchema)
	d.diags = append(d.diags, diags...)
	cl := Cluster{ID: b.Labels[0], Range: b.DefRange}
	if cl.ID == "" {
		d.errorf(b.LabelRanges[0], "Invalid cluster", "%s", "A cluster block names the Terraform address of a cluster's control plane, like cluster \"aws_eks_cluster.main\".")
		return
	}
	for _, prev := range c.Clusters {
		if prev.ID == cl.ID {
			d.errorf(b.DefRange, "Duplicate cluster", "%s", fmt.Sprintf("A cluster block for %q was already declared at %s.", cl.ID, prev.Range))
			return
		}
	}
	if a := content.Attributes["manifests"]; a != nil {
		for _, s := range d.strings(a.Expr) {
			if _, ok := ignore.Glob(s.Glob); !ok {
				d.errorf(s.Range, "Invalid pattern", "%s", "A manifests pattern is a path or a pattern in .gitignore syntax, relative to the configuration file's directory.")
				continue
			}
			cl.Manifests = append(cl.Manifests, s.Glob)
		}
	}
	c.Clusters = append(c.Clusters, cl)
}

// ClusterBindings returns the cluster blocks as the bindings the load applies:
// a manifest file is bound to the first cluster one of whose patterns matches
// its path, relative to the configuration file's directory.
func (c *Config) ClusterBindings() []crosslayer.Binding {
	if c == nil || len(c.Clusters) == 0 {
		return nil
	}
	dir, err := filepath.Abs(c.Dir())
	if err != nil {
		return nil
	}
	var out []crosslayer.Binding
	for _, cl := range c.Clusters {
		m := &ignore.Matcher{}
		for _, g := range cl.Manifests {
			if p, ok := ignore.Glob(g); ok {
				m.Add(p)
			}
		}
		out = append(out, crosslayer.Binding{Cluster: cl.ID, Range: cl.Range, Match: func(file string) bool {
			abs, err := filepath.Abs(file)
			if err != nil {
				return false
			}
			rel, err := filepath.Rel(dir, abs)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return false
			}
			return under(m, filepath.ToSlash(rel))
		}})
	}
	return out
}

// under reports whether the matcher matches rel or one of its directories.
func under(m *ignore.Matcher, rel string) bool {
	parts := strings.Split(rel, "/")
	for i := 1; i < len(parts); i++ {
		if m.Ignored(strings.Join(parts[:i], "/"), true) {
			return true
		}
	}
	return m.Ignored(rel, false)
}
