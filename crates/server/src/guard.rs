//! What keeps one client from hurting the others or acting for a browser user: cross-site write
//! refusal, a deadline on every request, and a gate that lets large screening batches run one
//! (or a few) at a time while single-name queries go straight through.

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The other sites whose pages may call the API from a browser (the configured CORS origins,
/// [`crate::ServerConfig::cors_origins`]): they may send the read-only POSTs (`/match`,
/// `/reconcile`), never a write.
#[derive(Clone, Debug, Default)]
pub struct CrossSite {
    origins: Arc<Vec<String>>,
    any: bool,
}

impl CrossSite {
    /// The origins as configured (`https://app.example`, or `*` for any); empty: none.
    pub fn new(origins: &[String]) -> Self {
        let origins: Vec<String> = origins
            .iter()
            .map(|o| o.trim().trim_end_matches('/').to_ascii_lowercase())
            .filter(|o| !o.is_empty())
            .collect();
        CrossSite {
            any: origins.iter().any(|o| o == "*"),
            origins: Arc::new(origins),
        }
    }

    /// Whether a page of `origin` may call the API.
    pub fn allows(&self, origin: &str) -> bool {
        self.any
            || self
                .origins
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin.trim_end_matches('/')))
    }

    /// The configured origins (without `*`).
    pub fn origins(&self) -> Vec<String> {
        self.origins.iter().filter(|o| *o != "*").cloned().collect()
    }

    /// Whether any origin (`*`) is allowed.
    pub fn any(&self) -> bool {
        self.any
    }
}

/// POST routes that only read (screening and reconciliation): a page of an allowed CORS origin
/// may call them, and `/reconcile` takes OpenRefine's form body.
fn read_only_post(path: &str) -> bool {
    path.starts_with("/match/") || path.starts_with("/reconcile/")
}

/// Middleware: refuses state-changing requests that a browser could send from another site.
///
/// A request whose method may change state (anything but GET, HEAD, OPTIONS) is refused with
/// 403 when the browser says it comes from another site (`Sec-Fetch-Site: cross-site` or
/// `same-site`) or when its `Origin` is not this server's own host, and with 415 unless its
/// body is declared `application/json` — a cross-site HTML form or `text/plain` fetch can send
/// neither without the browser asking this server first (a CORS preflight). A request without a
/// body and without a content type passes this check. Server-to-server clients (yente's, and
/// OpenRefine's backend) send no `Origin` and pass. Two exceptions, both for routes that only
/// read ([`read_only_post`]: `/match`, `/reconcile`): a page of a configured CORS origin
/// ([`CrossSite`]) may call them, and `/reconcile` also takes a form body
/// (`application/x-www-form-urlencoded`, as the reconciliation API specifies). Writes
/// (`/alerts/…/status`, `/updatez`) are refused from every other site, allowed origins included.
pub async fn refuse_cross_site(
    State(cross): State<CrossSite>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if let Err(e) = check_same_site(req.headers(), req.uri().path(), &cross) {
        return e.into_response();
    }
    next.run(req).await
}

/// The checks of [`refuse_cross_site`] on one request's headers and path.
fn check_same_site(headers: &HeaderMap, path: &str, cross: &CrossSite) -> Result<(), ApiError> {
    let forbidden = |detail: String| ApiError {
        status: StatusCode::FORBIDDEN,
        detail,
    };
    let origin = headers
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("").to_string());
    let allowed_origin = read_only_post(path)
        && origin
            .as_deref()
            .is_some_and(|o| !o.is_empty() && cross.allows(o));
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if (site.eq_ignore_ascii_case("cross-site") || site.eq_ignore_ascii_case("same-site"))
            && !allowed_origin
        {
            return Err(forbidden(format!(
                "a write from another site is refused (Sec-Fetch-Site: {site}); \
                 use the API from its own page or from a server"
            )));
        }
    }
    if let Some(origin) = origin.as_deref().filter(|_| !allowed_origin) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let authority = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .unwrap_or("");
        if authority.is_empty() || host.is_empty() || !authority.eq_ignore_ascii_case(host) {
            return Err(forbidden(format!(
                "a write from origin `{origin}` is refused: only this server's own pages \
                 (http://{host}) may change its state"
            )));
        }
    }
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n > 0);
    if !has_body && !headers.contains_key(header::CONTENT_TYPE) {
        // Nothing to parse, so nothing a form could smuggle; the origin checks above still hold.
        return Ok(());
    }
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let form_ok = path.starts_with("/reconcile/") && mime == "application/x-www-form-urlencoded";
    if mime != "application/json" && !form_ok {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            detail: "send the request body as JSON with `Content-Type: application/json`".into(),
        });
    }
    Ok(())
}

/// Middleware state of [`deadline`]: how long one request may take.
#[derive(Clone, Copy)]
pub struct Deadline(pub Duration);

