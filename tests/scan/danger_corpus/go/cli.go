package main

import (
	"crypto/sha1"
	"crypto/tls"
	"database/sql"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
)

func main() {
	user := flag.String("user", "", "account to report on")
	hook := flag.String("hook", "", "command to run afterwards")
	flag.Parse()

	db, err := sql.Open("sqlite3", "report.db")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	row := db.QueryRow("SELECT total FROM usage WHERE user = '" + *user + "'") // hookagent-expect: CWE-89
	var total int
	row.Scan(&total)

	tmp, _ := os.Create("/tmp/report-" + *user + ".txt") // hookagent-expect: CWE-377
	fmt.Fprintf(tmp, "%d\n", total)
	tmp.Close()

	if *hook != "" {
		exec.Command("bash", "-c", *hook).Run() // hookagent-expect: CWE-78
	}

	h := sha1.New() // hookagent-expect: CWE-328
	h.Write([]byte(*user))
	fmt.Printf("%x\n", h.Sum(nil))

	srv := &http.Server{
		Addr:      ":8443",
		TLSConfig: &tls.Config{MinVersion: tls.VersionTLS10}, // hookagent-expect: CWE-327
	}
	http.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: r.FormValue("sid"), HttpOnly: false, Secure: false}) // hookagent-expect: CWE-614
	})
	srv.ListenAndServeTLS("cert.pem", "key.pem")
}
