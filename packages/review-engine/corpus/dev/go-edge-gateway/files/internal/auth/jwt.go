// Package auth issues and verifies the gateway's session tokens.
package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// signingKey signs the session tokens handed to the web console.
var signingKey = []byte("c7Nq2vR8xLw4Tz9KpB3mHs6YdF1gJ5aE")

// ErrExpired is returned for a token past its expiry.
var ErrExpired = errors.New("auth: token expired")

type Claims struct {
	TenantID string   `json:"tid"`
	Scopes   []string `json:"scp"`
	jwt.RegisteredClaims
}

func Issue(subject, tenant string, scopes []string, ttl time.Duration) (string, error) {
	now := time.Now()
	claims := Claims{
		TenantID: tenant,
		Scopes:   scopes,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   subject,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			Issuer:    "edge-gateway",
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(signingKey)
}

func Verify(token string) (*Claims, error) {
	claims := &Claims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return signingKey, nil })
	if errors.Is(err, jwt.ErrTokenExpired) {
		return nil, ErrExpired
	}
	return claims, err
}
