//! Load benchmark of `POST /match/default`: a server process on loopback and this process as
//! the client, bounded in requests and time.
//!
//! `cargo bench -p chokepoint-server --bench match_load` reads the real lists from
//! $CHOKEPOINT_SHARED_DATA (else ../shared/data), re-executes itself as the server child
//! (loopback, a free port), then sends yente-shaped single-query /match requests over
//! keep-alive connections from 2 client threads: names taken from the lists with a typo or a
//! reordering, plus made-up names that should not match. Prints requests/s and p50/p90/p99
//! latency. Bounded: at most `LOAD_REQUESTS` requests (default 20,000) or 60 s.
//!
//! Then a mixed phase (`MIXED_SECS`, default 20 s): 2 heavy clients send the largest batch the
//! server accepts (100 queries × limit 50) back to back while 1 light client sends single names;
//! prints the light client's latency, the heavy batches answered and refused (503), and the
//! server's peak RSS; then 12 heavy batches at once (peak RSS again), and 50 connections that
//! send half a header (how long until the server drops them).

use chokepoint_lists::{open, plan};
use chokepoint_server::{serve_connections, shared_app, Catalog, ConnectionLimits, ServerConfig};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn data_dir() -> PathBuf {
    std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

fn list_files(data: &Path) -> Vec<PathBuf> {
    let aux = data.join("ofac/sdn_aux_2025-12");
    vec![
        data.join("ofac/sdn_2024-05/sdn.csv"),
        aux.join("add.csv"),
        aux.join("alt.csv"),
        aux.join("sdn_comments.csv"),
        data.join("ofac/nonsdn_2025-12/cons_prim.csv"),
        data.join("un/consolidated_2026-02.xml"),
        data.join("us_csl/consolidated_2022-05.csv.gz"),
        data.join("us_csl/dpl_2022-09.txt"),
    ]
    .into_iter()
    .filter(|p| p.is_file())
    .collect()
}

fn load_entities(data: &Path) -> Vec<chokepoint_model::Entity> {
    let mut out = Vec::new();
    let Ok(sources) = plan(&list_files(data), None) else {
        return out;
    };
    for s in sources {
        if let Ok(stream) = open(&s) {
            out.extend(stream.filter_map(Result::ok));
        }
    }
    out
}

fn serve_child(port: u16) {
    let data = data_dir();
    let entities = load_entities(&data);
    let catalog = Arc::new(Catalog::new(entities, &Default::default()));
    let config = ServerConfig {
        bind: SocketAddr::from(([127, 0, 0, 1], port)),
        ..ServerConfig::default()
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("runtime: {e}");
            return;
        }
    };
    rt.block_on(async move {
        let Ok(listener) = tokio::net::TcpListener::bind(config.bind).await else {
            return;
        };
        let limits = ConnectionLimits::from(&config);
        let app = shared_app(catalog, config);
        let _ = serve_connections(listener, app, limits, std::future::pending()).await;
    });
}

/// One keep-alive HTTP/1.1 client connection.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    fn new(port: u16) -> std::io::Result<Conn> {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(40)))?;
        Ok(Conn {
            reader: BufReader::new(s.try_clone()?),
            writer: s,
        })
    }

    fn post(&mut self, path: &str, body: &str) -> std::io::Result<u16> {
        write!(
            self.writer,
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )?;
        let mut status_line = String::new();
        self.reader.read_line(&mut status_line)?;
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut len = 0usize;
        loop {
            let mut h = String::new();
            self.reader.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut buf = vec![0u8; len];
        self.reader.read_exact(&mut buf)?;
        Ok(status)
    }
}

