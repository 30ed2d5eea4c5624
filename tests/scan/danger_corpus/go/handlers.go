// Package api serves the inventory HTTP API.
package api

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/tls"
	"database/sql"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const dbPassword = "{{rand:10:a-z0-9}}" // hookagent-expect: CWE-798

type Server struct {
	DB      *sql.DB
	DataDir string
	tmpl    *template.Template
}

func (s *Server) Items(w http.ResponseWriter, r *http.Request) {
	category := r.URL.Query().Get("category")
	rows, err := s.DB.Query("SELECT id, name FROM items WHERE category = '" + category + "'") // hookagent-expect: CWE-89
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func (s *Server) ItemsSafe(w http.ResponseWriter, r *http.Request) {
	rows, err := s.DB.Query("SELECT id, name FROM items WHERE category = $1", r.URL.Query().Get("category"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func (s *Server) Sorted(w http.ResponseWriter, r *http.Request) {
	q := fmt.Sprintf("SELECT id, name FROM items ORDER BY %s", r.FormValue("sort"))
	rows, err := s.DB.Query(q) // hookagent-expect: CWE-89
	if err == nil {
		rows.Close()
	}
}

func (s *Server) Delete(w http.ResponseWriter, r *http.Request) {
	_, err := s.DB.Exec(fmt.Sprintf("DELETE FROM items WHERE id = %s", r.FormValue("id"))) // hookagent-expect: CWE-89
	if err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
	}
}

func (s *Server) Thumbnail(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	out, err := exec.Command("sh", "-c", "convert "+name+" -resize 64x64 png:-").Output() // hookagent-expect: CWE-78
	if err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
		return
	}
	w.Write(out)
}

func (s *Server) ThumbnailSafe(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("name"))
	out, err := exec.Command("convert", filepath.Join(s.DataDir, name), "-resize", "64x64", "png:-").Output()
	if err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
		return
	}
	w.Write(out)
}

func (s *Server) Run(w http.ResponseWriter, r *http.Request) {
	cmd := exec.Command(r.FormValue("tool"), r.FormValue("arg")) // hookagent-expect: CWE-78
	cmd.Run()
}

func (s *Server) File(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile(filepath.Join(s.DataDir, r.URL.Query().Get("file"))) // hookagent-expect: CWE-22
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}

func (s *Server) FileSafe(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("file"))
	if strings.HasPrefix(name, ".") {
		http.NotFound(w, r)
		return
	}
	http.ServeFile(w, r, filepath.Join(s.DataDir, name))
}

func (s *Server) Fetch(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(r.URL.Query().Get("url")) // hookagent-expect: CWE-918
	if err != nil {
		http.Error(w, "failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func (s *Server) Greet(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	s.tmpl.Execute(w, template.HTML("<b>"+name+"</b>")) // hookagent-expect: CWE-79
	fmt.Fprintf(w, "<p>Hello %s</p>", name) // hookagent-expect: CWE-79
}

func (s *Server) GreetSafe(w http.ResponseWriter, r *http.Request) {
	s.tmpl.Execute(w, map[string]string{"Name": r.URL.Query().Get("name")})
}

func (s *Server) Go(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound) // hookagent-expect: CWE-601
}

func NewResetToken() string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(rand.Intn(256)) // hookagent-expect: CWE-338
	}
	return hex.EncodeToString(b)
}

func ShuffleBackends(backends []string) {
	rand.Shuffle(len(backends), func(i, j int) { backends[i], backends[j] = backends[j], backends[i] })
}

func HashPassword(pw string) string {
	sum := md5.Sum([]byte(pw)) // hookagent-expect: CWE-328
	return hex.EncodeToString(sum[:])
}

func ContentID(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func InsecureClient() *http.Client {
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} // hookagent-expect: CWE-295
	return &http.Client{Transport: tr}
}

func WriteSecrets(path string, data []byte) error {
	return os.WriteFile(path, data, 0666) // hookagent-expect: CWE-732
}

func WriteConfig(path string, data []byte) error {
	return os.WriteFile(path, data, 0600)
}
