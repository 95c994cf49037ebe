//! A loopback cluster of child processes (one `chokepoint-scheduler`, N `chokepoint-executor`)
//! on free ports of 127.0.0.1, for the tests, the benchmark and CI. Dropping it kills and reaps
//! every process it started, and only those.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Errors starting the processes.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// A binary could not be started.
    #[error("cannot start {0}: {1}")]
    Spawn(PathBuf, std::io::Error),
    /// No free port on 127.0.0.1.
    #[error("no free port on 127.0.0.1: {0}")]
    Port(std::io::Error),
    /// A process did not open its port in time.
    #[error("{0} did not listen on 127.0.0.1:{1} within {2} s")]
    Timeout(String, u16, u64),
}

/// A running loopback cluster.
pub struct LocalCluster {
    /// The scheduler process.
    pub scheduler: Child,
    /// The executor processes, in start order.
    pub executors: Vec<Child>,
    /// The scheduler's URL for clients (`df://127.0.0.1:PORT`).
    pub url: String,
    /// The scheduler's port.
    pub port: u16,
}

/// A port that was free a moment ago.
pub fn free_port() -> Result<u16, ProcessError> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(ProcessError::Port)?;
    let port = l.local_addr().map_err(ProcessError::Port)?.port();
    Ok(port)
}

fn wait_listening(what: &str, port: u16, secs: u64) -> Result<(), ProcessError> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(ProcessError::Timeout(what.to_string(), port, secs))
}

/// Where the sibling binaries are: beside the current executable (or one level up, for test
/// executables in `target/*/deps`).
pub fn bin_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    if dir.join("chokepoint-scheduler").exists() {
        dir
    } else {
        dir.parent().map(Path::to_path_buf).unwrap_or(dir)
    }
}

impl LocalCluster {
    /// Starts a scheduler and `executors` executors with `slots` task slots each, from the
    /// binaries in `bin_dir`; returns once every process listens. `heartbeat` is the executors'
    /// heartbeat interval and `executor_timeout` the scheduler's dead-executor timeout, in
    /// seconds.
    pub fn start(
        bin_dir: &Path,
        executors: usize,
        slots: usize,
        heartbeat: u64,
        executor_timeout: u64,
    ) -> Result<LocalCluster, ProcessError> {
        let port = free_port()?;
        let sched_bin = bin_dir.join("chokepoint-scheduler");
        let scheduler = Command::new(&sched_bin)
            .args(["--port", &port.to_string()])
            .args(["--executor-timeout", &executor_timeout.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| ProcessError::Spawn(sched_bin.clone(), e))?;
        let mut cluster = LocalCluster {
            scheduler,
            executors: Vec::new(),
            url: format!("df://127.0.0.1:{port}"),
            port,
        };
        wait_listening("chokepoint-scheduler", port, 60)?;
        for _ in 0..executors {
            cluster.add_executor(bin_dir, slots, heartbeat)?;
        }
        // Registration follows the first heartbeat, sent when the executor starts.
        std::thread::sleep(Duration::from_millis(500));
        Ok(cluster)
    }

    /// Starts one more executor.
    pub fn add_executor(
        &mut self,
        bin_dir: &Path,
        slots: usize,
        heartbeat: u64,
    ) -> Result<(), ProcessError> {
        let flight = free_port()?;
        let grpc = free_port()?;
        let bin = bin_dir.join("chokepoint-executor");
        let child = Command::new(&bin)
            .args(["--port", &flight.to_string()])
            .args(["--grpc-port", &grpc.to_string()])
            .args(["--scheduler-port", &self.port.to_string()])
            .args(["--concurrent-tasks", &slots.to_string()])
            .args(["--heartbeat", &heartbeat.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| ProcessError::Spawn(bin.clone(), e))?;
        self.executors.push(child);
        wait_listening("chokepoint-executor", flight, 60)
    }

    /// The process ids: the scheduler first, then the executors.
    pub fn pids(&self) -> Vec<u32> {
        std::iter::once(self.scheduler.id())
            .chain(self.executors.iter().map(Child::id))
            .collect()
    }
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        for c in self.executors.iter_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = self.scheduler.kill();
        let _ = self.scheduler.wait();
    }
}

/// Peak resident memory (`VmHWM`) of a live process, in MiB, from `/proc`; `None` elsewhere.
pub fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
