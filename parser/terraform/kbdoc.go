package terraform

import (
	"bytes"
	"fmt"
	"strings"
)

// Markdown renders the knowledge base as docs/terraform-resources.md.
func Markdown() []byte {
	var b bytes.Buffer
	types := KnowledgeBase()
	fmt.Fprintf(&b, "# Terraform resource types\n\n")
	fmt.Fprintf(&b, "Generated from faultline's knowledge base (parser/terraform/kb.go) by `go test ./parser/terraform -update`; do not edit.\n\n")
	fmt.Fprintf(&b, "%d resource types. **Scope**: *zonal* instances fail alone and with their zone; *regional* and *global* managed services are modelled as redundant within their scope (two abstract instances, never a single point of failure); *config-only* resources are not components: they are neither failure events nor entrypoints, and their references become edges only where a plumbing rule says so. A resource type that is not listed here is read as configuration, with a warning.\n\n", len(types))
	fmt.Fprintf(&b, "**Role**: *entry* resources are entrypoints; *workload* resources are entrypoints when nothing depends on them; *host* resources (subnets) stand for the workloads of a network-only root module.\n\n")
	fmt.Fprintf(&b, "| type | kind | scope | role | zones from | redundant when | edges |\n|---|---|---|---|---|---|---|\n")
	for _, t := range types {
		var role []string
		if t.Entry {
			role = append(role, "entry")
		}
		if t.Workload {
			role = append(role, "workload")
		}
		if t.Host {
			role = append(role, "host")
		}
		var where []string
		for _, z := range t.Zone {
			where = append(where, "`"+z+"`")
		}
		for _, s := range t.Subnet {
			where = append(where, "`"+s+"` (subnets)")
		}
		var red []string
		for _, r := range t.Redundancy {
			cond := "always"
			if r.When != "" {
				cond = "`" + r.When + "`"
				if r.Is != "" {
					cond += " = `" + r.Is + "`"
				} else {
					cond += " set"
				}
			}
			n := fmt.Sprintf("%d replicas", r.Replicas)
			if r.Replicas == 0 {
				n = "replicas from `" + r.From + "`"
				if r.Min > 1 {
					n += fmt.Sprintf(" (at least %d)", r.Min)
				}
			}
			red = append(red, cond+": "+n)
		}
		if t.RoundRobin {
			red = append(red, "spread round-robin over its zones")
		}
		var edges []string
		if p := t.Plumbing; p != nil {
			from := "the referencing resource"
			if len(p.From) > 0 {
				from = "`" + strings.Join(p.From, "`, `") + "`"
			}
			edges = append(edges, from+" requires `"+strings.Join(p.To, "`, `")+"`")
		}
		if len(t.Reverse) > 0 {
			edges = append(edges, "`"+strings.Join(t.Reverse, "`, `")+"` depend on it")
		}
		row := []string{"`" + t.Type + "`", t.Kind, t.Scope.String(), strings.Join(role, ", "), strings.Join(where, ", "),
			strings.Join(red, "; "), strings.Join(edges, "; ")}
		if t.Note != "" {
			row[5] = strings.TrimPrefix(row[5]+"; "+t.Note, "; ")
		}
		for i := range row {
			row[i] = strings.ReplaceAll(row[i], "|", "\\|")
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
	}
	return b.Bytes()
}
