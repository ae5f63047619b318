//! Test harness: starts the real server on port 0 with a fresh database per test, on SQLite
//! always and on PostgreSQL when INTAKE_TEST_POSTGRES_URL is set (each a copy of one template
//! migrated once per process, which is fast and keeps tests isolated). Both are removed when the
//! test's `TestApp` is dropped, also when the test fails.

pub mod bench;
pub mod browser;
pub mod fixtures;
pub mod logs;
pub mod multipart;
pub mod postgres;
pub mod smtp;
pub mod sqlite;
pub mod staff;

use chrono::{DateTime, TimeZone, Utc};
use intake::clock::ManualClock;
use intake::config::{Config, RawSettings};
use intake::service::AppState;
use intake::startup::Application;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub state: Arc<AppState>,
    pub data_dir: PathBuf,
    pub backend: Backend,
    pub config: Config,
    _database: Option<postgres::TestDatabase>,
    _data_dir: DataDir,
}

/// The time every test starts at: a Monday in China.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 2, 0, 0).single().unwrap_or_default()
}

pub(crate) const DIR_PREFIX: &str = "intake-test-";

fn temp_dir() -> PathBuf {
    let mut random = [0u8; 8];
    let _ = getrandom_fill(&mut random);
    let dir = std::env::temp_dir().join(format!("{DIR_PREFIX}{}-{}", std::process::id(), hex(&random)));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A test's data directory, removed with this value: at the end of the test or while a failing
/// test unwinds.
struct DataDir(PathBuf);

impl Drop for DataDir {
    fn drop(&mut self) {
        remove_dir(&self.0);
    }
}

fn remove_dir(dir: &Path) {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            warn(&format!("cannot remove the test directory {}: {e}", dir.display()));
        }
        _ => {}
    }
}

/// Removes, once per process, the data directories of test processes that are no longer
/// running: runs that crashed or were killed never reached their own clean-up.
fn remove_abandoned_dirs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let pid = name
                .to_str()
                .and_then(|n| n.strip_prefix(DIR_PREFIX))
                .and_then(|rest| rest.split_once('-'))
                .and_then(|(pid, _)| pid.parse().ok());
            if pid.is_some_and(process_is_gone) {
                remove_dir(&entry.path());
            }
        }
    });
}

/// Whether no process with this id runs here. Without /proc nothing is known to be gone, so
/// nothing of another run is removed.
pub(crate) fn process_is_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// A clean-up failure: shown on stderr even for a passing test (its output is captured), and
/// never a panic, which would abort a test that is already unwinding.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "intake-tests: {message}");
}

fn getrandom_fill(buf: &mut [u8]) -> std::io::Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")?.read_exact(buf)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether PostgreSQL tests run here. In CI the URL is always set, and an unreachable server
/// fails the tests instead of skipping them.
pub fn postgres_configured() -> bool {
    std::env::var("INTAKE_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty())
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Starts the server with the test defaults changed by `adjust` (e.g. a rate limit).
#[allow(clippy::panic, reason = "a server that cannot start fails the test")]
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut RawSettings)) -> TestApp {
    logs::install();
    remove_abandoned_dirs();
    let data_dir = temp_dir();
    // Guards made before anything can fail: a server that does not start leaves nothing behind.
    let data_dir_guard = DataDir(data_dir.clone());
    let database = match backend {
        Backend::Sqlite => {
            if let Err(e) = sqlite::fresh_database(&data_dir) {
                panic!("no SQLite database for the test: {e}");
            }
            None
        }
        Backend::Postgres => Some(postgres::fresh_database().await),
    };
    let database_url = match &database {
        Some(database) => database.url.clone(),
        None => format!("sqlite://{}/intake.db?mode=rwc", data_dir.display()),
    };
    let mut raw = RawSettings {
        bind: "127.0.0.1:0".into(),
        database_url: Some(database_url),
        data_dir: data_dir.clone(),
        receipt_key: Some("test-receipt-key-0123456789abcdef0123456789".into()),
        jwt_secret: Some("test-jwt-secret-0123456789abcdef0123456789ab".into()),
        rate_limit_per_minute: 0,
        workers: Some(2),
        // Mail tests turn the delivery loop on with their own SMTP server.
        mail_url: Some("log:".into()),
        mail_worker: false,
        mail_poll_interval_ms: 25,
        // The tests run jobs themselves, at the times they set on the clock.
        jobs_tick_seconds: 86_400,
        ..RawSettings::default()
    };
    adjust(&mut raw);
    let config = match Config::check(raw) {
        Ok(config) => config,
        Err(e) => panic!("test settings are invalid: {e}"),
    };
    let clock = ManualClock::new(start_time());
    let app = match Application::build(config.clone(), Arc::new(clock.clone())).await {
        Ok(app) => app,
        Err(e) => panic!("the server did not start: {e}"),
    };
    let address = format!("http://127.0.0.1:{}", app.port());
    let state: Arc<AppState> = app.state().into_inner();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap_or_default();
    TestApp { address, client, clock, state, data_dir, backend, config, _database: database, _data_dir: data_dir_guard }
}

