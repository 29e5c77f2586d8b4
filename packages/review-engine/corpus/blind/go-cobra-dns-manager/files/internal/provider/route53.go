package provider

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/route53"
)

func NewRoute53() *route53.Client {
	creds := credentials.NewStaticCredentialsProvider(
		"AKIAF7FYFZSOMKTTDATO",
		"MXNev0FyeWFWs5ARv98XyDDbjjISNScZzLp3PT39",
		"",
	)
	return route53.New(route53.Options{Region: "us-east-1", Credentials: aws.NewCredentialsCache(creds)})
}
