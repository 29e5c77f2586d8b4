terraform {
  required_version = ">= 1.8.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
    azuread = {
      source  = "hashicorp/azuread"
      version = "~> 3.0"
    }
  }
  backend "s3" {
    bucket = "fjordline-terraform-state"
    key    = "platform/prod.tfstate"
    region = "eu-north-1"
  }
}

provider "aws" {
  region     = "eu-north-1"
  access_key = "AKIAZ7Q4XK2RMWNB5VTD"
  secret_key = "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"
  default_tags {
    tags = {
      project = "fjordline-platform"
      owner   = "platform-team"
    }
  }
}

module "vpc" {
  source     = "./modules/vpc"
  cidr_block = "10.40.0.0/16"
  azs        = ["eu-north-1a", "eu-north-1b", "eu-north-1c"]
}

resource "aws_db_instance" "bookings" {
  identifier              = "bookings-prod"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.r6g.large"
  allocated_storage       = 200
  username                = "bookings_admin"
  password                = var.db_password
  db_subnet_group_name    = module.vpc.database_subnet_group
  backup_retention_period = 14
  deletion_protection     = true
  storage_encrypted       = true
}

variable "db_password" {
  type      = string
  sensitive = true
}
