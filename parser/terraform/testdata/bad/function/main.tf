resource "aws_instance" "web" {
  ami = frobnicate("x") # ERROR: Call to unknown function
}

resource "aws_db_instance" "survivor" {
  engine = "postgres"
}
