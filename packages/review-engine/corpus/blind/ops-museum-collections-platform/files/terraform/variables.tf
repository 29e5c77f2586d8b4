variable "db_password" {
  description = "Master password of the collections database (set in Terraform Cloud as a sensitive variable)"
  type        = string
  sensitive   = true
}

variable "vault_token" {
  type      = string
  sensitive = true
  default   = null
}
