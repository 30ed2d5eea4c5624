//! Configuration loading and a small git helper: no marked lines (false-positive check).
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Deserialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Deserialize)]
pub struct Config {
    pub listen: String,
    pub data_dir: PathBuf,
    #[serde(default)]
    pub upstreams: BTreeMap<String, String>,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
}

fn default_timeout() -> u64 {
    30
}

impl Config {
    pub fn load(path: &Path) -> io::Result<Config> {
        let text = fs::read_to_string(path)?;
        toml::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs)
    }

    pub fn cache_path(&self, key: &str) -> PathBuf {
        let mut h = Sha256::new();
        h.update(key.as_bytes());
        self.data_dir.join("cache").join(format!("{:x}", h.finalize()))
    }
}

pub fn git_head(repo: &Path) -> io::Result<String> {
    let out = Command::new("git").arg("-C").arg(repo).args(["rev-parse", "HEAD"]).output()?;
    if !out.status.success() {
        return Err(io::Error::new(io::ErrorKind::Other, "git rev-parse failed"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn resolve_under(base: &Path, name: &str) -> Option<PathBuf> {
    let candidate = base.join(name).canonicalize().ok()?;
    candidate.starts_with(base.canonicalize().ok()?).then_some(candidate)
}

pub fn summarize(cfg: &Config) -> String {
    let mut out = format!("listen on {} with {} upstreams", cfg.listen, cfg.upstreams.len());
    for (name, url) in &cfg.upstreams {
        out.push_str(&format!("\n  {name}: {url}"));
    }
    out
}

pub fn select_upstream<'a>(cfg: &'a Config, name: &str) -> Option<&'a str> {
    cfg.upstreams.get(name).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_upstreams() {
        let cfg = Config {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("/tmp/x"),
            upstreams: BTreeMap::from([("a".to_string(), "http://a".to_string())]),
            timeout_secs: 5,
        };
        assert!(summarize(&cfg).contains("a: http://a"));
    }
}
