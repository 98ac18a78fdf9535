package hcl

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Recognising the native format. HCL is the syntax of many tools' files —
// Terragrunt, Packer, docker-bake, Nomad, Vault, Consul — all named *.hcl. A
// file is faultline's when its top level declares what the native schema
// declares: a component or a domain block. Any other file that has content is
// another tool's, and its blocks are not errors of ours: Prepare marks it
// Foreign, naming the tool when its file name or blocks say which.

// dialects tell the tools apart by the blocks and attributes at the top level of
// their files, the most specific first.
var dialects = []struct {
	tool  string
	names []string // file names, or suffixes starting with "."
	keys  []string // top-level block types and attribute names
}{
	{"Packer", []string{".pkr.hcl"}, []string{"packer", "source", "build"}},
	{"Terragrunt", []string{"terragrunt.hcl", "root.hcl"}, []string{"include", "dependency", "dependencies", "remote_state", "generate", "inputs", "terraform", "terraform_version_constraint", "terragrunt_version_constraint", "iam_role", "download_dir", "prevent_destroy", "skip"}},
	{"docker buildx bake", []string{"docker-bake.hcl", "docker-bake.override.hcl"}, []string{"target", "group"}},
	{"Nomad", []string{".nomad.hcl"}, []string{"job"}},
	{"Vault", nil, []string{"storage", "listener", "seal", "api_addr", "cluster_addr", "path"}},
	{"Consul", nil, []string{"datacenter", "data_dir", "bootstrap_expect", "retry_join", "acl", "connect"}},
	{"Terragrunt", nil, []string{"locals"}}, // env.hcl, account.hcl: locals read by terragrunt.hcl
}

// foreign returns the tool whose file body is, "HCL" when the body has content
// but no tool is recognised, and "" when the body is faultline's (a component or
// domain block) or empty.
func foreign(filename string, body *hclsyntax.Body) string {
	var keys []string
	for _, b := range body.Blocks {
		if b.Type == "component" || b.Type == "domain" {
			return ""
		}
		keys = append(keys, b.Type)
	}
	for name := range body.Attributes {
		keys = append(keys, name)
	}
	if len(keys) == 0 {
		return ""
	}
	base := filepath.Base(filename)
	for _, d := range dialects {
		for _, n := range d.names {
			if base == n || strings.HasPrefix(n, ".") && strings.HasSuffix(base, n) {
				return d.tool
			}
		}
	}
	for _, d := range dialects {
		for _, k := range keys {
			if slices.Contains(d.keys, k) {
				return d.tool
			}
		}
	}
	return "HCL"
}
