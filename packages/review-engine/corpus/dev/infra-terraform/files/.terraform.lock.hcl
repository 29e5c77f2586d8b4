# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.70.0"
  constraints = "~> 5.70"
  hashes = [
    "h1:6fL2kXq9Vz4Rm7Tw1Nb8Ys3Hd5Gf0Ja2Pe7Ci4Ok9T=",
    "zh:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "zh:1f2e3d4c5b6a79880f1e2d3c4b5a69788f9e0d1c2b3a49586f7e8d9c0b1a2938",
    "zh:3c9a7e5b1d2f4068a9c7e5b3d1f2408a6c9e7b5d3f1a2c4e6b8d0f9a7c5e3b1d",
    "zh:7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f",
  ]
}

provider "registry.terraform.io/hashicorp/azuread" {
  version     = "3.0.2"
  constraints = "~> 3.0"
  hashes = [
    "h1:Qm2Wx7Lk9Vz3Rt5Nb8Ys1Hd6Gf4Ja0Pe2Ci7Ok5Tw=",
    "zh:2b4d6f8a0c1e3f5a7b9d1c3e5f7a9b1d3e5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c",
    "zh:9a8b7c6d5e4f30211a2b3c4d5e6f70819a8b7c6d5e4f30211a2b3c4d5e6f7081",
  ]
}
