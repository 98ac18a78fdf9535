// Command synth writes a synthetic input for benchmarks and scale tests:
//
//	go run ./internal/synth/cmd/synth -format terraform -resources 100000 -files 1000 -out DIR
//
// It prints what it wrote (and what it planted) as JSON on standard output.
// The same flags give the same bytes.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/faultline-dev/faultline/internal/synth"
)

func main() {
	format := flag.String("format", "terraform", "input format to generate: terraform")
	resources := flag.Int("resources", 100000, "terraform: resource instances (count and for_each expanded)")
	files := flag.Int("files", 1000, "files to spread them over")
	seed := flag.Uint64("seed", 0, "random seed (0: the fixed default)")
	out := flag.String("out", "", "directory to write into (must not exist, or be empty)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "synth: -out DIR is required")
		os.Exit(2)
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "synth: %s is not empty\n", *out)
		os.Exit(2)
	}
	var stats any
	var err error
	switch *format {
	case "terraform":
		stats, err = synth.Terraform(*out, synth.TerraformOptions{Resources: *resources, Files: *files, Seed: *seed})
	default:
		fmt.Fprintf(os.Stderr, "synth: unknown format %q (known: terraform)\n", *format)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "synth: %v\n", err)
		os.Exit(1)
	}
	b, _ := json.Marshal(stats)
	fmt.Println(string(b))
}
