use std::env;
use std::ffi::CString;
use std::fs;
use std::path::Path;
use std::process::Command;

use aes::cipher::{generic_array::GenericArray, BlockEncrypt, KeyInit};
use aes::Aes128;

pub fn load_profile() -> String {
    let path = env::args().nth(1).unwrap();
    fs::read_to_string(Path::new(&path)).unwrap() // hookagent-expect: CWE-807
}

pub fn load_profile_checked(base: &Path, name: &str) -> Option<String> {
    let candidate = base.join(name).canonicalize().ok()?;
    if !candidate.starts_with(base) {
        return None;
    }
    fs::read_to_string(candidate).ok()
}

pub fn run_windows(input: &str) {
    let _ = Command::new("cmd").arg("/C").arg(format!("type {}", input)).status(); // hookagent-expect: CWE-78
}

pub fn shell_out() {
    let cmd = CString::new(env::var("POST_HOOK").unwrap()).unwrap();
    unsafe {
        libc::system(cmd.as_ptr()); // hookagent-expect: CWE-78
    }
}

pub fn copy_bytes(src: &[u8], dst: &mut [u8]) {
    unsafe {
        std::ptr::copy_nonoverlapping(src.as_ptr(), dst.as_mut_ptr(), src.len()); // hookagent-expect: CWE-119
    }
}

pub fn encrypt_block(block: &mut [u8; 16]) {
    let key = GenericArray::from([0x2bu8; 16]);
    let cipher = Aes128::new(&key); // hookagent-expect: CWE-327
    cipher.encrypt_block(GenericArray::from_mut_slice(block));
}

pub fn port() -> u16 {
    env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8080)
}
