locals {
  a = local.b # ERROR: Cycle in local values
  b = local.a
}

resource "aws_instance" "web" {
  count = length(local.a)
}

resource "aws_db_instance" "survivor" {
  engine = "postgres"
}
