module "escape" {
  source = "../../../../../../../../../../../../etc" # ERROR: Module source outside the input path
}

resource "aws_db_instance" "survivor" {
  engine = "postgres"
  name   = module.escape.name
}
