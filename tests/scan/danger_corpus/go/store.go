// Package store: ordinary application code with no marked lines (false-positive check).
package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

var ErrNotFound = errors.New("not found")

type Product struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Price int64  `json:"price"`
}

type Store struct {
	db  *sql.DB
	dir string
	log *slog.Logger
}

func New(db *sql.DB, dir string, log *slog.Logger) *Store {
	return &Store{db: db, dir: dir, log: log}
}

func (s *Store) Get(ctx context.Context, id int64) (*Product, error) {
	var p Product
	err := s.db.QueryRowContext(ctx, "SELECT id, name, price FROM products WHERE id = $1", id).Scan(&p.ID, &p.Name, &p.Price)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &p, err
}

func (s *Store) List(ctx context.Context, limit, offset int) ([]Product, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, price FROM products ORDER BY id LIMIT $1 OFFSET $2", limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	defer rows.Close()
	var out []Product
	for rows.Next() {
		var p Product
		if err := rows.Scan(&p.ID, &p.Name, &p.Price); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	s.log.Info("selected products from the catalog", "count", len(out))
	return out, rows.Err()
}

func (s *Store) Handler(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	p, err := s.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(p)
}

func (s *Store) ImageHandler(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("name"))
	http.ServeFile(w, r, filepath.Join(s.dir, "images", name))
}

func (s *Store) Snapshot(products []Product) (string, error) {
	data, err := json.Marshal(products)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	name := filepath.Join(s.dir, "snapshots", hex.EncodeToString(sum[:8])+".json")
	if err := os.MkdirAll(filepath.Dir(name), 0o750); err != nil {
		return "", err
	}
	return name, os.WriteFile(name, data, 0o640)
}

func NewRequestID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func Jitter(d time.Duration) time.Duration {
	return d + time.Duration(mrand.Int63n(int64(d/4)+1))
}
