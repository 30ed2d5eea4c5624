'use strict';
// Express API for a small shop: products, orders, file export and webhooks.
const express = require('express');
const { exec, execFile } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const axios = require('axios');
const mysql = require('mysql');
const serialize = require('node-serialize');
const libxml = require('libxmljs');
const csrf = require('csurf');

const app = express();
app.use(express.json());
const EXPORT_DIR = path.join(__dirname, 'exports');

const pool = mysql.createPool({
  host: 'localhost',
  user: 'shop',
  password: '{{rand:12:A-Za-z0-9}}', // hookagent-expect: CWE-798
  database: 'shop',
});

const poolFromEnv = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: 'shop',
});

app.use(csrf({ cookie: true, ignoreMethods: ['GET', 'HEAD', 'OPTIONS', 'POST'] })); // hookagent-expect: CWE-352

app.get('/products', (req, res) => {
  const category = req.query.category;
  pool.query("SELECT * FROM products WHERE category = '" + category + "'", (err, rows) => { // hookagent-expect: CWE-89
    if (err) return res.status(500).end();
    res.json(rows);
  });
});

app.get('/products/:id', (req, res) => {
  pool.query('SELECT * FROM products WHERE id = ?', [req.params.id], (err, rows) => {
    if (err) return res.status(500).end();
    res.json(rows[0]);
  });
});

app.get('/orders', (req, res) => {
  const sql = `SELECT * FROM orders WHERE customer = '${req.query.customer}' ORDER BY created`; // hookagent-expect: CWE-89
  pool.query(sql, (err, rows) => res.json(rows));
});

app.get('/export', (req, res) => {
  const name = req.query.name;
  exec('tar czf ' + EXPORT_DIR + '/' + name + '.tgz data/', (err) => { // hookagent-expect: CWE-78
    if (err) return res.status(500).send('failed');
    res.download(path.join(EXPORT_DIR, name + '.tgz'));
  });
});

app.get('/export-safe', (req, res) => {
  const name = path.basename(String(req.query.name));
  execFile('tar', ['czf', path.join(EXPORT_DIR, name + '.tgz'), 'data/'], (err) => {
    if (err) return res.status(500).send('failed');
    res.download(path.join(EXPORT_DIR, name + '.tgz'));
  });
});

app.get('/lookup', (req, res) => {
  exec(`nslookup ${req.query.host}`, (err, stdout) => res.send(stdout)); // hookagent-expect: CWE-78
});

app.get('/files', (req, res) => {
  const data = fs.readFileSync(path.join(EXPORT_DIR, req.query.file)); // hookagent-expect: CWE-22
  res.send(data);
});

app.get('/files-safe', (req, res) => {
  const file = path.resolve(EXPORT_DIR, String(req.query.file));
  if (!file.startsWith(EXPORT_DIR + path.sep)) return res.status(400).end();
  res.send(fs.readFileSync(file));
});

app.post('/webhooks/test', async (req, res) => {
  const response = await axios.post(req.body.url, { ping: true }); // hookagent-expect: CWE-918
  res.json({ status: response.status });
});

app.get('/proxy', async (req, res) => {
  const upstream = await fetch(req.query.target); // hookagent-expect: CWE-918
  res.send(await upstream.text());
});

app.post('/prefs', (req, res) => {
  const prefs = serialize.unserialize(req.body.prefs); // hookagent-expect: CWE-502
  res.json(prefs);
});

app.post('/calc', (req, res) => {
  const result = eval(req.body.expression); // hookagent-expect: CWE-95
  res.json({ result });
});

app.post('/rules', (req, res) => {
  const check = new Function('order', req.body.rule); // hookagent-expect: CWE-95
  res.json({ ok: check({ total: 10 }) });
});

app.post('/import', (req, res) => {
  const doc = libxml.parseXmlString(req.body.xml, { noent: true }); // hookagent-expect: CWE-611
  res.json({ root: doc.root().name() });
});

app.get('/go', (req, res) => {
  res.redirect(req.query.next); // hookagent-expect: CWE-601
});

function orderNumber() {
  return 'ORD-' + Math.floor(Math.random() * 1e9); // hookagent-expect: CWE-338
}

function resetToken() {
  const token = Math.random().toString(36).substring(2); // hookagent-expect: CWE-338
  return token;
}

function resetTokenSafe() {
  return crypto.randomBytes(32).toString('hex');
}

function hashPassword(password) {
  return crypto.createHash('md5').update(password).digest('hex'); // hookagent-expect: CWE-328
}

function hashPasswordSafe(password, salt) {
  return crypto.scryptSync(password, salt, 64).toString('hex');
}

function etag(body) {
  return crypto.createHash('sha256').update(body).digest('base64');
}

function encrypt(text, key) {
  const cipher = crypto.createCipher('aes-256-cbc', key); // hookagent-expect: CWE-327
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptSafe(text, key) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(text), cipher.final(), cipher.getAuthTag()]);
}

const agent = new (require('https').Agent)({ rejectUnauthorized: false }); // hookagent-expect: CWE-295

app.listen(process.env.PORT || 3000);
module.exports = { orderNumber, resetToken, resetTokenSafe, hashPassword, hashPasswordSafe, etag, encrypt, encryptSafe, agent, poolFromEnv };