/// A complaint that passes every rule.
pub fn valid_complaint() -> Value {
    json!({
        "category": "wage_arrears",
        "region_code": "341102",
        "description": "站点拖欠了我两个月的配送费，一共三千五百元，站长一直说下个月发。",
        "platform": "美团",
        "employer": "琅琊区某配送站",
        "occurred_on": "2026-05-31",
        "amount_owed": "3500.00",
        "affected_workers": 3,
        "tags": ["migrant"],
        "contact": {"name": "王师傅", "phone": "+86 138-0013-8000", "email": "wang@example.com"},
        "language": "zh-CN",
        "consent": {"processing": true, "forwarding": true}
    })
}

pub fn anonymous_complaint() -> Value {
    let mut body = valid_complaint();
    if let Some(map) = body.as_object_mut() {
        map.remove("contact");
        map.insert("anonymous".into(), json!(true));
    }
    body
}

pub struct Response {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The codes of the field errors of a problem, as (field, code).
    pub fn field_errors(&self) -> Vec<(String, String)> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| {
                        (e["field"].as_str().unwrap_or("").to_owned(), e["code"].as_str().unwrap_or("").to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn read(response: reqwest::Response) -> Response {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Response { status, headers, body, text }
}

#[allow(clippy::panic, reason = "a request that gets no answer fails the test that sent it")]
impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        read(self.client.get(self.url(path)).send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"))).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(request.send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"))).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.post_json_with(path, body, &[]).await
    }

    pub async fn post_json_with(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> Response {
        self.post_raw(path, body.to_string().into_bytes(), "application/json", headers).await
    }

    pub async fn post_raw(&self, path: &str, body: Vec<u8>, content_type: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = self.client.post(self.url(path)).header("Content-Type", content_type).body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(request.send().await.unwrap_or_else(|e| panic!("POST {path}: {e}"))).await
    }

    pub async fn file(&self, body: &Value) -> Response {
        self.post_json("/api/v1/complaints", body).await
    }

    pub async fn track(&self, reference: &str, code: &str) -> Response {
        self.get_with(&format!("/api/v1/complaints/{reference}"), &[("X-Receipt-Code", code)]).await
    }

    /// How many complaints with this reference are stored, counted in the database itself.
    pub async fn stored_count(&self, reference: &str) -> u64 {
        use intake::store::entity::complaint;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        complaint::Entity::find()
            .filter(complaint::Column::Reference.eq(reference))
            .count(&self.state.db)
            .await
            .unwrap_or_else(|e| panic!("count: {e}"))
    }

    pub async fn total_complaints(&self) -> u64 {
        use intake::store::entity::complaint;
        use sea_orm::{EntityTrait, PaginatorTrait};
        complaint::Entity::find().count(&self.state.db).await.unwrap_or_else(|e| panic!("count: {e}"))
    }
}

/// Runs a test body once on SQLite and once on PostgreSQL: `db_test!(name, body_fn)`, where
/// `body_fn` is `async fn(Backend)`.
#[macro_export]
macro_rules! db_test {
    ($name:ident, super::$body:ident) => {
        $crate::db_test!($name, $body);
    };
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$body($crate::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if !$crate::postgres_configured() {
                    eprintln!("INTAKE_TEST_POSTGRES_URL is not set: the PostgreSQL run of this test is skipped here (CI sets it)");
                    return;
                }
                super::$body($crate::Backend::Postgres).await
            }
        }
    };
}
