environment   = "prod"
instance_type = "m7g.large"
min_size      = 3
max_size      = 12
db_password   = "Yq5Lm8Nx2Wt7Kr4V"
alert_email   = "platform-alerts@fjordline-cloud.example"
