package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/config"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/parser/crosslayer"
	"github.com/faultline-dev/faultline/parser/kubernetes"
	"github.com/faultline-dev/faultline/report"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

// stdin is read for the path "-".
var stdin io.Reader = os.Stdin

// varFlags are the input flags shared by the commands that load: Terraform's
// --var and --var-file, the Kubernetes namespace (-n), and --exclude.
type varFlags struct {
	vars, files []string
	namespace   string
	exclude     []string
	// values, set and setString are Helm's --values, --set and --set-string.
	values, set, setString []string
	// now is "today" for a chart's now function (check's --now); zero: the clock.
	now time.Time
	// clusters are the configuration's cluster blocks, for the commands that
	// read no other setting of it (blast, graph, report).
	clusters []crosslayer.Binding
}

// register adds --var, --var-file, -n/--namespace, --exclude and Helm's
// --values, --set and --set-string to cmd.
func (v *varFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&v.exclude, "exclude", nil, "leave out the paths that match this pattern, in .gitignore syntax, relative to each PATH (repeatable); .gitignore files, hidden and vendored directories (node_modules, vendor) are left out of walks already")
	cmd.Flags().StringArrayVar(&v.vars, "var", nil, "a Terraform variable of the root modules, NAME=VALUE (repeatable)")
	cmd.Flags().StringArrayVar(&v.files, "var-file", nil, "a Terraform variable file for the root modules (repeatable)")
	cmd.Flags().StringVarP(&v.namespace, "namespace", "n", "", "the namespace of Kubernetes objects that name none, as kubectl apply -n (default: the configuration's namespace, else default); also a Helm chart's .Release.Namespace")
	cmd.Flags().StringArrayVar(&v.values, "values", nil, "a values file for the Helm charts, as helm template --values (repeatable: a later file wins)")
	cmd.Flags().StringArrayVar(&v.set, "set", nil, "Helm values, as helm template --set: a.b=c, list={x,y}, a[0].b=c (repeatable)")
	cmd.Flags().StringArrayVar(&v.setString, "set-string", nil, "Helm values read as strings, as helm template --set-string (repeatable)")
}

// options returns the parser options of these flags and of a configuration's
// exclude (conf may be nil); a bad namespace is an error.
func (v *varFlags) options(conf *config.Config) (parser.Options, hcl.Diagnostics) {
	opts := parser.Options{Stdin: stdin}
	if conf != nil && len(conf.Exclude) > 0 {
		opts.Exclude = append(opts.Exclude, parser.Exclude{Dir: conf.Dir(), Globs: conf.Exclude})
	}
	opts.Clusters = conf.ClusterBindings()
	if conf != nil {
		for _, u := range conf.Units {
			opts.Units = append(opts.Units, parser.UnitSpec{Name: u.Name, Dir: conf.Dir(), Paths: u.Paths})
		}
	}
	if v == nil {
		return opts, nil
	}
	if opts.Clusters == nil {
		opts.Clusters = v.clusters
	}
	if len(v.exclude) > 0 {
		opts.Exclude = append(opts.Exclude, parser.Exclude{Globs: v.exclude})
	}
	opts.Vars, opts.VarFiles, opts.Namespace = v.vars, v.files, v.namespace
	opts.Helm = parser.HelmOptions{ValueFiles: v.values, Set: v.set, SetString: v.setString}
	opts.Now = v.now
	if opts.Now.IsZero() {
		opts.Now = clock().UTC()
	}
	if v.namespace != "" && !kubernetes.ValidNamespace(v.namespace) {
		return opts, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid namespace",
			Detail: fmt.Sprintf("--namespace %q is not a namespace name: lower case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit.", v.namespace)}}
	}
	return opts, nil
}

// configNamespace fills in the namespace (unless -n was given) and the cluster
// bindings from the configuration file that applies to paths (blast, graph and
// report read no other setting of it). A configuration with errors gives
// none: check reports them.
func (v *varFlags) configNamespace(paths []string) {
	start := "."
	for _, p := range paths {
		if p != "-" {
			start = p
			break
		}
	}
	if file := config.Find(start); file != "" {
		if c, diags := config.Load(file); !diags.HasErrors() {
			if v.namespace == "" {
				v.namespace = c.Namespace
			}
			v.clusters = c.ClusterBindings()
		}
	}
}

// withConfig is v after configNamespace.
func (v *varFlags) withConfig(paths []string) *varFlags {
	v.configNamespace(paths)
	return v
}

// verbose is --verbose (-v): list every file a walk skips.
var verbose bool

// load reads every path into one model and prints the skipped files and the
// diagnostics on stderr.
func load(paths []string, stderr io.Writer, vars *varFlags) (*graph.Model, hcl.Diagnostics, int) {
	opts, bad := vars.options(nil)
	opts.RequireComponents = true
	r := parser.LoadAll(paths, opts)
	diags := append(bad, r.Diags...)
	printSkipped(stderr, r.Skipped)
	printDiagnostics(stderr, diags)
	return r.Model, diags, len(r.Files)
}

// printSkipped writes one informational line per file of another tool's HCL,
// and with --verbose one per skipped file of any kind, as file: info: …
func printSkipped(w io.Writer, skipped []parser.Skipped) {
	for _, s := range skipped {
		if s.Notice() || verbose {
			fmt.Fprintf(w, "%s: info: Skipped; %s.\n", s.File, upperFirst(s.Reason))
		}
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// printDiagnostics writes diagnostics as file:line:column: severity: summary; detail.
func printDiagnostics(w io.Writer, diags hcl.Diagnostics) {
	for _, d := range report.Diagnostics(diags) {
		// A file name or a value quoted in a diagnostic may hold a line
		// break: made visible, it cannot start a line (a "::" workflow
		// command in a CI log).
		pos := "faultline"
		if d.Location != nil {
			pos = report.Visible(d.Location.String())
		}
		if d.Detail != "" {
			fmt.Fprintf(w, "%s: %s: %s; %s\n", pos, d.Severity, report.Visible(d.Summary), report.Visible(d.Detail))
		} else {
			fmt.Fprintf(w, "%s: %s: %s\n", pos, d.Severity, report.Visible(d.Summary))
		}
	}
}

func parseSeverity(s string) (int, error) {
	switch s {
	case "error", "warning", "info":
		return analysis.Severity(s).Rank(), nil
	case "never":
		return 99, nil
	}
	return 0, &usageError{fmt.Sprintf("--fail-on: %q is not one of error, warning, info, never", s)}
}

// loaded is a load's result for the commands that also read ignore comments:
// the model, the diagnostics (not yet printed), the files read, and the bytes
// of the inputs that are not files on disk (standard input).
type loaded struct {
	model   *graph.Model
	diags   hcl.Diagnostics
	files   []string
	skipped []parser.Skipped
	sources map[string][]byte
}

// loadSources is load without printing, keeping the bytes the loader read
// (files and standard input), so that their ignore comments can be read after
// the parse without opening any file again. With require, reading no
// component is an error. The configuration's excludes and units apply.
func loadSources(paths []string, vars *varFlags, conf *config.Config, require bool) *loaded {
	rd := boundary.NewReader()
	opts, bad := vars.options(conf)
	opts.Reader, opts.RequireComponents = rd, require
	l := &loaded{}
	r := parser.LoadAll(paths, opts)
	l.model, l.diags, l.files, l.skipped = r.Model, append(bad, r.Diags...), r.Files, r.Skipped
	l.sources = rd.Sources()
	return l
}
