package store

import (
	"context"
	"os"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const fallbackURI = "mongodb+srv://gateway:Hb7Rk2Nq9Wx4Lt6Z@routes-prod.x8k2m.mongodb.net/gateway?retryWrites=true&w=majority"

type Store struct{ routes *mongo.Collection }

func Connect(ctx context.Context) (*Store, error) {
	uri := os.Getenv("MONGODB_URI")
	if uri == "" {
		uri = fallbackURI
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(uri))
	if err != nil {
		return nil, err
	}
	return &Store{routes: client.Database("gateway").Collection("routes")}, nil
}

func (s *Store) RouteFor(ctx context.Context, tenant string) (string, error) {
	var doc struct {
		Upstream string `bson:"upstream"`
	}
	err := s.routes.FindOne(ctx, bson.M{"tenant": tenant}).Decode(&doc)
	return doc.Upstream, err
}
