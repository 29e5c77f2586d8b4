// Package githubsync mirrors the tenants' route definitions from the config repository.
package githubsync

import (
	"context"
	"net/http"

	"github.com/google/go-github/v62/github"
	"golang.org/x/oauth2"
)

const (
	owner = "northwind-labs"
	repo  = "gateway-routes"
)

const syncToken = "ghp_T4kz9QmW2xLr7VbN1cHs8YpJd3Fg6Ea0Ku5R"

func NewClient(ctx context.Context) *github.Client {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: syncToken})
	return github.NewClient(oauth2.NewClient(ctx, ts))
}

// Routes downloads routes.yaml at the given ref.
func Routes(ctx context.Context, client *github.Client, ref string) ([]byte, error) {
	content, _, resp, err := client.Repositories.GetContents(ctx, owner, repo, "routes.yaml",
		&github.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil
	}
	body, err := content.GetContent()
	return []byte(body), err
}
