package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func newRules(stdout io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules: ID, name, default severity and title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var rules []*analysis.Rule
			for _, a := range catalog.Analyzers() {
				rules = append(rules, a.Rule)
			}
			switch format {
			case "json":
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rules)
			case "text":
				tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tRULE\tSEVERITY\tTITLE")
				for _, r := range rules {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Severity, r.Title)
				}
				return tw.Flush()
			}
			return &usageError{fmt.Sprintf("--format: %q is not one of text, json", format)}
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}

func newExplain(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Print a rule's documentation: what it finds, an example, the fix",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a := catalog.Lookup(args[0])
			if a == nil {
				var names []string
				for _, a := range catalog.Analyzers() {
					names = append(names, a.Rule.Name)
				}
				return &usageError{fmt.Sprintf("unknown rule %q; the rules are: %s", args[0], strings.Join(names, ", "))}
			}
			fmt.Fprint(stdout, FormatRule(a.Rule))
			return nil
		},
	}
}

// FormatRule renders a rule's documentation as text (also used for docs/rules.md).
func FormatRule(r *analysis.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (default severity: %s)\n%s\n\n%s\n\n", r.ID, r.Name, r.Severity, r.Title, r.Text)
	fmt.Fprintf(&b, "Example (finds it):\n%s\n\nFixed:\n%s\n\nFix:\n%s\n", indent(r.Before), indent(r.After), r.Fix)
	return b.String()
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n")
}

func newVersion(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			rev := ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" && len(s.Value) >= 12 {
						rev = " (" + s.Value[:12] + ")"
					}
				}
			}
			fmt.Fprintf(stdout, "faultline %s%s\n", version, rev)
		},
	}
}
