package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/report/graphviz"
	"github.com/spf13/cobra"
)

// viewFlags are the flags that shape a picture, shared by graph and report.
type viewFlags struct {
	cluster  string
	focus    string
	depth    int
	collapse bool
	maxNodes int
}

func (f *viewFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.cluster, "cluster", "auto", "draw components in boxes by failure domain: a domain type (zone, region, host, …), auto or none")
	cmd.Flags().StringVar(&f.focus, "focus", "", "draw only this component, its dependencies and its dependents (see --depth)")
	cmd.Flags().IntVar(&f.depth, "depth", 2, "with --focus: how many edges away to go either way")
	cmd.Flags().BoolVar(&f.collapse, "collapse", false, "draw each group (Terraform module, Kubernetes namespace) as one node")
	cmd.Flags().IntVar(&f.maxNodes, "max-nodes", graphviz.DefaultMaxNodes, "above this many nodes draw the summary (the components whose failure downs an entrypoint, and what they down); 0 or less: never")
}

func (f *viewFlags) options(title string) graphviz.Options {
	max := f.maxNodes
	if max <= 0 {
		max = -1
	}
	return graphviz.Options{Cluster: f.cluster, Focus: f.focus, Depth: f.depth, Collapse: f.collapse, MaxNodes: max, Title: title}
}

func newGraph(stdout, stderr io.Writer) *cobra.Command {
	var format, output, now string
	var vf viewFlags
	var vars varFlags
	cmd := &cobra.Command{
		Use:   "graph PATH... [--format dot|svg|png|json] [-o FILE]",
		Short: "Draw the dependency graph: SPOFs red, shared-domain victims orange, entrypoints with a double border",
		Long: `graph draws the dependency graph of every PATH as DOT, SVG, PNG or JSON. Components
that a spof finding names are red; those a shared-domain or common-dependency
finding names are orange; other findings yellow; entrypoints have a double
border. Arrows point from a dependent to its dependency: solid requires, blue
requires one of, dashed bootstrap, dotted soft, grey monitors. Boxes around
components are failure domains (--cluster). SVG and PNG are rendered in-process:
no Graphviz installation is needed.

Large graphs: --focus ID draws one component's neighbourhood; --collapse draws each
group as one node; above --max-nodes nodes the picture becomes a summary of the
components whose failure takes an entrypoint down.

Exit codes: 0 the picture was written; 2 bad input or bad usage.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			if !validPicture(format, true) {
				return &usageError{fmt.Sprintf("--format: %q is not one of dot, svg, png, json", format)}
			}
			at, err := parseNow(now)
			if err != nil {
				return err
			}
			m, diags, _ := load(paths, stderr, vars.withConfig(paths))
			findings, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: at})
			if err != nil {
				return err
			}
			v, err := graphviz.NewGraph(m, findings, vf.options(""))
			if err != nil {
				return &usageError{err.Error()}
			}
			if err := writePicture(stdout, output, v, format); err != nil {
				return err
			}
			if diags.HasErrors() {
				return &exitError{exitBadInput}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "svg", "output format: dot, svg, png or json")
	cmd.Flags().StringVarP(&output, "output", "o", "-", "write to this file (- for standard output)")
	cmd.Flags().StringVar(&now, "now", "", "the date for time-dependent rules, YYYY-MM-DD or RFC 3339 (default: today)")
	vf.register(cmd)
	vars.register(cmd)
	return cmd
}

func validPicture(format string, withJSON bool) bool {
	switch format {
	case "dot", "svg", "png":
		return true
	case "json":
		return withJSON
	}
	return false
}

// writePicture renders v in format to the file output ("-": stdout). The file is
// written only when rendering succeeded.
func writePicture(stdout io.Writer, output string, v *graphviz.View, format string) error {
	var buf bytes.Buffer
	var err error
	switch format {
	case "dot":
		err = graphviz.WriteDOT(&buf, v)
	case "svg":
		err = graphviz.WriteSVG(&buf, v)
	case "png":
		err = graphviz.WritePNG(&buf, v, graphviz.PNGOptions{})
	case "json":
		err = graphviz.WriteJSON(&buf, v)
	}
	if err != nil {
		return err
	}
	return writeOutput(stdout, output, buf.Bytes())
}

func writeOutput(stdout io.Writer, output string, data []byte) error {
	if output == "" || output == "-" {
		_, err := stdout.Write(data)
		return err
	}
	return boundary.WriteFile(output, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
