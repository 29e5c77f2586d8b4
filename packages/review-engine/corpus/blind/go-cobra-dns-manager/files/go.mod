module github.com/zonekeeper/dnsctl

go 1.23

require (
	github.com/aws/aws-sdk-go-v2 v1.32.2
	github.com/digitalocean/godo v1.128.0
	github.com/lib/pq v1.10.9
	github.com/spf13/cobra v1.8.1
)
