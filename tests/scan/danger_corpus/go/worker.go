package worker

import (
	"archive/zip"
	"crypto/cipher"
	"crypto/des"
	"crypto/rand"
	"database/sql"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	mrand "math/rand"
	"net"
	"net/http"
	_ "net/http/pprof" // hookagent-expect: CWE-200
	"os"
	"path/filepath"
	"time"

	"golang.org/x/crypto/ssh"
)

type Job struct {
	ID     string `xml:"id"`
	Target string `xml:"target"`
}

func Unzip(src, dest string) error {
	r, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, f := range r.File {
		path := filepath.Join(dest, f.Name) // hookagent-expect: CWE-22
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		rc, _ := f.Open()
		io.Copy(out, rc)
		rc.Close()
		out.Close()
	}
	return nil
}

func Connect(host string) (*ssh.Client, error) {
	cfg := &ssh.ClientConfig{
		User:            "deploy",
		Auth:            []ssh.AuthMethod{ssh.Password(os.Getenv("DEPLOY_PASSWORD"))},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), // hookagent-expect: CWE-322
		Timeout:         10 * time.Second,
	}
	return ssh.Dial("tcp", net.JoinHostPort(host, "22"), cfg)
}

func ConnectAdmin(host string) (*ssh.Client, error) {
	cfg := &ssh.ClientConfig{
		User: "admin",
		Auth: []ssh.AuthMethod{ssh.Password("{{rand:10:a-z0-9}}")}, // hookagent-expect: CWE-798
	}
	return ssh.Dial("tcp", host+":22", cfg)
}

func OpenDB() (*sql.DB, error) {
	return sql.Open("postgres", "host=db user=worker password="+os.Getenv("PGPASSWORD")+" dbname=jobs")
}

func LegacyDecrypt(key, data []byte) ([]byte, error) {
	block, err := des.NewCipher(key) // hookagent-expect: CWE-327
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, make([]byte, 8)).CryptBlocks(out, data)
	return out, nil
}

func NonceSafe() ([]byte, error) {
	n := make([]byte, 12)
	_, err := rand.Read(n)
	return n, err
}

func Backoff(attempt int) time.Duration {
	return time.Duration(attempt*100+mrand.Intn(50)) * time.Millisecond
}

func NewAPIKey() string {
	mrand.Seed(time.Now().UnixNano()) // hookagent-expect: CWE-330
	return fmt.Sprintf("%x", mrand.Int63()) // hookagent-expect: CWE-338
}

func ParseJob(body io.Reader) (*Job, error) {
	var j Job
	err := xml.NewDecoder(body).Decode(&j)
	return &j, err
}

func Dispatch(j *Job) error {
	req, err := http.NewRequest("POST", j.Target, nil)
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

func Serve() {
	log.Fatal(http.ListenAndServe("0.0.0.0:6060", nil)) // hookagent-expect: CWE-1327
}
