package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/spf13/cobra"
)

// newGen is the hidden generator of synthetic inputs for benchmarks.
func newGen(stdout, stderr io.Writer) *cobra.Command {
	var o synth.NativeOptions
	var out string
	cmd := &cobra.Command{
		Use:    "gen --components N [--files F] [--seed S] -o DIR",
		Short:  "Generate a synthetic native-format architecture with planted findings (for benchmarks)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var st synth.NativeStats
			var err error
			if out == "" || out == "-" {
				st, err = synth.Native(stdout, o)
			} else {
				st, err = synth.NativeFiles(out, o)
			}
			if err != nil {
				return err
			}
			b, _ := json.Marshal(st)
			fmt.Fprintf(stderr, "%s\n", b)
			return nil
		},
	}
	cmd.Flags().IntVar(&o.Components, "components", 1000, "components to generate")
	cmd.Flags().IntVar(&o.Files, "files", 1, "files to spread them over")
	cmd.Flags().Uint64Var(&o.Seed, "seed", 0, "random seed (0: the fixed default)")
	cmd.Flags().StringVarP(&out, "output", "o", "-", "directory to write into (- : one file on stdout)")
	return cmd
}
