package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/faultline-dev/faultline/graph"
	"github.com/spf13/cobra"
)

// kernelGraph is the JSON form of a graph shared with scripts/networkx_kernels.py.
type kernelGraph struct {
	N     int        `json:"n"`
	Edges [][2]int32 `json:"edges"`
	Root  int32      `json:"root"`
}

// newKernels is the hidden command that times the graph kernels (dominators,
// articulation points, descendant counts) for scripts/bench.sh, on a model's
// runtime dependency graph (plus a virtual root, vertex N, that leads to every
// entrypoint) or on a graph given as JSON.
func newKernels(stdout, stderr io.Writer) *cobra.Command {
	var export, in string
	cmd := &cobra.Command{
		Use:    "kernels [PATH...] [--export FILE] [--in FILE]",
		Short:  "Time the graph kernels on a model's dependency graph (for benchmarks)",
		Hidden: true,
		RunE: func(cmd *cobra.Command, paths []string) error {
			var kg kernelGraph
			if in != "" {
				b, err := os.ReadFile(in)
				if err != nil {
					return err
				}
				if err := json.Unmarshal(b, &kg); err != nil {
					return fmt.Errorf("%s: %v", in, err)
				}
			} else {
				m, _, _ := load(paths, stderr, nil)
				x := graph.NewIndex(m)
				kg = kernelGraph{N: x.N + 1, Root: int32(x.N), Edges: [][2]int32{}}
				for e, d := range x.Deps {
					if d.Kind == graph.Requires || d.Kind == graph.RequiresAny {
						kg.Edges = append(kg.Edges, [2]int32{x.From[e], x.To[e]})
					}
				}
				for v := int32(0); v < int32(x.N); v++ {
					if x.Entry[v] {
						kg.Edges = append(kg.Edges, [2]int32{kg.Root, v})
					}
				}
			}
			if export != "" {
				b, _ := json.Marshal(kg)
				if err := os.WriteFile(export, b, 0o644); err != nil {
					return err
				}
			}
			from := make([]int32, len(kg.Edges))
			to := make([]int32, len(kg.Edges))
			for i, e := range kg.Edges {
				from[i], to[i] = e[0], e[1]
			}
			g := graph.NewCSR(kg.N, from, to)
			secs := map[string]float64{}
			t := time.Now()
			g.Dominators(kg.Root)
			secs["dominators"] = time.Since(t).Seconds()
			t = time.Now()
			g.ArticulationPoints()
			secs["articulation_points"] = time.Since(t).Seconds()
			t = time.Now()
			g.DescendantCounts()
			secs["descendants"] = time.Since(t).Seconds()
			return json.NewEncoder(stdout).Encode(map[string]any{"n": kg.N, "m": len(kg.Edges), "seconds": secs})
		},
	}
	cmd.Flags().StringVar(&export, "export", "", "write the graph as JSON for scripts/networkx_kernels.py")
	cmd.Flags().StringVar(&in, "in", "", "read the graph from this JSON instead of loading PATHs")
	return cmd
}
