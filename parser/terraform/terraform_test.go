package terraform_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/parser/terraform"
)

// corpus is the shared Terraform corpus, read in place.
const corpus = "../../../shared/corpora/terraform"

// check loads paths as the CLI does and returns the findings, one line each:
// "rule component event file:line", sorted, and the diagnostics.
func check(t *testing.T, paths []string, opts parser.Options) ([]string, hcl.Diagnostics) {
	t.Helper()
	m, diags, _ := parser.LoadWith(paths, opts)
	findings, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range findings {
		if f.Location.File == "" || f.Location.Line == 0 || f.Event == "" || len(f.Path) == 0 {
			t.Errorf("finding without location, event or path: %+v", f)
		}
		out = append(out, fmt.Sprintf("%s %s %s %s:%d", f.Rule, f.Component, f.Event, filepath.Base(f.Location.File), f.Location.Line))
	}
	sort.Strings(out)
	return out, diags
}

// keep returns the lines of the given rules.
func keep(lines []string, rules ...string) []string {
	var out []string
	for _, l := range lines {
		for _, r := range rules {
			if strings.HasPrefix(l, r+" ") {
				out = append(out, l)
			}
		}
	}
	return out
}

// loadMain writes src as the main.tf of a fresh directory and loads it as
// check does; an error diagnostic fails the test.
func loadMain(t *testing.T, src string) *graph.Model {
	t.Helper()
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	m, diags, _ := parser.Load([]string{dir})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	return m
}

func errorsOf(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			out = append(out, d.Error())
		}
	}
	return out
}