/// Middleware: answers 503 when a request (reading its body included) takes longer than the
/// deadline, so a client that announces a body and sends it a byte at a time is let go.
pub async fn deadline(State(limit): State<Deadline>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit.0, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => {
            let mut resp = ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                detail: format!(
                    "the request took longer than {} s and was stopped; send the body at once, \
                     or split a large batch",
                    limit.0.as_secs()
                ),
            }
            .into_response();
            resp.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
            resp
        }
    }
}

/// Screening work above this many candidate results (queries × limit) counts as heavy.
pub const LIGHT_WORK: usize = 200;

/// Admits screening work to the blocking thread pool: light work (a few names) runs at once;
/// heavy batches take one of a few permits, so they queue behind each other instead of taking
/// every core from the single-name queries.
#[derive(Clone)]
pub struct WorkGate {
    heavy: Arc<Semaphore>,
    wait: Duration,
    pool: Arc<HeavyPool>,
}

/// A job for the heavy pool.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// The threads that run heavy batches: as many as the gate has permits, each started at a
/// lower scheduling priority (nice +10 on Linux), so that when the cores are contended the
/// kernel gives them to single-name queries (on tokio's own blocking pool) first.
struct HeavyPool {
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Job>>,
}

impl HeavyPool {
    fn new(threads: usize) -> Self {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = Arc::new(std::sync::Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("heavy-batch-{i}"))
                .spawn(move || {
                    lower_this_threads_priority();
                    loop {
                        let job = match rx.lock() {
                            Ok(guard) => guard.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panicking job drops its answer channel (the request gets a 500)
                            // and the thread goes on with the next.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            Err(_) => return,
                        }
                    }
                });
            // Without its threads the pool's jobs are never answered; `run` then reports the
            // failure per request instead of the server failing to start.
            drop(spawned);
        }
        HeavyPool {
            jobs: std::sync::Mutex::new(tx),
        }
    }

    fn submit(&self, job: Job) -> bool {
        match self.jobs.lock() {
            Ok(tx) => tx.send(job).is_ok(),
            Err(_) => false,
        }
    }
}

