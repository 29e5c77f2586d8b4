resource "aws_db_instance" "collections" {
  identifier              = "collections-prod"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.r6g.large"
  allocated_storage       = 200
  username                = "collections"
<<<<<<< HEAD
  password                = "Tapir-Mosaic-7713-Loom"
=======
  manage_master_user_password = true
>>>>>>> rds-managed-password
  backup_retention_period = 14
  deletion_protection     = true
}
