package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/spf13/cobra"
)

// newGen is the hidden generator of synthetic inputs for benchmarks. It prints
// what it generated, planted findings included, as JSON on stderr.
func newGen(stdout, stderr io.Writer) *cobra.Command {
	var format, out, shape string
	var components, files int
	var seed uint64
	cmd := &cobra.Command{
		Use:    "gen [--format native|terraform|kubernetes] [--shape layered|regional] --components N [--files F] [--seed S] [-o DIR]",
		Short:  "Generate a synthetic architecture with planted findings (for benchmarks)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			toStdout := out == "" || out == "-"
			var st any
			var err error
			switch format {
			case "native":
				if shape != "layered" && shape != synth.Regional {
					return &usageError{fmt.Sprintf("--shape: %q is not one of layered, regional", shape)}
				}
				o := synth.NativeOptions{Components: components, Files: files, Seed: seed, Shape: shape}
				if toStdout {
					st, err = synth.Native(stdout, o)
				} else {
					st, err = synth.NativeFiles(out, o)
				}
			case "kubernetes":
				o := synth.KubernetesOptions{Components: components, Files: files, Seed: seed}
				if toStdout {
					st, err = synth.Kubernetes(stdout, o)
				} else {
					st, err = synth.KubernetesFiles(out, o)
				}
			case "terraform":
				if toStdout {
					return &usageError{"gen --format terraform writes a repository: give -o DIR"}
				}
				// Nine files are the shared modules; below ten, synth.Terraform
				// miscounts the files it writes.
				st, err = synth.Terraform(out, synth.TerraformOptions{Resources: components, Files: max(files, 10), Seed: seed})
			default:
				return &usageError{fmt.Sprintf("--format: %q is not one of native, terraform, kubernetes", format)}
			}
			if err != nil {
				return err
			}
			b, _ := json.Marshal(st)
			fmt.Fprintf(stderr, "%s\n", b)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "native", "input format to generate: native, terraform or kubernetes")
	cmd.Flags().StringVar(&shape, "shape", "layered", "native: layered (three replicas over three zones but the planted problems) or regional (zones nested in a region, 28% single-instance, many findings)")
	cmd.Flags().IntVar(&components, "components", 1000, "components to generate (terraform: resource instances)")
	cmd.Flags().IntVar(&files, "files", 1, "files to spread them over (kubernetes: at most one per namespace; terraform: at least 10, nine of them the shared modules)")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "random seed (0: the fixed default)")
	cmd.Flags().StringVarP(&out, "output", "o", "-", "directory to write into (- : one stream on stdout; not for terraform)")
	return cmd
}
