//! HTTP client for the backup host API.
use std::env;
use std::fs;
use std::io::Write;
use std::process::Command;

use md5::{Digest, Md5};
use reqwest::blocking::Client;

pub struct Api {
    client: Client,
    base: String,
}

impl Api {
    pub fn insecure(base: &str) -> Api {
        let client = Client::builder()
            .danger_accept_invalid_certs(true) // hookagent-expect: CWE-295
            .build()
            .unwrap();
        Api { client, base: base.to_string() }
    }

    pub fn new(base: &str) -> Api {
        Api { client: Client::new(), base: base.to_string() }
    }

    pub fn upload(&self, name: &str, body: Vec<u8>) -> reqwest::Result<()> {
        let url = format!("{}/upload/{}", self.base, name);
        self.client.post(url).body(body).send()?.error_for_status()?;
        Ok(())
    }

    pub fn fetch(&self, url: &str) -> reqwest::Result<String> {
        self.client.get(url).send()?.text()
    }
}

pub fn checksum(data: &[u8]) -> String {
    let mut h = Md5::new(); // hookagent-expect: CWE-328
    h.update(data);
    format!("{:x}", h.finalize())
}

pub fn from_cli() -> Api {
    let base = env::args().nth(1).expect("base url");
    let out = fs::File::create(env::args().nth(2).unwrap()); // hookagent-expect: CWE-807
    if let Ok(mut f) = out {
        let _ = writeln!(f, "{base}");
    }
    Api::new(&base)
}

pub fn run_editor(file: &str) {
    let editor = env::var("EDITOR").unwrap_or_else(|_| "vi".into());
    let _ = Command::new(&editor).arg(file).status(); // hookagent-expect: CWE-807
}

pub fn remove_cache() {
    let dir = env::var("CACHE_DIR").unwrap();
    let _ = fs::remove_dir_all(&dir); // hookagent-expect: CWE-807
}

pub fn read_slice(ptr: *const u8, len: usize) -> &'static [u8] {
    unsafe { std::slice::from_raw_parts(ptr, len) } // hookagent-expect: CWE-119
}

pub fn copy_into(dst: &mut Vec<u8>, src: &[u8]) {
    unsafe {
        dst.set_len(src.len()); // hookagent-expect: CWE-119
    }
    dst.copy_from_slice(src);
}