fn queries(entities: &[chokepoint_model::Entity], n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let fakes = [
        "Baltic Crane Logistics",
        "Sunrise Optical Instruments",
        "Alpine Dairy Cooperative",
        "Tashkent Textile Trading",
        "Mersin Citrus Export",
    ];
    for i in 0..n {
        let name = if i % 5 == 4 || entities.is_empty() {
            format!("{} {}", fakes[i % fakes.len()], next() % 1000)
        } else {
            let e = &entities[(next() as usize) % entities.len()];
            let mut words: Vec<String> =
                e.caption().split_whitespace().map(str::to_string).collect();
            if words.len() > 1 && next() % 2 == 0 {
                words.swap(0, 1);
            } else if let Some(w) = words.first_mut() {
                if w.len() > 4 {
                    w.remove(2);
                }
            }
            words.join(" ")
        };
        let schema = if i % 3 == 0 { "Person" } else { "LegalEntity" };
        out.push(serde_json::json!({"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}}).to_string());
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve-child") {
        if let Some(port) = args.get(2).and_then(|p| p.parse().ok()) {
            serve_child(port);
        }
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let data = data_dir();
    if list_files(&data).is_empty() {
        eprintln!(
            "no lists under {} (set CHOKEPOINT_SHARED_DATA)",
            data.display()
        );
        return;
    }
    let port = match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(a) => a.port(),
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let Ok(mut child) = std::process::Command::new(exe)
        .args(["--serve-child", &port.to_string()])
        .spawn()
    else {
        eprintln!("cannot start the server child");
        return;
    };
    let entities = load_entities(&data);
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if t0.elapsed() > Duration::from_secs(120) {
            eprintln!("the server did not start");
            let _ = child.kill();
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let startup = t0.elapsed();
    let total: usize = std::env::var("LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let threads = 2;
    let per = total / threads;
    let deadline = Instant::now() + Duration::from_secs(60);
    let bodies = Arc::new(queries(&entities, total));
    // Warm-up.
    if let Ok(mut c) = Conn::new(port) {
        for b in bodies.iter().take(200) {
            let _ = c.post("/match/default", b);
        }
    }
    let t = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|k| {
            let bodies = Arc::clone(&bodies);
            std::thread::spawn(move || {
                let mut lat = Vec::with_capacity(per);
                let mut errors = 0usize;
                let Ok(mut c) = Conn::new(port) else {
                    return (lat, per);
                };
                for b in bodies.iter().skip(k * per).take(per) {
                    if Instant::now() > deadline {
                        break;
                    }
                    let s = Instant::now();
                    match c.post("/match/default", b) {
                        Ok(200) => lat.push(s.elapsed()),
                        _ => errors += 1,
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut lat: Vec<Duration> = Vec::new();
    let mut errors = 0;
    for h in handles {
        if let Ok((l, e)) = h.join() {
            lat.extend(l);
            errors += e;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1e3)
            .unwrap_or(f64::NAN)
    };
    println!("| entities | requests | errors | seconds | requests/s | p50 ms | p90 ms | p99 ms | server start s |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {} | {errors} | {secs:.2} | {:.0} | {:.2} | {:.2} | {:.2} | {:.1} |",
        entities.len(),
        lat.len(),
        lat.len() as f64 / secs,
        pct(0.5),
        pct(0.9),
        pct(0.99),
        startup.as_secs_f64()
    );
    println!("\nclient: {threads} threads, keep-alive, one query per request; server: a separate process on 127.0.0.1 (2 cores shared)");
    let light: Vec<String> = bodies.iter().take(2_000).cloned().collect();
    mixed(port, child.id(), &entities, &light);
    let _ = child.kill();
    let _ = child.wait();
}

/// The server child's peak resident set (VmHWM) in MB, from /proc.
fn peak_rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// One heavy batch: 100 names, limit 50, cutoff 0 — the most results one request may ask for.
fn heavy_body(entities: &[chokepoint_model::Entity], salt: usize) -> String {
    let queries: serde_json::Map<String, serde_json::Value> = (0..100)
        .map(|i| {
            let name = entities
                .get((salt * 100 + i * 7919) % entities.len().max(1))
                .map(|e| e.caption().to_string())
                .unwrap_or_else(|| format!("NAME {i}"));
            (
                format!("q{i}"),
                serde_json::json!({"schema": "LegalEntity", "properties": {"name": [name]}}),
            )
        })
        .collect();
    serde_json::json!({ "queries": queries }).to_string()
}

/// The mixed phase: heavy batches and a light client at once, then a burst, then slow headers.
fn mixed(port: u16, pid: u32, entities: &[chokepoint_model::Entity], light: &[String]) {
    let secs: u64 = std::env::var("MIXED_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let stop = Instant::now() + Duration::from_secs(secs);
    let heavy: Vec<_> = (0..2)
        .map(|k| {
            let body = heavy_body(entities, k);
            std::thread::spawn(move || {
                let (mut ok, mut busy, mut other) = (0usize, 0usize, 0usize);
                let Ok(mut c) = Conn::new(port) else {
                    return (ok, busy, other);
                };
                while Instant::now() < stop {
                    match c.post("/match/default?limit=50&cutoff=0", &body) {
                        Ok(200) => ok += 1,
                        Ok(503) => busy += 1,
                        _ => {
                            other += 1;
                            match Conn::new(port) {
                                Ok(n) => c = n,
                                Err(_) => break,
                            }
                        }
                    }
                }
                (ok, busy, other)
            })
        })
        .collect();
    let mut lat = Vec::new();
    let mut light_errors = 0usize;
    if let Ok(mut c) = Conn::new(port) {
        for b in light.iter().cycle() {
            if Instant::now() >= stop {
                break;
            }
            let s = Instant::now();
            match c.post("/match/default", b) {
                Ok(200) => lat.push(s.elapsed()),
                _ => light_errors += 1,
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let (mut ok, mut busy, mut other) = (0, 0, 0);
    for h in heavy {
        if let Ok((a, b, c)) = h.join() {
            ok += a;
            busy += b;
            other += c;
        }
    }
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1e3)
            .unwrap_or(f64::NAN)
    };
    println!("\n### Mixed load: 2 heavy clients (100 queries × limit 50 per request) and 1 light client, {secs} s\n");
    println!("| light requests | light errors | light p50 ms | light p99 ms | light max ms | heavy answered | heavy refused 503 | heavy other | server peak RSS MB |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {light_errors} | {:.2} | {:.2} | {:.2} | {ok} | {busy} | {other} | {:.0} |",
        lat.len(),
        pct(0.5),
        pct(0.99),
        lat.last()
            .map(|d| d.as_secs_f64() * 1e3)
            .unwrap_or(f64::NAN),
        peak_rss_mb(pid)
    );
    // A burst: 12 of the largest accepted batches at once.
    let t = Instant::now();
    let burst: Vec<_> = (0..12)
        .map(|k| {
            let body = heavy_body(entities, k + 2);
            std::thread::spawn(move || {
                Conn::new(port)
                    .and_then(|mut c| c.post("/match/default?limit=50&cutoff=0", &body))
                    .unwrap_or(0)
            })
        })
        .collect();
    let codes: Vec<u16> = burst.into_iter().filter_map(|h| h.join().ok()).collect();
    let abusive = Conn::new(port)
        .and_then(|mut c| {
            c.post(
                "/match/default?limit=500&cutoff=0",
                &heavy_body(entities, 99),
            )
        })
        .unwrap_or(0);
    println!("\n### Burst: 12 batches of 100 × 50 at once, then one of 100 × 500\n");
    println!("| answered 200 | refused 503 | seconds | server peak RSS MB | 100 × 500 answered |");
    println!("|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {} | {:.1} | {:.0} | {abusive} |",
        codes.iter().filter(|&&c| c == 200).count(),
        codes.iter().filter(|&&c| c == 503).count(),
        t.elapsed().as_secs_f64(),
        peak_rss_mb(pid)
    );
    // Slow headers: 50 connections that send half a request header and wait.
    let t = Instant::now();
    let slow: Vec<_> = (0..50)
        .map(|_| {
            std::thread::spawn(move || {
                let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
                    return f64::NAN;
                };
                let _ =
                    s.write_all(b"POST /match/default HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le");
                let _ = s.set_read_timeout(Some(Duration::from_secs(60)));
                let mut buf = [0u8; 512];
                let start = Instant::now();
                loop {
                    match s.read(&mut buf) {
                        Ok(0) | Err(_) => return start.elapsed().as_secs_f64(),
                        Ok(_) => continue,
                    }
                }
            })
        })
        .collect();
    let mut closed: Vec<f64> = slow.into_iter().filter_map(|h| h.join().ok()).collect();
    closed.sort_by(f64::total_cmp);
    println!("\n### 50 slow-header connections\n");
    println!("| connections | dropped after (min s) | (max s) | wall s |");
    println!("|---:|---:|---:|---:|");
    println!(
        "| {} | {:.1} | {:.1} | {:.1} |",
        closed.len(),
        closed.first().copied().unwrap_or(f64::NAN),
        closed.last().copied().unwrap_or(f64::NAN),
        t.elapsed().as_secs_f64()
    );
}
