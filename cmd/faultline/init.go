package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/faultline-dev/faultline/config"
	"github.com/spf13/cobra"
)

func newInit(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a commented starter " + config.FileName + " in DIR (default: the current directory)",
		Long: `init writes a starter configuration file, every setting commented, in DIR (default:
the current directory). It never overwrites an existing file.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			file := filepath.Join(dir, config.FileName)
			f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, fs.ErrExist) {
				return &usageError{fmt.Sprintf("%s exists; not overwritten", file)}
			}
			if err != nil {
				return &usageError{fmt.Sprintf("init: %s", reason(err))}
			}
			_, err = io.WriteString(f, config.Starter)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "wrote %s\n", file)
			return nil
		},
	}
}
