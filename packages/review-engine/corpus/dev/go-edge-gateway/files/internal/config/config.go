package config

import (
	"os"
	"strconv"
)

// DefaultTenant is the tenant of requests without a tenant claim (the public demo).
const DefaultTenant = "5f0c2a9e-7d41-4b8a-9e36-1c2d3f4a5b6c"

// RoutesChecksum is the sha256 of the routes.yaml bundled in the image, checked at startup.
const RoutesChecksum = "9b2e7c41d0a85f36e1c4b7a29d8f03e6a5c1b4d7e0f29a8c3b6d5e4f1a2b3c4d"

type Config struct {
	Listen        string
	MongoURI      string
	GitHubToken   string
	SessionSecret string
	MaxBodyBytes  int64
}

func FromEnv() Config {
	maxBody, err := strconv.ParseInt(os.Getenv("MAX_BODY_BYTES"), 10, 64)
	if err != nil || maxBody <= 0 {
		maxBody = 10 << 20
	}
	return Config{
		Listen:        getenv("LISTEN_ADDR", ":8080"),
		MongoURI:      os.Getenv("MONGODB_URI"),
		GitHubToken:   os.Getenv("GITHUB_TOKEN"),
		SessionSecret: os.Getenv("SESSION_SECRET"),
		MaxBodyBytes:  maxBody,
	}
}

func getenv(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok {
		return value
	}
	return fallback
}
