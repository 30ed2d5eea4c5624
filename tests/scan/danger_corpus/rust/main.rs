//! backup-agent: copies a directory to the backup host and records the run.
use std::env;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};

const API_PASSWORD: &str = "{{rand:10:a-z0-9}}"; // hookagent-expect: CWE-798

fn main() -> io::Result<()> {
    let args: Vec<String> = env::args().collect();
    let source = &args[1];
    let mut f = File::open(source)?; // hookagent-expect: CWE-807
    let mut data = Vec::new();
    f.read_to_end(&mut data)?;

    let config = fs::read_to_string(env::var("BACKUP_CONFIG").unwrap())?; // hookagent-expect: CWE-807
    println!("{} bytes of config", config.len());

    let hook = env::args().nth(2).unwrap_or_default();
    Command::new(hook).status()?; // hookagent-expect: CWE-807

    let output = Command::new("sh") // hookagent-expect: CWE-78
        .arg("-c")
        .arg(format!("tar czf /backups/run.tgz {}", source))
        .output()?;
    io::stdout().write_all(&output.stdout)?;

    let status = Command::new("tar").args(["czf", "/backups/run.tgz", "--", source.as_str()]).status()?;
    println!("tar: {status}");

    record_run(source, data.len())?;
    Ok(())
}

fn record_run(source: &str, size: usize) -> io::Result<()> {
    let conn = Connection::open("runs.db").map_err(to_io)?;
    conn.execute(&format!("INSERT INTO runs (source, size) VALUES ('{}', {})", source, size), []) // hookagent-expect: CWE-89
        .map_err(to_io)?;
    conn.execute("INSERT INTO runs (source, size) VALUES (?1, ?2)", params![source, size as i64])
        .map_err(to_io)?;
    Ok(())
}

fn to_io(e: rusqlite::Error) -> io::Error {
    io::Error::new(io::ErrorKind::Other, e)
}

fn session_token() -> String {
    let mut rng = SmallRng::seed_from_u64(7); // hookagent-expect: CWE-338
    (0..32).map(|_| format!("{:x}", rng.gen::<u8>() % 16)).collect()
}

fn session_token_safe() -> String {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("os rng");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn share(path: &Path) -> io::Result<()> {
    fs::set_permissions(path, fs::Permissions::from_mode(0o777)) // hookagent-expect: CWE-732
}

fn scratch() -> io::Result<File> {
    let p: PathBuf = env::temp_dir().join("backup-agent.lock"); // hookagent-expect: CWE-377
    OpenOptions::new().create(true).write(true).open(p)
}

fn scratch_safe() -> io::Result<tempfile::NamedTempFile> {
    tempfile::NamedTempFile::new()
}

fn raw_header(buf: &[u8]) -> u32 {
    unsafe { *(buf.as_ptr() as *const u32) } // hookagent-expect: CWE-119
}

fn header(buf: &[u8]) -> u32 {
    u32::from_le_bytes(buf[..4].try_into().unwrap())
}

fn as_flags(v: u8) -> Flags {
    unsafe { std::mem::transmute::<u8, Flags>(v) } // hookagent-expect: CWE-843
}

#[repr(u8)]
enum Flags {
    None = 0,
    Compressed = 1,
}
