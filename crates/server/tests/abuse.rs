//! The server under abuse: cross-site writes, actors claimed in bodies, oversized requests, a
//! busy store, slow and idle connections, and too many of them.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chokepoint_model::{Entity, Prop, Schema};
use chokepoint_server::{
    router, serve_connections, Actor, AlertBook, BookError, Catalog, ConnectionLimits,
    ServerConfig, StatusChange,
};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Alerts in memory; `busy` makes every write fail as a locked store does.
struct Book {
    alerts: Mutex<Vec<(Value, Vec<Value>)>>,
    busy: bool,
}

impl AlertBook for Book {
    fn list(&self, limit: usize, _status: Option<&str>) -> Result<Vec<Value>, BookError> {
        let g = self
            .alerts
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        Ok(g.iter().map(|(a, _)| a.clone()).take(limit).collect())
    }
    fn set_status(&self, c: StatusChange<'_>) -> Result<Option<Value>, BookError> {
        if self.busy {
            return Err(BookError::Busy { waited_ms: 5000 });
        }
        let mut g = self
            .alerts
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        let Some((a, h)) = g.iter_mut().find(|(a, _)| a["id"] == c.id) else {
            return Ok(None);
        };
        h.push(json!({"to": c.status, "note": c.note, "actor": c.actor}));
        a["status"] = json!(c.status);
        Ok(Some(a.clone()))
    }
    fn history(&self, id: &str) -> Result<Vec<Value>, BookError> {
        let g = self
            .alerts
            .lock()
            .map_err(|e| BookError::Failed(e.to_string()))?;
        Ok(g.iter()
            .find(|(a, _)| a["id"] == id)
            .map(|(_, h)| h.clone())
            .unwrap_or_default())
    }
    fn network(&self) -> Option<Value> {
        None
    }
    fn synthetic(&self) -> bool {
        false
    }
}

fn entities() -> Vec<Entity> {
    (0..50)
        .map(|i| {
            let mut e = Entity::from_record(
                Schema::Organization,
                "ofac-sdn",
                &format!("{i}"),
                Some("2024-05-03"),
            );
            e.add(
                Prop::Name,
                &format!("JOINT STOCK COMPANY NUMBER {i} ROSTEC"),
            );
            e.add(Prop::Country, "ru");
            e
        })
        .collect()
}

fn app_with(keys: &[&str], busy: bool, config: ServerConfig) -> axum::Router {
    let book = Arc::new(Book {
        alerts: Mutex::new(vec![(
            json!({"id": "a1", "subject": "X LLC", "score": 0.9, "parts": [], "evidence": [], "status": "open"}),
            vec![],
        )]),
        busy,
    });
    let catalog = Arc::new(Catalog::new(entities(), &HashMap::new()).with_alerts(book));
    router(
        catalog,
        ServerConfig {
            api_keys: keys.iter().map(|k| k.to_string()).collect(),
            ..config
        },
    )
}

fn app(keys: &[&str]) -> axum::Router {
    app_with(keys, false, ServerConfig::default())
}

async fn send(app: axum::Router, req: Request<Body>) -> (StatusCode, Value, String) {
    let resp = app.oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).to_string();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

