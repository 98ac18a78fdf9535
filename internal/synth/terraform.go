package synth

import (
	"bufio"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// TerraformOptions shape a generated Terraform repository.
type TerraformOptions struct {
	// Resources is the number of resource instances a plan of every root
	// would hold (count and for_each expanded, module instances included).
	Resources int
	// Files is the number of .tf files: nine in three shared modules, the rest
	// spread over root modules of about ten files each.
	Files int
	Seed  uint64 // 0: a fixed default
}

// TerraformStats says what a generated repository holds.
type TerraformStats struct {
	Resources, Files, Roots int
	// Planted single points of failure: roots with one NAT gateway, and roots
	// whose database (which the workers' user_data names) is single-AZ.
	SingleNAT, SingleAZDatabases int
}

func (o *TerraformOptions) defaults() {
	o.Files = max(o.Files, len(tfModules)+1)
	if o.Seed == 0 {
		o.Seed = 0x7f5eed
	}
}

// The shared modules: a VPC with public and private subnets in three zones and
// one NAT gateway (single_nat) or one per zone; a web service (load balancer,
// target group, auto scaling group in the private subnets); a database.
var tfModules = map[string]map[string]string{
	"network": {
		"variables.tf": `variable "name" { type = string }
variable "cidr" { type = string }
variable "azs" { type = list(string) }
variable "single_nat" {
  type    = bool
  default = false
}
`,
		"main.tf": `locals {
  nat_count = var.single_nat ? 1 : length(var.azs)
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = { Name = var.name }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "public" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.this.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(var.cidr, 8, count.index + 48)
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.this.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(var.cidr, 4, count.index)
}

resource "aws_eip" "nat" {
  count  = local.nat_count
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = local.nat_count
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table" "private" {
  count  = local.nat_count
  vpc_id = aws_vpc.this.id
}

resource "aws_route" "private_nat" {
  count                  = local.nat_count
  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[count.index].id
}

resource "aws_route_table_association" "public" {
  count          = length(var.azs)
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  count          = length(var.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = element(aws_route_table.private[*].id, var.single_nat ? 0 : count.index)
}
`,
		"outputs.tf": `output "vpc_id" { value = aws_vpc.this.id }
output "public_subnets" { value = aws_subnet.public[*].id }
output "private_subnets" { value = aws_subnet.private[*].id }
`,
	},
	"service": {
		"variables.tf": `variable "name" { type = string }
variable "vpc_id" { type = string }
variable "public_subnets" { type = list(string) }
variable "private_subnets" { type = list(string) }
variable "min_size" {
  type    = number
  default = 2
}
variable "environment" {
  type    = map(string)
  default = {}
}
`,
		"main.tf": `resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" "ingress" {
  security_group_id = aws_security_group.this.id
  type              = "ingress"
  from_port         = 80
  to_port           = 80
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "egress" {
  security_group_id = aws_security_group.this.id
  type              = "egress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_lb" "this" {
  name            = var.name
  subnets         = var.public_subnets
  security_groups = [aws_security_group.this.id]
}

resource "aws_lb_target_group" "this" {
  name     = var.name
  port     = 80
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_iam_instance_profile" "this" {
  name = var.name
  role = aws_iam_role.this.name
}

resource "aws_launch_template" "this" {
  name_prefix   = "${var.name}-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = base64encode(jsonencode(var.environment))
  iam_instance_profile {
    name = aws_iam_instance_profile.this.name
  }
}

resource "aws_autoscaling_group" "this" {
  name                = var.name
  min_size            = var.min_size
  max_size            = var.min_size * 2
  vpc_zone_identifier = var.private_subnets
  target_group_arns   = [aws_lb_target_group.this.arn]
  launch_template {
    id      = aws_launch_template.this.id
    version = "$Latest"
  }
}
`,
		"outputs.tf": `output "lb_arn" { value = aws_lb.this.arn }
output "asg_name" { value = aws_autoscaling_group.this.name }
`,
	},
	"db": {
		"variables.tf": `variable "name" { type = string }
variable "subnets" { type = list(string) }
variable "multi_az" {
  type    = bool
  default = true
}
`,
		"main.tf": `resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnets
}

resource "aws_db_parameter_group" "this" {
  name   = var.name
  family = "postgres16"
}

resource "aws_db_instance" "this" {
  identifier           = var.name
  engine               = "postgres"
  instance_class       = "db.t3.medium"
  multi_az             = var.multi_az
  db_subnet_group_name = aws_db_subnet_group.this.name
  parameter_group_name = aws_db_parameter_group.this.name
}
`,
		"outputs.tf": `output "address" { value = aws_db_instance.this.address }
`,
	},
}

// Instances per module call: network 16 + 4 per NAT gateway, service 10, db 3.
const (
	tfServiceInstances = 10
	tfDBInstances      = 3
)

func tfNetworkInstances(single bool) int {
	if single {
		return 20
	}
	return 28
}

// Terraform writes a repository of root modules under dir/envs that call the
// shared modules under dir/modules, with filler resources (buckets, queues,
// tables, functions, instances, parameters, with count and for_each) that
// reference the modules' outputs and each other. The same options give the
// same bytes.
func Terraform(dir string, o TerraformOptions) (TerraformStats, error) {
	o.defaults()
	var st TerraformStats
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	for _, m := range sortedKeys(tfModules) {
		for _, f := range sortedKeys(tfModules[m]) {
			if err := writeFile(filepath.Join(dir, "modules", m, f), tfModules[m][f]); err != nil {
				return st, err
			}
			st.Files++
		}
	}
	rootFiles := o.Files - st.Files
	st.Roots = max(1, rootFiles/10)
	for i := 0; i < st.Roots; i++ {
		files := rootFiles / st.Roots
		if i < rootFiles%st.Roots {
			files++
		}
		want := o.Resources / st.Roots
		if i < o.Resources%st.Roots {
			want++
		}
		single := r.IntN(2) == 0
		multiAZ := r.IntN(10) >= 3
		n, err := tfRoot(filepath.Join(dir, "envs", fmt.Sprintf("r%04d", i)), i, files, want, single, multiAZ, r)
		if err != nil {
			return st, err
		}
		st.Resources += n
		st.Files += files
		if single {
			st.SingleNAT++
		}
		if !multiAZ {
			st.SingleAZDatabases++
		}
	}
	return st, nil
}

// tfRoot writes one root module of files files holding about want instances
// (never fewer than its module calls need), and returns the instances it holds.
func tfRoot(dir string, idx, files, want int, single, multiAZ bool, r *rand.Rand) (int, error) {
	base := tfNetworkInstances(single) + tfDBInstances
	services := min(5, max(0, (want-base)/40))
	total := base + services*tfServiceInstances
	var main strings.Builder
	fmt.Fprintf(&main, `provider "aws" {
  region = "us-east-1"
}

module "network" {
  source     = "../../modules/network"
  name       = "r%04d"
  cidr       = "10.%d.0.0/16"
  azs        = ["us-east-1a", "us-east-1b", "us-east-1c"]
  single_nat = %v
}

module "db" {
  source   = "../../modules/db"
  name     = "r%04d-db"
  subnets  = module.network.private_subnets
  multi_az = %v
}
`, idx, idx%256, single, idx, multiAZ)
	for s := 0; s < services; s++ {
		fmt.Fprintf(&main, `
module "svc%d" {
  source          = "../../modules/service"
  name            = "r%04d-svc%d"
  vpc_id          = module.network.vpc_id
  public_subnets  = module.network.public_subnets
  private_subnets = module.network.private_subnets
  min_size        = %d
  environment     = { DB = module.db.address }
}
`, s, idx, s, 2+r.IntN(3))
	}
	if err := writeFile(filepath.Join(dir, "main.tf"), main.String()); err != nil {
		return 0, err
	}
	// Filler: spread what is left over the other files.
	left := max(0, want-total)
	fillers := max(1, files-1)
	block := 0
	for f := 0; f < fillers; f++ {
		quota := left / (fillers - f) // the last file takes the rest
		var b strings.Builder
		for quota > 0 {
			n := tfFiller(&b, block, min(quota, 1+r.IntN(6)), r)
			block++
			quota -= n
			left -= n
			total += n
		}
		name := fmt.Sprintf("res_%02d.tf", f)
		if files == 1 {
			// one file per root: the filler joins main.tf
			return total, appendFile(filepath.Join(dir, "main.tf"), b.String())
		}
		if err := writeFile(filepath.Join(dir, name), b.String()); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// tfFiller writes one resource block of n instances (n >= 1) and returns n.
func tfFiller(b *strings.Builder, i, n int, r *rand.Rand) int {
	switch kind := r.IntN(7); {
	case n == 1 && kind < 2:
		fmt.Fprintf(b, "resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"bucket-%d\"\n}\n\n", i, i)
	case n == 1 && kind < 4:
		fmt.Fprintf(b, "resource \"aws_sqs_queue\" \"q%d\" {\n  name = \"queue-%d\"\n}\n\n", i, i)
	case n == 1:
		fmt.Fprintf(b, "resource \"aws_dynamodb_table\" \"t%d\" {\n  name     = \"table-%d\"\n  hash_key = \"id\"\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n}\n\n", i, i)
	case kind < 3:
		// Workers across the private subnets, one per zone in turn.
		fmt.Fprintf(b, `resource "aws_instance" "w%d" {
  count         = %d
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = module.network.private_subnets[count.index %% 3]
  user_data     = "DB=${module.db.address}"
  tags          = { Name = "worker-%d-${count.index}" }
}

`, i, n, i)
	case kind < 5:
		keys := make([]string, n)
		for k := range keys {
			keys[k] = fmt.Sprintf("%q = \"v%d\"", fmt.Sprintf("p%d", k), k)
		}
		fmt.Fprintf(b, `resource "aws_ssm_parameter" "p%d" {
  for_each = { %s }
  name     = "/r/%d/${each.key}"
  type     = "String"
  value    = each.value
}

`, i, strings.Join(keys, ", "), i)
	default:
		fmt.Fprintf(b, `resource "aws_cloudwatch_log_group" "l%d" {
  count             = %d
  name              = "/app/%d/${count.index}"
  retention_in_days = 14
}

`, i, n, i)
	}
	return n
}

func writeFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString(content)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func appendFile(path, content string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
