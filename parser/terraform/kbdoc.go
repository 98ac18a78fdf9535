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
	fmt.Fprintf(&b, "%d resource types. **Scope**: *zonal* instances fail alone and with their zone; *regional* and *global* managed services are modelled as redundant within their scope (two abstract instances, never a single point of failure); *config-only* resources are not components: they are neither failure events nor entrypoints, and their references become edges only where a plumbing rule says so. A resource type that is not listed here is read as configuration, with a warning (one per type), except those of the providers that configure monitoring, paging or code hosting (%s), read as configuration without one.\n\n", len(types), "`"+strings.Join(configProviders, "*`, `")+"*`")
	fmt.Fprintf(&b, "**Coverage**: every resource type that the Terraform test corpus uses (terraform-aws-vpc, -alb, -eks, terraform-azurerm-aks), and the types that the community module collections declare for their services: terraform-aws-modules, terraform-google-modules and the Azure Verified Modules (compute, networking, load balancing, databases, caches, queues, storage, DNS), with the configuration types around them; the Terraform kubernetes and helm providers' resources.\n\n")
	fmt.Fprintf(&b, "**Role**: *entry* resources are entrypoints; *workload* resources are entrypoints when nothing depends on them; *host* resources (subnets) stand for the workloads of a network-only root module; *stateful* resources (databases, caches, queues, file systems) are entrypoints when nothing in the configuration depends on them (something outside it does); *domain-bound* resources fail with their zone, never alone; *opaque* resources are components whose contents are not read, so that no redundancy is claimed for them either way. A resource of any type requires what its provider configuration references (a kubernetes or helm provider's cluster). A data source that reads an SSM parameter, a secret or a Key Vault secret by the name a resource of the configuration writes carries what that resource holds.\n\n")
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
		if t.Stateful() {
			role = append(role, "stateful")
		}
		if t.DomainBound {
			role = append(role, "domain-bound")
		}
		if t.Opaque {
			role = append(role, "opaque")
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
		for _, r := range t.Floor {
			if r.When == "" {
				red = append(red, fmt.Sprintf("always at least %d replicas in distinct zones, whatever else is known", r.Replicas))
				continue
			}
			cond := "`" + r.When + "` = `" + r.Is + "`"
			if r.Default == r.Is {
				cond += " (the default)"
			}
			red = append(red, fmt.Sprintf("at least %d replicas in distinct zones when %s, whatever else is known", r.Replicas, cond))
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
			if len(p.To) > 0 {
				edges = append(edges, from+" requires `"+strings.Join(p.To, "`, `")+"`")
			} else {
				edges = append(edges, "a reference to it is one to what "+from+" names")
			}
		}
		if len(t.UsedBy) > 0 {
			edges = append(edges, "a reference to it is one to what names it in `"+strings.Join(t.UsedBy, "`, `")+"`")
		}
		if t.Carries {
			edges = append(edges, "carries: what references it requires what it references")
		}
		if len(t.CarriesInto) > 0 {
			edges = append(edges, "carried into `"+strings.Join(t.CarriesInto, "`, `")+"`")
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
