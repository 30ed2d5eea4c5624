use rand::Rng;
use sqlx::PgPool;

pub async fn find_user(pool: &PgPool, name: &str) -> sqlx::Result<Option<(i64,)>> {
    let q = format!("SELECT id FROM users WHERE name = '{}'", name); // hookagent-expect: CWE-89
    sqlx::query_as(&q).fetch_optional(pool).await
}

pub async fn find_user_safe(pool: &PgPool, name: &str) -> sqlx::Result<Option<(i64,)>> {
    sqlx::query_as("SELECT id FROM users WHERE name = $1").bind(name).fetch_optional(pool).await
}

pub async fn delete_user(pool: &PgPool, id: &str) -> sqlx::Result<()> {
    sqlx::query(&format!("DELETE FROM users WHERE id = {}", id)).execute(pool).await?; // hookagent-expect: CWE-89
    Ok(())
}

pub fn invite_code() -> u32 {
    let mut rng = rand::thread_rng();
    rng.gen_range(100_000..1_000_000)
}

pub fn jitter_ms() -> u64 {
    fastrand::u64(0..250)
}

pub fn reset_token() -> String {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed); // hookagent-expect: CWE-338
    format!("{:016x}", rng.gen::<u64>())
}
