// Command faultline reads infrastructure declarations into one dependency graph
// and reports single points of failure, shared failure domains and blast radii.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/faultline-dev/faultline/internal/stages"
	"github.com/spf13/cobra"
)

// Exit codes (docs/json.md).
const (
	exitOK       = 0 // no finding at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitBadInput = 2 // bad input or usage
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// stopProfiles ends the profiles that --cpuprofile and --memprofile started.
var stopProfiles = func() {}

// exitError carries an exit code out of a cobra command.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// usageError is a bad flag or argument: exit 2 with the message.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	stopProfiles()
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return exitBadInput
	}
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "faultline",
		Short: "Find single points of failure, shared failure domains and blast radii in infrastructure declarations",
		Long: `faultline reads infrastructure declarations (its native HCL architecture format,
Terraform repositories and plans, Kubernetes manifests) into one dependency graph and
finds the single points of failure, the hidden shared failure domains and the blast
radius of every failure.

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 bad input or usage.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	var cpuProfile, memProfile string
	var showStages bool
	root.PersistentFlags().BoolVar(&showStages, "stages", false, "print the wall time of each stage on stderr (for developers)")
	_ = root.PersistentFlags().MarkHidden("stages")
	root.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile to this file (for developers)")
	root.PersistentFlags().StringVar(&memProfile, "memprofile", "", "write a heap profile to this file on exit (for developers)")
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "list every file a walk skips (other tools' HCL, YAML and JSON that are not manifests), and why")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	_ = root.PersistentFlags().MarkHidden("memprofile")
	var profFile *os.File
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if showStages {
			stages.Enable()
		}
		if cpuProfile == "" {
			return nil
		}
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		profFile = f
		return pprof.StartCPUProfile(f)
	}
	stopProfiles = func() {
		if showStages {
			stages.Write(stderr)
		}
		if profFile != nil {
			pprof.StopCPUProfile()
			profFile.Close()
		}
		if memProfile != "" {
			if f, err := os.Create(memProfile); err == nil {
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err.Error()} })
	root.RunE = func(c *cobra.Command, args []string) error {
		// No command: print the help on stderr and exit 2, as for any usage error.
		c.SetOut(stderr)
		_ = c.Help()
		return &exitError{exitBadInput}
	}
	root.Args = cobra.NoArgs
	root.AddCommand(newCheck(stdout, stderr), newBlast(stdout, stderr), newGraph(stdout, stderr), newReport(stdout, stderr), newRules(stdout), newExplain(stdout), newVersion(stdout), newGen(stdout, stderr), newKernels(stdout, stderr), newDiff(stdout, stderr), newInit(stdout))
	return root
}
