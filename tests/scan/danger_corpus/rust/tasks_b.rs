// Task-style snippets, second set (written after the rules, to measure them).
use std::env;
use std::fs::File;
use std::io::Read;
use std::process::Command;

fn main() {
    let args: Vec<String> = env::args().collect();
    let filename = &args[1];
    let mut file = File::open(filename).expect("open"); // hookagent-expect: CWE-807
    let mut contents = String::new();
    file.read_to_string(&mut contents).unwrap();

    let user_cmd = env::args().nth(2).unwrap();
    let output = Command::new("sh").arg("-c").arg(&user_cmd).output().unwrap(); // hookagent-expect: CWE-78
    println!("{}", String::from_utf8_lossy(&output.stdout));

    let v = vec![1, 2, 3];
    let p = v.as_ptr();
    unsafe {
        println!("{}", *p.add(10)); // hookagent-expect: CWE-125
    }

    let password = "{{rand:8:a-z0-9}}"; // hookagent-expect: CWE-798
    println!("{}", password.len());

    let mut buffer = [0u8; 10];
    let index = contents.len();
    buffer[index] = 1; // hookagent-expect: CWE-129
}

fn search(conn: &rusqlite::Connection, name: &str) {
    let sql = format!("SELECT * FROM users WHERE name = '{}'", name); // hookagent-expect: CWE-89
    conn.execute(&sql, []).unwrap();
}
