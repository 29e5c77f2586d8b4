module github.com/northwind-labs/edge-gateway

go 1.22

require (
	github.com/golang-jwt/jwt/v5 v5.2.1
	github.com/google/go-github/v62 v62.0.0
	go.mongodb.org/mongo-driver v1.16.1
	golang.org/x/oauth2 v0.22.0
)