func TestAWSApp(t *testing.T) {
	tests := []struct {
		name string
		vars []string
		want []string
	}{
		{"defaults", nil, []string{
			"shared-domain aws_autoscaling_group.worker subnet=aws_subnet.private[0] main.tf:66",
			"spof aws_db_instance.main instance of aws_db_instance.main main.tf:72",
			"spof aws_elasticache_replication_group.sessions instance of aws_elasticache_replication_group.sessions main.tf:78",
		}},
		{"multi-AZ database", []string{"db_multi_az=true"}, []string{
			"shared-domain aws_autoscaling_group.worker subnet=aws_subnet.private[0] main.tf:66",
			"spof aws_elasticache_replication_group.sessions instance of aws_elasticache_replication_group.sessions main.tf:78",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := check(t, []string{"testdata/aws-app"}, parser.Options{Vars: tt.vars})
			if e := errorsOf(diags); len(e) > 0 {
				t.Errorf("diagnostics: %v", e)
			}
			if diff := cmp.Diff(tt.want, keep(got, "spof", "shared-domain", "common-dependency")); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAWSAppGraph pins the graph: IDs, replicas, zones, edges and their ranges.
func TestAWSAppGraph(t *testing.T) {
	m, diags, _ := parser.LoadWith([]string{"testdata/aws-app"}, parser.Options{})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	var b strings.Builder
	for _, id := range m.IDs {
		c := m.Components[id]
		fmt.Fprintf(&b, "%s kind=%s replicas=%d entry=%v zone=%v subnet=%v unknowns=%q\n", id, c.Kind, c.Replicas, c.Entrypoint,
			c.Placement["zone"], c.Placement["subnet"], c.Unknowns)
	}
	for _, d := range m.Dependencies {
		fmt.Fprintf(&b, "%s -> %s %s %d:%d\n", d.From, d.To, d.Kind, d.Range.Start.Line, d.Range.Start.Column)
	}
	golden.Check(t, "testdata/aws-app.golden", []byte(b.String()))
}

// TestCorpusVPC pins what faultline finds in terraform-aws-vpc's examples: the
// single NAT gateway of every example that sets single_nat_gateway, and no
// finding on the examples with a NAT gateway per subnet.
func TestCorpusVPC(t *testing.T) {
	dir := filepath.Join(corpus, "terraform-aws-vpc")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	got, diags := check(t, []string{dir}, parser.Options{})
	spofs := keep(got, "spof", "shared-domain")
	var nat []string
	for _, l := range spofs {
		if strings.Contains(l, "aws_nat_gateway") {
			nat = append(nat, l)
		}
	}
	want := []string{
		"spof examples/complete:module.vpc.aws_nat_gateway.this instance of examples/complete:module.vpc.aws_nat_gateway.this main.tf:1228",
		"spof examples/issues:module.vpc_issue_108.aws_nat_gateway.this instance of examples/issues:module.vpc_issue_108.aws_nat_gateway.this main.tf:1228",
		"spof examples/outpost:module.vpc.aws_nat_gateway.this instance of examples/outpost:module.vpc.aws_nat_gateway.this main.tf:1228",
		"spof examples/separate-route-tables:module.vpc.aws_nat_gateway.this instance of examples/separate-route-tables:module.vpc.aws_nat_gateway.this main.tf:1228",
	}
	if diff := cmp.Diff(want, nat); diff != "" {
		t.Errorf("NAT gateway findings (-want +got):\n%s", diff)
	}
	for _, l := range spofs {
		for _, wrong := range []string{"aws_security_group", "aws_lb", "aws_vpc.", "aws_route_table", "aws_internet_gateway", "aws_vpc_endpoint"} {
			if strings.Contains(l, wrong) {
				t.Errorf("false finding: %s", l)
			}
		}
	}
	var diag []string
	for _, d := range diags {
		diag = append(diag, strings.ReplaceAll(d.Error(), dir+string(filepath.Separator), ""))
	}
	golden.Check(t, "testdata/corpus-vpc.golden", []byte(strings.Join(spofs, "\n")+"\n\ndiagnostics:\n"+strings.Join(diag, "\n")+"\n"))
}

// TestNATPerZone runs the VPC module with one NAT gateway per zone and with a
// single one, from a copy of the module with an example of each.
func TestNATPerZone(t *testing.T) {
	src := filepath.Join(corpus, "terraform-aws-vpc")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	tmp := t.TempDir()
	for _, f := range []string{"main.tf", "variables.tf", "outputs.tf", "versions.tf", "vpc-flow-logs.tf"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	example := func(name, natFlags string) {
		d := filepath.Join(tmp, "examples", name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		body := `data "aws_availability_zones" "available" {}
locals { azs = slice(data.aws_availability_zones.available.names, 0, 3) }
module "vpc" {
  source          = "../../"
  name            = "` + name + `"
  cidr            = "10.0.0.0/16"
  azs             = local.azs
  private_subnets = [for k, v in local.azs : cidrsubnet("10.0.0.0/16", 4, k)]
  public_subnets  = [for k, v in local.azs : cidrsubnet("10.0.0.0/16", 8, k + 48)]
  enable_nat_gateway = true
  ` + natFlags + `
}
`
		if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	example("per-az", "single_nat_gateway = false\n  one_nat_gateway_per_az = true")
	example("single", "single_nat_gateway = true")
	got, diags := check(t, []string{tmp}, parser.Options{})
	if e := errorsOf(diags); len(e) > 0 {
		t.Errorf("diagnostics: %v", e)
	}
	want := []string{"spof examples/single:module.vpc.aws_nat_gateway.this instance of examples/single:module.vpc.aws_nat_gateway.this main.tf:1228"}
	if diff := cmp.Diff(want, keep(got, "spof", "shared-domain")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

var errorComment = regexp.MustCompile(`#\s*ERROR:\s*(.+)$`)

// TestDiagnostics reads the fixtures of testdata/bad, whose lines carry
// "# ERROR: summary" comments: each must match a diagnostic on its line, and
// every error diagnostic must be expected. The good resources of each fixture
// are still analyzed.
func TestDiagnostics(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/bad/*")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := map[string]bool{}
			files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
			for _, f := range files {
				src, _ := os.ReadFile(f)
				for i, line := range strings.Split(string(src), "\n") {
					if m := errorComment.FindStringSubmatch(line); m != nil {
						want[fmt.Sprintf("%s:%d: %s", filepath.Base(f), i+1, strings.TrimSpace(m[1]))] = true
					}
				}
			}
			_, diags := check(t, []string{dir}, parser.Options{})
			got := map[string]bool{}
			for _, d := range diags {
				if d.Severity != hcl.DiagError {
					continue
				}
				if d.Subject == nil {
					t.Errorf("diagnostic without a range: %s", d.Error())
					continue
				}
				got[fmt.Sprintf("%s:%d: %s", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Summary)] = true
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			m, _, _ := parser.Load([]string{dir})
			if m.Component("aws_db_instance.survivor") == nil {
				t.Errorf("the good resource of %s was not analyzed; components: %v", dir, m.IDs)
			}
		})
	}
}

// TestKnowledgeBaseDoc keeps docs/terraform-resources.md generated from the knowledge base.
func TestKnowledgeBaseDoc(t *testing.T) {
	golden.Check(t, "../../docs/terraform-resources.md", terraform.Markdown())
}

func TestKnowledgeBase(t *testing.T) {
	kb := terraform.KnowledgeBase()
	providers := map[string]int{}
	seen := map[string]bool{}
	for _, r := range kb {
		if seen[r.Type] {
			t.Errorf("duplicate type %s", r.Type)
		}
		seen[r.Type] = true
		providers[strings.SplitN(r.Type, "_", 2)[0]]++
		if r.Scope == terraform.ConfigOnly && (r.Entry || r.Workload || r.Host) {
			t.Errorf("%s: config-only but a possible entrypoint", r.Type)
		}
		if r.Scope != terraform.ConfigOnly && r.Kind == "" {
			t.Errorf("%s: no kind", r.Type)
		}
	}
	if providers["aws"] < 30 || providers["google"] < 15 || providers["azurerm"] < 15 || len(kb) < 60 {
		t.Errorf("knowledge base too small: %v, %d types", providers, len(kb))
	}
}

// TestCorpusDiagnostics runs every repository of the shared Terraform corpus
// and lists the error diagnostics that its Terraform files (.tf, .tf.json,
// .tfvars) still give, each with the reason Terraform gives it too. Any other
// error is one that Terraform would not give: a false error, which drops
// resources and edges.
func TestCorpusDiagnostics(t *testing.T) {
	right := map[string]string{
		// coalescelist(aws_route_table.database[*].id, aws_route_table.private[*].id)
		// with no database route table and no private subnet: both lists are
		// empty, and Terraform's coalescelist (go-cty's) fails the same way.
		"terraform-aws-vpc/main.tf:498: Error in function call": "both lists empty in examples/issues (vpc_issue_46)",
		"terraform-aws-vpc/main.tf:848: Error in function call": "both lists empty in examples/issues (vpc_issue_46)",
		// The corpus stores these symbolic links as files holding their
		// target's path ("../variables.tf"): not HCL, for Terraform either.
		"terraform-azurerm-aks/unit-test-fixture/locals.tf:1: Argument or block definition required":    "a symbolic link stored as a file",
		"terraform-azurerm-aks/unit-test-fixture/variables.tf:1: Argument or block definition required": "a symbolic link stored as a file",
	}
	repos, _ := filepath.Glob(filepath.Join(corpus, "*"))
	if len(repos) == 0 {
		t.Skip("corpus not present")
	}
	got := map[string]bool{}
	for _, repo := range repos {
		_, diags, _ := parser.LoadWith([]string{repo}, parser.Options{})
		for _, d := range diags {
			if d.Severity != hcl.DiagError || d.Subject == nil {
				continue
			}
			f := d.Subject.Filename
			if !strings.HasSuffix(f, ".tf") && !strings.HasSuffix(f, ".tf.json") && !strings.HasSuffix(f, ".tfvars") {
				continue
			}
			rel, _ := filepath.Rel(corpus, f)
			key := fmt.Sprintf("%s:%d: %s", filepath.ToSlash(rel), d.Subject.Start.Line, d.Summary)
			if _, ok := right[key]; !ok {
				t.Errorf("an error Terraform would not give: %s (%s)", key, d.Detail)
			}
			got[key] = true
		}
	}
	for key := range right {
		if !got[key] {
			t.Errorf("expected diagnostic gone (update the list): %s", key)
		}
	}
}

// TestCorpusKnowledge: at most 5% of the resource blocks of the shared
// Terraform corpus are of types outside the knowledge base, and the warning
// about each such type points at a block of it.
func TestCorpusKnowledge(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	blocks, unknown := 0, map[string]int{}
	filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tf") {
			return nil
		}
		src, _ := os.ReadFile(p)
		f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			return nil
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			if b.Type != "resource" || len(b.Labels) != 2 {
				continue
			}
			blocks++
			if terraform.Lookup(b.Labels[0]) == nil {
				unknown[b.Labels[0]]++
			}
		}
		return nil
	})
	n := 0
	for _, c := range unknown {
		n += c
	}
	if blocks == 0 || n*100 > blocks*5 {
		t.Errorf("%d of %d resource blocks are of types outside the knowledge base: %v", n, blocks, unknown)
	}
	t.Logf("%d of %d resource blocks of unknown types: %v", n, blocks, unknown)

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"aws_instance\" \"a\" {}\n\nresource \"acme_widget\" \"w\" {}\n"), 0o644)
	_, diags := check(t, []string{dir}, parser.Options{})
	var found bool
	for _, d := range diags {
		if d.Summary == "Resource type not in the knowledge base" {
			found = d.Subject != nil && filepath.Base(d.Subject.Filename) == "main.tf" && d.Subject.Start.Line == 3 &&
				strings.Contains(d.Detail, "acme_widget")
		}
	}
	if !found {
		t.Errorf("no warning at main.tf:3 for acme_widget: %v", diags)
	}
}

// TestCorpusALB: terraform-aws-alb's listeners forward through
// try(aws_lb_target_group.this[action.value.target_group_key].arn, …), whose
// unknown key drops the reference's mark: the static reference keeps the chain
// load balancer -> target group -> instance, so that the single EC2 instance
// behind the complete-alb example is a spof, and the ALB itself is not.
func TestCorpusALB(t *testing.T) {
	dir := filepath.Join(corpus, "terraform-aws-alb")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	var complete []string
	for _, l := range keep(got, "spof", "shared-domain") {
		if strings.Contains(l, "examples/complete-alb:") {
			complete = append(complete, l)
		}
	}
	want := []string{
		"spof examples/complete-alb:aws_instance.other instance of examples/complete-alb:aws_instance.other main.tf:646",
		"spof examples/complete-alb:aws_instance.this instance of examples/complete-alb:aws_instance.this main.tf:640",
	}
	if diff := cmp.Diff(want, complete); diff != "" {
		t.Errorf("complete-alb findings (-want +got):\n%s", diff)
	}
}

// TestCorpusDeterministic reads terraform-aws-alb several times: its values
// carry several references at once (cty marks, a map), and the order in which
// they were taken once changed the findings' messages ("it comes from …") and
// unknowns from one run to the next.
func TestCorpusDeterministic(t *testing.T) {
	dir := filepath.Join(corpus, "terraform-aws-alb")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	var first string
	for i := 0; i < 6; i++ {
		m, _, _ := parser.LoadWith([]string{dir}, parser.Options{})
		findings, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, f := range findings {
			fmt.Fprintf(&b, "%s %s %s %s %v %v\n", f.Rule, f.Component, f.Event, f.Message, f.Path, f.Unknowns)
		}
		if i == 0 {
			first = b.String()
		} else if got := b.String(); got != first {
			t.Fatalf("run %d differs from run 0:\n%s", i, cmp.Diff(first, got))
		}
	}
}

// aws_alb_* are the AWS provider's older names of aws_lb_*: read the same. A
// listener of an aws_alb forwards to an aws_alb_target_group whose only target
// is one instance: that instance is the single point of failure of the load
// balancer, with the path through the target group.
func TestALBAliases(t *testing.T) {
	dir := t.TempDir()
	src := `resource "aws_alb" "web" {
  subnets = ["subnet-a", "subnet-b"]
}
resource "aws_alb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
}
resource "aws_alb_listener" "web" {
  load_balancer_arn = aws_alb.web.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_alb_target_group.web.arn
  }
}
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_alb_target_group_attachment" "web" {
  target_group_arn = aws_alb_target_group.web.arn
  target_id        = aws_instance.web.id
}
# Created after the listener (so that the load balancer health-checks it from
# the start): an order of creation, no start-up cycle through the listener.
resource "aws_autoscaling_group" "web" {
  min_size          = 2
  max_size          = 2
  target_group_arns = [aws_alb_target_group.web.arn]
  depends_on        = [aws_alb_listener.web]
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, diags, _ := parser.LoadWith([]string{dir}, parser.Options{})
	for _, d := range diags {
		if strings.Contains(d.Summary, "knowledge base") {
			t.Errorf("unexpected: %s", d.Error())
		}
	}
	for _, e := range [][2]string{{"aws_alb.web", "aws_alb_target_group.web"}, {"aws_alb_target_group.web", "aws_instance.web"}} {
		if len(m.EdgesBetween(e[0], e[1])) == 0 {
			t.Errorf("no edge %s -> %s; IDs: %q", e[0], e[1], m.IDs)
		}
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	want := []string{"spof aws_instance.web instance of aws_instance.web main.tf:16"}
	if diff := cmp.Diff(want, keep(got, "spof", "dependency-cycle")); diff != "" {
		t.Errorf("findings (-want +got):\n%s\nIDs: %q", diff, m.IDs)
	}
}

// depends_on orders creation: a route table created after its subnet, and
// associated with it, is required by the subnet (the association's runtime
// direction), with no start-up cycle between them.
func TestDependsOnAgainstPlumbing(t *testing.T) {
	dir := t.TempDir()
	src := `resource "azurerm_virtual_network" "net" {
  name          = "net"
  address_space = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "sub" {
  name                 = "sub"
  virtual_network_name = azurerm_virtual_network.net.name
  address_prefixes     = ["10.0.0.0/24"]
}
resource "azurerm_route_table" "rt" {
  name       = "rt"
  depends_on = [azurerm_subnet.sub]
}
resource "azurerm_subnet_route_table_association" "a" {
  subnet_id      = azurerm_subnet.sub.id
  route_table_id = azurerm_route_table.rt.id
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _, _ := parser.LoadWith([]string{dir}, parser.Options{})
	if len(m.EdgesBetween("azurerm_subnet.sub", "azurerm_route_table.rt")) == 0 {
		t.Errorf("the subnet does not require its route table")
	}
	if len(m.EdgesBetween("azurerm_route_table.rt", "azurerm_subnet.sub")) != 0 {
		t.Errorf("depends_on turned into a runtime edge against the association")
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	if c := keep(got, "dependency-cycle"); len(c) > 0 {
		t.Errorf("cycle: %q", c)
	}
}

// TestRegionIsNoSharedDomainOfItsOwn: a root with resources in two regions
// (an ACM certificate for CloudFront in us-east-1 beside the app in
// eu-west-1) models regions as failure domains, but a resource is created in
// one region: its replicas cannot spread beyond it, so its region's failure is
// its scope, not a hidden shared domain. The Multi-AZ database and the auto
// scaling group over two zones get no shared-domain finding; blast --fail
// region=eu-west-1 still takes them down; a single-AZ database is still a spof.
func TestRegionIsNoSharedDomainOfItsOwn(t *testing.T) {
	dir := t.TempDir()
	src := `provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}
resource "aws_acm_certificate" "cdn" {
  provider    = aws.us_east_1
  domain_name = "example.com"
}
resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  availability_zone = "eu-west-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = "vpc-1"
  availability_zone = "eu-west-1b"
}
resource "aws_autoscaling_group" "web" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
}
resource "aws_db_instance" "main" {
  multi_az = true
}
resource "aws_db_instance" "single" {
  provider          = aws.us_east_1
  availability_zone = "us-east-1a"
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	want := []string{"spof aws_db_instance.single instance of aws_db_instance.single main.tf:26"}
	if diff := cmp.Diff(want, keep(got, "spof", "shared-domain")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	m, _, _ := parser.LoadWith([]string{dir}, parser.Options{})
	if c := m.Components["aws_db_instance.main"]; c == nil || !slices.Equal(c.Placement["region"], []string{"eu-west-1", "eu-west-1"}) {
		t.Errorf("the Multi-AZ database is not placed in eu-west-1 (blast --fail region=eu-west-1 needs it): %+v", c)
	}
}

// TestCorpusHybridNodesRegion: terraform-aws-eks's eks-hybrid-nodes example
// runs its hybrid nodes in a second region (the remote network, us-east-1):
// two instances there are no shared-domain finding of their own (there were
// two: the nodes and the VPC peering connection).
func TestCorpusHybridNodesRegion(t *testing.T) {
	dir := filepath.Join(corpus, "terraform-aws-eks", "examples", "eks-hybrid-nodes")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	if sd := keep(got, "shared-domain"); len(sd) != 0 {
		t.Errorf("shared-domain findings on the remote region: %q", sd)
	}
}

// TestReadReplicaIsSoft: a read replica keeps serving reads when its source
// fails (replication stops; AWS documents promoting it as the recovery), so
// replicate_source_db is a soft edge: the single-AZ source is still a spof
// (an entrypoint of its own, as a database nothing requires), and the Multi-AZ
// replicas are not in its blast radius.
func TestReadReplicaIsSoft(t *testing.T) {
	dir := t.TempDir()
	src := `provider "aws" { region = "eu-west-1" }
resource "aws_db_instance" "primary" {
  availability_zone = "eu-west-1a"
}
resource "aws_db_instance" "replica" {
  count               = 2
  replicate_source_db = aws_db_instance.primary.identifier
  multi_az            = true
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _, _ := parser.LoadWith([]string{dir}, parser.Options{})
	var kinds []string
	for _, d := range m.Dependencies {
		kinds = append(kinds, fmt.Sprintf("%s %s %s", d.From, d.Kind, d.To))
	}
	if want := []string{"aws_db_instance.replica soft aws_db_instance.primary"}; !slices.Equal(kinds, want) {
		t.Errorf("edges = %q, want %q", kinds, want)
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	want := []string{"spof aws_db_instance.primary instance of aws_db_instance.primary main.tf:2"}
	if diff := cmp.Diff(want, keep(got, "spof", "shared-domain")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestCloudSQLReadReplicaIsSoft: a Cloud SQL read replica names its primary in
// master_instance_name; like an RDS read replica it keeps serving reads when
// the primary fails (replication stops; Google documents promoting it), so the
// edge is soft and the replica is no part of the primary's blast radius. The
// configuration is Google's terraform-docs-samples
// cloud_sql/mysql_instance_replica (Apache-2.0), abridged.
func TestCloudSQLReadReplicaIsSoft(t *testing.T) {
	dir := t.TempDir()
	src := `resource "google_sql_database_instance" "primary" {
  name             = "mysql-primary-instance-name"
  region           = "europe-west4"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-n1-standard-2"
  }
}

resource "google_sql_database_instance" "read_replica" {
  name                 = "mysql-replica-instance-name"
  master_instance_name = google_sql_database_instance.primary.name
  region               = "europe-west4"
  database_version     = "MYSQL_8_0"
  replica_configuration {
    failover_target = false
  }
  settings {
    tier              = "db-n1-standard-2"
    availability_type = "ZONAL"
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _, _ := parser.LoadWith([]string{dir}, parser.Options{})
	var kinds []string
	for _, d := range m.Dependencies {
		kinds = append(kinds, fmt.Sprintf("%s %s %s", d.From, d.Kind, d.To))
	}
	if want := []string{"google_sql_database_instance.read_replica soft google_sql_database_instance.primary"}; !slices.Equal(kinds, want) {
		t.Errorf("edges = %q, want %q", kinds, want)
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	want := []string{
		"spof google_sql_database_instance.primary instance of google_sql_database_instance.primary main.tf:1",
		"spof google_sql_database_instance.read_replica instance of google_sql_database_instance.read_replica main.tf:10",
	}
	if diff := cmp.Diff(want, keep(got, "spof", "shared-domain")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestUnknownFunctionSuggestionDeterministic: HCL suggests the first function
// near the unknown name in Go map order, so that map() (removed in Terraform
// 0.15; the provider's eks-getting-started example still calls it) drew "min",
// "can" or "tomap" from run to run. The suggestion is now the nearest name,
// the same every time, and one diagnostic per position.
func TestUnknownFunctionSuggestionDeterministic(t *testing.T) {
	dir := t.TempDir()
	src := `resource "aws_vpc" "demo" {
  count = 2
  tags = map("Name", "terraform-eks-demo-node")
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		_, diags, _ := parser.LoadWith([]string{dir}, parser.Options{})
		var got []string
		for _, d := range diags {
			if d.Summary == "Call to unknown function" {
				got = append(got, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Detail))
			}
		}
		want := []string{`3:10 There is no function named "map". Did you mean "max"?`}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("diagnostics (-want +got):\n%s", diff)
		}
	}
}
