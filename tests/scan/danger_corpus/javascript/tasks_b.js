// Task-style snippets, second set (written after the rules, to measure them).
const http = require('http');
const url = require('url');
const fs = require('fs');
const { exec } = require('child_process');
const express = require('express');
const sqlite3 = require('sqlite3');

const db = new sqlite3.Database('app.db');
const app = express();

http.createServer((req, res) => {
  const q = url.parse(req.url, true).query;
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end('<h1>Hello ' + q.name + '</h1>'); // hookagent-expect: CWE-79
}).listen(8080);

app.get('/user', (req, res) => {
  db.get(`SELECT * FROM users WHERE id = ${req.query.id}`, (err, row) => res.json(row)); // hookagent-expect: CWE-89
});

app.get('/ping', (req, res) => {
  const host = req.query.host;
  exec('ping -c 1 ' + host, (err, out) => res.send(out)); // hookagent-expect: CWE-78
});

app.get('/read', (req, res) => {
  fs.readFile('./files/' + req.query.name, 'utf8', (err, data) => res.send(data)); // hookagent-expect: CWE-22
});

app.post('/merge', express.json(), (req, res) => {
  const settings = {};
  for (const key in req.body) {
    settings[key] = req.body[key]; // hookagent-expect: CWE-1321
  }
  res.json(settings);
});

function createSessionId() {
  let id = '';
  for (let i = 0; i < 16; i++) id += Math.floor(Math.random() * 16).toString(16); // hookagent-expect: CWE-338
  return id;
}

function runUserCode(code) {
  return eval(code); // hookagent-expect: CWE-95
}

app.get('/search', (req, res) => {
  res.send(`<p>You searched for ${req.query.q}</p>`); // hookagent-expect: CWE-79
});

app.get('/health', (req, res) => res.json({ ok: true }));

module.exports = { createSessionId, runUserCode };
