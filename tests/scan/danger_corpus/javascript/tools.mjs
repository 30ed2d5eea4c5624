// Build helpers used by the release script.
import { execSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import jwt from 'jsonwebtoken';

const SIGNING_SECRET = '{{rand:16:a-z0-9}}'; // hookagent-expect: CWE-798

export function gitTag(version) {
  execSync('git tag -a v' + version + ' -m "release ' + version + '"'); // hookagent-expect: CWE-78
}

export function gitTagSafe(version) {
  spawn('git', ['tag', '-a', `v${version}`, '-m', `release ${version}`], { stdio: 'inherit' });
}

export function runScript(script) {
  return spawn(script, { shell: true }); // hookagent-expect: CWE-78
}

export function checksum(file) {
  return createHash('sha1').update(fs.readFileSync(file)).digest('hex'); // hookagent-expect: CWE-328
}

export function buildId() {
  return randomUUID();
}

export function verifyRelease(token) {
  return jwt.verify(token, SIGNING_SECRET, { algorithms: ['HS256', 'none'] }); // hookagent-expect: CWE-347
}

export function publish(body) {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // hookagent-expect: CWE-295
  const req = https.request({ host: 'registry.example.com', method: 'PUT' });
  req.end(body);
}

export function writeManifest(file, data) {
  fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o666 }); // hookagent-expect: CWE-732
}

export function writeManifestSafe(file, data) {
  fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o644 });
}

export function pattern(input) {
  return new RegExp(input); // hookagent-expect: CWE-1333
}

export function legacyBuffer(size) {
  return new Buffer(size); // hookagent-expect: CWE-665
}
