variable "subnets" { default = ["a", "b"] }
locals { m = { for i, s in var.subnets : s => i } }
resource "aws_lb" "x" {
  dynamic "subnet_mapping" {
    for_each = var.subnets
    content { subnet_id = subnet_mapping.value }
  }
}
resource "aws_instance" "y" {
  for_each = local.m
  availability_zone = try(each.value.zone, "us-east-1a")
  subnet_id = lookup(local.m, each.key, null)
}
module "m" { source = "./m" }
