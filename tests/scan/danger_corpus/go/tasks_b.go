// Task-style snippets, second set (written after the rules, to measure them).
package main

import (
	"database/sql"
	"fmt"
	"io/ioutil"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
)

func userHandler(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	db, _ := sql.Open("mysql", "root:{{rand:8:a-z0-9}}@/app") // hookagent-expect: CWE-798
	rows, _ := db.Query("SELECT name FROM users WHERE id = " + id) // hookagent-expect: CWE-89
	defer rows.Close()
}

func cmdHandler(w http.ResponseWriter, r *http.Request) {
	cmd := r.URL.Query().Get("cmd")
	out, _ := exec.Command("sh", "-c", cmd).Output() // hookagent-expect: CWE-78
	w.Write(out)
}

func fileHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	data, _ := ioutil.ReadFile("/var/www/files/" + name) // hookagent-expect: CWE-22
	w.Write(data)
}

func helloHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	fmt.Fprintf(w, "<h1>Hello, %s</h1>", name) // hookagent-expect: CWE-79
}

func token() int {
	return rand.Int() // hookagent-expect: CWE-338
}

func readArg() {
	data, err := os.ReadFile(os.Args[1]) // hookagent-expect: CWE-22
	if err == nil {
		fmt.Println(string(data))
	}
}

func main() {
	http.HandleFunc("/user", userHandler)
	http.HandleFunc("/cmd", cmdHandler)
	http.HandleFunc("/file", fileHandler)
	http.HandleFunc("/hello", helloHandler)
	http.ListenAndServe(":8080", nil)
}
