//! Load benchmark of `POST /match/default`: a server process on loopback and this process as
//! the client, bounded in requests and time.
//!
//! `cargo bench -p chokepoint-server --bench match_load` reads the real lists from
//! $CHOKEPOINT_SHARED_DATA (else ../shared/data), re-executes itself as the server child
//! (loopback, a free port), then sends yente-shaped single-query /match requests over
//! keep-alive connections from 2 client threads: names taken from the lists with a typo or a
//! reordering, plus made-up names that should not match. Prints requests/s and p50/p90/p99
//! latency. Bounded: at most `LOAD_REQUESTS` requests (default 20,000) or 60 s.

use chokepoint_lists::{open, plan};
use chokepoint_server::{router, Catalog, ServerConfig};
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
        let _ = axum::serve(listener, router(catalog, config)).await;
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
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
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
    let _ = child.kill();
    let _ = child.wait();
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
}
