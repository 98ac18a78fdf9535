package parser

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	hclv2 "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/parser/helm"
)

// Helm charts are rendered in-process and offline by parser/helm, as helm
// template renders them with its defaults (release name "release-name", the
// namespace of -n) and the user's --values, --set and --set-string: every
// byte of the chart is read through the loader's guarded reader, within the
// input's boundary; a dependency declared in Chart.yaml but not in charts/ is
// a warning, like a Terraform registry module, and is left out (nothing is
// fetched).
//
// Each template's output is read as a manifest stream named by the
// template's file (charts/sub-1.0.0.tgz/sub/templates/x.yaml for a template in
// an archive): a finding's line is a line of that template's rendered output
// (what helm template prints under "# Source: chart/templates/x.yaml",
// counting from the first line the template renders, blank lines and
// separators included), not of the template source.

// HelmOptions are the values of the charts a load renders.
type HelmOptions struct {
	// ValueFiles are --values files, in order; paths the command line or the
	// configuration names.
	ValueFiles []string
	// Set and SetString are --set and --set-string arguments, in order.
	Set, SetString []string
}

// helmRun is what every chart of a load is rendered with.
type helmRun struct {
	values    map[string]any
	namespace string
	now       time.Time
	err       error // the user's values cannot be built
	diagnosed bool
}

// UserValues merges the values files and applies --set and --set-string, as
// helm template does; an error names what is wrong.
func (h HelmOptions) UserValues() (map[string]any, error) {
	var srcs [][]byte
	for _, f := range h.ValueFiles {
		src, err := boundary.ReadTrusted(f)
		if err != nil {
			return nil, fmt.Errorf("the values file %s cannot be read: %s", f, reason(err))
		}
		if _, err := helm.ReadValues(src); err != nil {
			return nil, fmt.Errorf("the values file %s is not valid YAML: %v", f, err)
		}
		srcs = append(srcs, src)
	}
	return helm.UserValues(srcs, h.Set, h.SetString)
}

// helmFS is a chart directory seen through the guarded reader.
type helmFS struct {
	rd  *boundary.Reader
	bnd string
}

func (f helmFS) ReadFile(name string) ([]byte, error) {
	return f.rd.ReadFile(filepath.FromSlash(name), f.bnd)
}

func (f helmFS) ReadDir(name string) ([]helm.Entry, error) {
	des, err := os.ReadDir(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	out := make([]helm.Entry, 0, len(des))
	for _, d := range des {
		e := helm.Entry{Name: d.Name(), Dir: d.IsDir()}
		if d.Type()&os.ModeSymlink != 0 {
			p := filepath.Join(filepath.FromSlash(name), d.Name())
			inside, target, err := boundary.Within(f.bnd, p)
			if err != nil || !inside {
				continue // read as a file, the guarded reader says why; a directory outside is left out
			}
			if st, err := os.Stat(target); err == nil && st.IsDir() {
				e.Dir = true
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// helmRender renders the chart in dir and returns its templates' outputs and
// the diagnostics.
func helmRender(rd *boundary.Reader, bnd, dir string, hopts helmRun) ([]projectBuild, hclv2.Diagnostics) {
	var diags hclv2.Diagnostics
	slash := filepath.ToSlash(dir)
	c, err := helm.LoadDir(helmFS{rd: rd, bnd: bnd}, slash)
	if err != nil {
		file := filepath.Join(dir, "Chart.yaml")
		if le, ok := err.(*helm.LoadError); ok && le.File != "" {
			file = filepath.FromSlash(le.File)
		}
		return nil, hclv2.Diagnostics{{
			Severity: hclv2.DiagError,
			Summary:  "Helm chart not loaded",
			Detail:   fmt.Sprintf("The Helm chart %s cannot be loaded: %s.", dir, reason(err)),
			Subject:  fileRange(file),
		}}
	}
	res := helm.Render(c, helm.Options{Namespace: hopts.namespace, Values: hopts.values, Now: hopts.now})
	for i, m := range res.Missing {
		file := filepath.FromSlash(res.MissingIn[i])
		diags = append(diags, &hclv2.Diagnostic{
			Severity: hclv2.DiagWarning,
			Summary:  "Helm dependency not vendored",
			Detail:   fmt.Sprintf("The chart declares the dependency %q (version %q, repository %q), which is not in its charts/ directory; faultline fetches nothing, so the chart is rendered without it. Vendor it (helm dependency build %s), or pipe the output of helm template in.", m.Name, m.Version, m.Repository, filepath.Dir(file)),
			Subject:  dependencyRange(rd, file, m.Name),
		})
	}
	for _, e := range res.Errors {
		pos := hclv2.Pos{Line: e.Line, Column: e.Col}
		diags = append(diags, &hclv2.Diagnostic{
			Severity: hclv2.DiagError,
			Summary:  "Helm template failed",
			Detail:   fmt.Sprintf("The chart %s does not render: %s. None of its objects is read.", dir, strings.TrimSuffix(e.Msg, ".")),
			Subject:  &hclv2.Range{Filename: filepath.FromSlash(e.Loc), Start: pos, End: pos},
		})
	}
	var builds []projectBuild
	for _, o := range res.Outputs {
		if len(bytes.TrimSpace(o.Data)) == 0 {
			continue
		}
		name := filepath.FromSlash(o.Loc)
		src := o.Data
		if kept, err := rd.ReadStream(name, bytes.NewReader(src)); err == nil {
			src = kept // the ignore comments of the rendered output apply
		}
		builds = append(builds, projectBuild{name: name, src: src})
	}
	return builds, diags
}

// dependencyRange is the line of Chart.yaml (or requirements.yaml) that
// names a dependency, or the file's start.
func dependencyRange(rd *boundary.Reader, file, name string) *hclv2.Range {
	for _, f := range []string{file, filepath.Join(filepath.Dir(file), "requirements.yaml")} {
		src, ok := rd.Source(f)
		if !ok {
			continue
		}
		for i, line := range strings.Split(string(src), "\n") {
			t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "-"))
			if v, ok := strings.CutPrefix(t, "name:"); ok && strings.Trim(strings.TrimSpace(v), `"'`) == name {
				col := strings.Index(line, "name:") + 1
				pos := hclv2.Pos{Line: i + 1, Column: col}
				return &hclv2.Range{Filename: f, Start: pos, End: pos}
			}
		}
	}
	return fileRange(file)
}