fn status_post(headers: &[(&str, &str)], body: &str) -> Request<Body> {
    let mut r = Request::builder()
        .method("POST")
        .uri("/alerts/a1/status")
        .header("host", "127.0.0.1:8000");
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

async fn alert_status(app: axum::Router) -> Value {
    let req = Request::builder()
        .uri("/alerts")
        .body(Body::empty())
        .unwrap();
    send(app, req).await.1["alerts"][0]["status"].clone()
}

#[tokio::test]
async fn a_cross_site_form_or_text_post_cannot_change_an_alert() {
    let app = app(&[]);
    let dismiss = r#"{"status":"dismissed","note":"x"}"#;
    // What a page on another site can send without a preflight: text/plain, a form.
    for headers in [
        vec![
            ("origin", "http://evil.example"),
            ("content-type", "text/plain"),
        ],
        vec![
            ("origin", "http://evil.example"),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        vec![("content-type", "text/plain")],
        vec![
            ("sec-fetch-site", "cross-site"),
            ("content-type", "application/json"),
        ],
        vec![
            ("origin", "http://evil.example"),
            ("content-type", "application/json"),
        ],
    ] {
        let (s, v, _) = send(app.clone(), status_post(&headers, dismiss)).await;
        assert!(
            s == StatusCode::FORBIDDEN || s == StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{headers:?}: {s} {v}"
        );
        assert!(v["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    assert_eq!(alert_status(app.clone()).await, "open");
    // The server's own page (same origin, JSON) may.
    let (s, v, _) = send(
        app.clone(),
        status_post(
            &[
                ("origin", "http://127.0.0.1:8000"),
                ("content-type", "application/json"),
            ],
            dismiss,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(alert_status(app).await, "dismissed");
}

#[tokio::test]
async fn the_audit_actor_is_the_key_holder_never_what_the_body_claims() {
    let app = app(&["alice:k-alice", "k-second"]);
    let body = r#"{"status":"confirmed","note":"seen","actor":"mallory"}"#;
    let (s, v, _) = send(
        app.clone(),
        status_post(
            &[
                ("content-type", "application/json"),
                ("authorization", "ApiKey k-alice"),
            ],
            body,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let hist = |key: &'static str| {
        Request::builder()
            .uri("/alerts/a1/history")
            .header("authorization", format!("ApiKey {key}"))
            .body(Body::empty())
            .unwrap()
    };
    let (_, v, _) = send(app.clone(), hist("k-alice")).await;
    assert_eq!(v["history"][0]["actor"], "alice");
    let (s, _, _) = send(
        app.clone(),
        status_post(
            &[
                ("content-type", "application/json"),
                ("authorization", "Bearer k-second"),
            ],
            body,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (_, v, _) = send(app, hist("k-second")).await;
    assert_eq!(v["history"][1]["actor"], "key 2");
    // Without keys the actor says so, whatever the body claims.
    let open = self::app(&[]);
    send(
        open.clone(),
        status_post(&[("content-type", "application/json")], body),
    )
    .await;
    let req = Request::builder()
        .uri("/alerts/a1/history")
        .body(Body::empty())
        .unwrap();
    let (_, v, _) = send(open, req).await;
    assert_eq!(v["history"][0]["actor"], Actor::UNAUTHENTICATED);
}

#[tokio::test]
async fn with_keys_the_ui_page_loads_and_url_keys_are_decoded() {
    let app = app(&["ops:a+b/c=d"]);
    for path in ["/", "/ui"] {
        let req = Request::builder().uri(path).body(Body::empty()).unwrap();
        let (s, _, text) = send(app.clone(), req).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(text.contains("<title>Chokepoint</title>"));
    }
    let req = |uri: &str| Request::builder().uri(uri).body(Body::empty()).unwrap();
    let (s, _, _) = send(app.clone(), req("/catalog")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = send(app.clone(), req("/catalog?api_key=a%2Bb%2Fc%3Dd")).await;
    assert_eq!(s, StatusCode::OK);
    // A literal '+' in a query string is a space: not the key.
    let (s, _, _) = send(app, req("/catalog?api_key=a+b/c=d")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_request_for_too_many_results_is_refused_before_any_work() {
    let app = app(&[]);
    let queries: serde_json::Map<String, Value> = (0..100)
        .map(|i| {
            (
                format!("q{i}"),
                json!({"schema": "Company", "properties": {"name": [format!("ROSTEC {i}")]}}),
            )
        })
        .collect();
    let req = Request::builder()
        .method("POST")
        .uri("/match/default?limit=500&cutoff=0")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "queries": queries }).to_string()))
        .unwrap();
    let t = Instant::now();
    let (s, v, _) = send(app.clone(), req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("50000"), "{v}");
    assert!(t.elapsed() < Duration::from_secs(5));
    // The same batch within the bound is answered.
    let req = Request::builder()
        .method("POST")
        .uri("/match/default?limit=50&cutoff=0")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "queries": queries }).to_string()))
        .unwrap();
    let (s, v, _) = send(app, req).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["responses"].as_object().unwrap().len(), 100);
}

#[tokio::test]
async fn a_busy_store_is_a_503_with_a_plain_reason_never_a_500() {
    let app = app_with(&[], true, ServerConfig::default());
    let (s, v, _) = send(
        app,
        status_post(
            &[("content-type", "application/json")],
            r#"{"status":"dismissed"}"#,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert!(v["detail"].as_str().unwrap().contains("busy"), "{v}");
}

/// Starts the real connection loop on an ephemeral loopback port.
async fn listen(
    limits: ConnectionLimits,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = std::sync::Arc::new(std::sync::RwLock::new(app(&[])));
    tokio::spawn(async move {
        let _ = serve_connections(listener, app, limits, async {
            let _ = rx.await;
        })
        .await;
    });
    (addr, tx)
}

/// Seconds until the server closes `stream` (reads until EOF or a reset), at most `limit`.
fn closed_after(mut stream: std::net::TcpStream, limit: Duration) -> Option<Duration> {
    stream.set_read_timeout(Some(limit)).unwrap();
    let t = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Some(t.elapsed()),
            Ok(_) => continue,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return None
            }
            Err(_) => return Some(t.elapsed()),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_idle_and_surplus_connections_are_dropped() {
    let limits = ConnectionLimits {
        header_timeout: Duration::from_millis(400),
        max_connections: 4,
    };
    let (addr, stop) = listen(limits).await;
    let checks = tokio::task::spawn_blocking(move || {
        // A header sent a byte at a time, never finished.
        let mut slow = std::net::TcpStream::connect(addr).unwrap();
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHo").unwrap();
        let slow_closed = closed_after(slow, Duration::from_secs(5));
        // A connection that says nothing at all.
        let silent = std::net::TcpStream::connect(addr).unwrap();
        let silent_closed = closed_after(silent, Duration::from_secs(5));
        // A keep-alive connection that is answered, then stays idle.
        let mut idle = std::net::TcpStream::connect(addr).unwrap();
        idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let idle_closed = closed_after(idle, Duration::from_secs(5));
        // Four connections held open; the fifth is closed at once.
        let held: Vec<_> = (0..4)
            .map(|_| std::net::TcpStream::connect(addr).unwrap())
            .collect();
        std::thread::sleep(Duration::from_millis(100));
        let surplus = std::net::TcpStream::connect(addr).unwrap();
        let surplus_closed = closed_after(surplus, Duration::from_secs(5));
        drop(held);
        (slow_closed, silent_closed, idle_closed, surplus_closed)
    })
    .await
    .unwrap();
    let _ = stop.send(());
    let (slow, silent, idle, surplus) = checks;
    for (what, t) in [
        ("slow header", slow),
        ("silent", silent),
        ("idle keep-alive", idle),
    ] {
        let t = t.unwrap_or_else(|| panic!("{what} connection was never closed"));
        assert!(t < Duration::from_secs(3), "{what}: closed after {t:?}");
    }
    let t = surplus.expect("the surplus connection was not closed");
    assert!(t < Duration::from_millis(350), "surplus closed after {t:?}");
}
