resource "aws_db_instance" "survivor" {
  engine = "postgres"
}
