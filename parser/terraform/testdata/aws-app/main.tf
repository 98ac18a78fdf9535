# A small AWS application with known zones: what a reviewer names and what not.
#   - aws_db_instance.main: single-AZ database behind the web tier (spof)
#   - aws_elasticache_replication_group.sessions: two nodes, no automatic failover (spof)
#   - aws_autoscaling_group.worker: pinned to one subnet (shared-domain)
#   - not: the ALB across three zones, the web ASG across three zones, the security group
variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

variable "db_multi_az" {
  default = false
}

locals {
  cidr = "10.0.0.0/16"
}

resource "aws_vpc" "main" {
  cidr_block = local.cidr
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(local.cidr, 8, count.index)
}

resource "aws_subnet" "public" {
  for_each          = toset(var.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(local.cidr, 8, 10 + index(var.azs, each.key))
}

resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
}

resource "aws_lb" "web" {
  subnets         = [for s in aws_subnet.public : s.id]
  security_groups = [aws_security_group.web.id]
}

resource "aws_lb_target_group" "web" {
  vpc_id = aws_vpc.main.id
}

resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_autoscaling_group" "web" {
  min_size            = 3
  max_size            = 6
  vpc_zone_identifier = aws_subnet.private[*].id
  target_group_arns   = [aws_lb_target_group.web.arn]
  depends_on          = [aws_db_instance.main, aws_elasticache_replication_group.sessions]
}

resource "aws_autoscaling_group" "worker" {
  min_size            = 2
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.private[0].id]
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  multi_az          = var.db_multi_az
  availability_zone = var.azs[0]
}

resource "aws_elasticache_replication_group" "sessions" {
  num_cache_clusters         = 2
  automatic_failover_enabled = false
}

resource "aws_iam_role" "web" {
  name = "web"
}
