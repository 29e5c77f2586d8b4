variable "cidr_block" {
  type = string
}

variable "azs" {
  type = list(string)
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_hostnames = true
  tags                 = { Name = "fjordline" }
}

resource "aws_subnet" "database" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.this.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(var.cidr_block, 8, 100 + count.index)
}

resource "aws_db_subnet_group" "database" {
  name       = "fjordline-database"
  subnet_ids = aws_subnet.database[*].id
}

output "database_subnet_group" {
  value = aws_db_subnet_group.database.name
}