/// Lowers the calling thread's scheduling priority (Linux: a thread's own nice value); elsewhere
/// nothing. Best effort: a refusal leaves the thread at normal priority.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority with PRIO_PROCESS and who = 0 changes only the calling thread's nice
    // value on Linux; it reads no memory of ours.
    unsafe {
        let _ = libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

impl WorkGate {
    /// A gate that runs at most `heavy_at_once` heavy batches together (at least one) and lets a
    /// heavy batch wait at most `wait` for its turn.
    pub fn new(heavy_at_once: usize, wait: Duration) -> Self {
        WorkGate {
            heavy: Arc::new(Semaphore::new(heavy_at_once.max(1))),
            wait,
            pool: Arc::new(HeavyPool::new(heavy_at_once.max(1))),
        }
    }

    /// One fewer heavy batch at once than the machine has cores (at least one), waiting up to
    /// `wait`: a core stays free for light queries.
    pub fn for_this_machine(wait: Duration) -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        WorkGate::new(cores.saturating_sub(1), wait)
    }

    /// Runs `f` once admitted; `work` is the number of candidate results the request may produce.
    /// Light work runs on tokio's blocking pool at normal priority; a heavy batch takes a permit
    /// (answered 503 if none comes in time) and runs on the gate's low-priority heavy threads.
    pub async fn run<T, F>(&self, work: usize, f: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _permit = if work > LIGHT_WORK {
            match tokio::time::timeout(self.wait, Arc::clone(&self.heavy).acquire_owned()).await {
                Ok(Ok(p)) => Some(p),
                _ => {
                    return Err(ApiError {
                        status: StatusCode::SERVICE_UNAVAILABLE,
                        detail: format!(
                            "the server is busy with other large batches and this one waited {} s; \
                             retry, or send smaller batches",
                            self.wait.as_secs()
                        ),
                    })
                }
            }
        } else {
            None
        };
        let failed = |why: &str| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            detail: format!("the screening task failed: {why}"),
        };
        if _permit.is_none() {
            return tokio::task::spawn_blocking(f)
                .await
                .map_err(|e| failed(&e.to_string()));
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
        });
        if !self.pool.submit(job) {
            return Err(failed("the heavy-batch threads are gone"));
        }
        rx.await.map_err(|_| failed("it panicked"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_site_json_passes_and_cross_site_or_form_is_refused() {
        let none = CrossSite::default();
        let ok = headers(&[
            ("host", "127.0.0.1:8000"),
            ("origin", "http://127.0.0.1:8000"),
            ("content-type", "application/json; charset=utf-8"),
            ("content-length", "2"),
        ]);
        assert!(check_same_site(&ok, "/alerts/1/status", &none).is_ok());
        let server_client = headers(&[("content-type", "application/json")]);
        assert!(check_same_site(&server_client, "/alerts/1/status", &none).is_ok());
        let other_origin = headers(&[
            ("host", "127.0.0.1:8000"),
            ("origin", "http://evil.example"),
            ("content-type", "application/json"),
        ]);
        assert_eq!(
            check_same_site(&other_origin, "/alerts/1/status", &none)
                .unwrap_err()
                .status,
            StatusCode::FORBIDDEN
        );
        let null_origin = headers(&[
            ("host", "127.0.0.1:8000"),
            ("origin", "null"),
            ("content-type", "application/json"),
        ]);
        assert_eq!(
            check_same_site(&null_origin, "/alerts/1/status", &none)
                .unwrap_err()
                .status,
            StatusCode::FORBIDDEN
        );
        let fetch_meta = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("content-type", "application/json"),
        ]);
        assert_eq!(
            check_same_site(&fetch_meta, "/alerts/1/status", &none)
                .unwrap_err()
                .status,
            StatusCode::FORBIDDEN
        );
        let text_plain = headers(&[("content-type", "text/plain"), ("content-length", "10")]);
        assert_eq!(
            check_same_site(&text_plain, "/alerts/1/status", &none)
                .unwrap_err()
                .status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
    }

    #[test]
    fn allowed_origins_may_read_never_write_and_reconcile_takes_forms() {
        let cross = CrossSite::new(&["https://app.example/".to_string()]);
        let from_app = headers(&[
            ("host", "127.0.0.1:8000"),
            ("origin", "https://app.example"),
            ("sec-fetch-site", "cross-site"),
            ("content-type", "application/json"),
        ]);
        assert!(check_same_site(&from_app, "/match/default", &cross).is_ok());
        assert_eq!(
            check_same_site(&from_app, "/alerts/1/status", &cross)
                .unwrap_err()
                .status,
            StatusCode::FORBIDDEN,
            "an allowed origin still may not write"
        );
        let from_other = headers(&[
            ("host", "127.0.0.1:8000"),
            ("origin", "https://evil.example"),
            ("content-type", "application/json"),
        ]);
        assert_eq!(
            check_same_site(&from_other, "/match/default", &cross)
                .unwrap_err()
                .status,
            StatusCode::FORBIDDEN
        );
        let form = headers(&[
            ("content-type", "application/x-www-form-urlencoded"),
            ("content-length", "20"),
        ]);
        assert!(check_same_site(&form, "/reconcile/default", &cross).is_ok());
        assert_eq!(
            check_same_site(&form, "/match/default", &cross)
                .unwrap_err()
                .status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        let form_from_other = headers(&[
            ("host", "127.0.0.1:8000"),
            ("origin", "https://evil.example"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        assert_eq!(
            check_same_site(&form_from_other, "/reconcile/default", &cross)
                .unwrap_err()
                .status,
            StatusCode::FORBIDDEN,
            "a form from another site's page is refused"
        );
        assert!(CrossSite::new(&["*".to_string()]).allows("https://any.example"));
        assert!(!CrossSite::default().allows("https://app.example"));
    }

    #[tokio::test]
    async fn a_second_heavy_batch_waits_for_the_first_and_light_work_does_not() {
        let gate = WorkGate::new(1, Duration::from_millis(50));
        let slow = gate.clone();
        let first = tokio::spawn(async move {
            slow.run(10_000, || std::thread::sleep(Duration::from_millis(400)))
                .await
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let light = gate.run(10, || 7).await;
        assert_eq!(light.ok(), Some(7));
        let second = gate.run(10_000, || ()).await;
        assert_eq!(second.unwrap_err().status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(first.await.is_ok());
        assert!(gate.run(10_000, || ()).await.is_ok());
    }

    #[tokio::test]
    async fn heavy_batches_run_on_the_low_priority_threads_and_survive_a_panic() {
        let gate = WorkGate::new(1, Duration::from_secs(5));
        let thread = || std::thread::current().name().map(str::to_string);
        let heavy = gate.run(10_000, thread).await.ok().flatten();
        assert_eq!(heavy.as_deref(), Some("heavy-batch-0"));
        let light = gate.run(10, thread).await.ok().flatten();
        assert_ne!(light.as_deref(), Some("heavy-batch-0"));
        #[cfg(target_os = "linux")]
        {
            // SAFETY: reads the calling thread's nice value.
            let nice = gate
                .run(10_000, || unsafe {
                    libc::getpriority(libc::PRIO_PROCESS, 0)
                })
                .await
                .ok();
            assert_eq!(nice, Some(10));
        }
        let err: Result<(), ApiError> = gate.run(10_000, || panic!("a bad batch")).await;
        assert_eq!(err.unwrap_err().status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(gate.run(10_000, || 3).await.ok(), Some(3));
    }
}
