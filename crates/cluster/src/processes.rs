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
    /// A work directory could not be made.
    #[error("cannot create the executor work directory {0}: {1}")]
    WorkDir(PathBuf, std::io::Error),
    /// A signal could not be sent.
    #[error("cannot send {0} to process {1}: {2}")]
    Signal(&'static str, u32, String),
}

/// A running loopback cluster.
pub struct LocalCluster {
    /// The scheduler process.
    pub scheduler: Child,
    /// The executor processes, in start order.
    pub executors: Vec<Child>,
    /// Each executor's work directory (its shuffle files), in start order.
    pub work_dirs: Vec<PathBuf>,
    /// The scheduler's URL for clients (`df://127.0.0.1:PORT`).
    pub url: String,
    /// The scheduler's port.
    pub port: u16,
    /// The folder holding the executors' work directories, removed on drop.
    root: PathBuf,
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
        let root =
            std::env::temp_dir().join(format!("chokepoint-cluster-{}-{port}", std::process::id()));
        let mut cluster = LocalCluster {
            scheduler,
            executors: Vec::new(),
            work_dirs: Vec::new(),
            url: format!("df://127.0.0.1:{port}"),
            port,
            root,
        };
        wait_listening("chokepoint-scheduler", port, 60)?;
        for _ in 0..executors {
            cluster.add_executor(bin_dir, slots, heartbeat)?;
        }
        // Registration follows the first heartbeat, sent when the executor starts.
        std::thread::sleep(Duration::from_millis(500));
        Ok(cluster)
    }

    /// Starts one more executor, with its own work directory ([`LocalCluster::work_dirs`]).
    pub fn add_executor(
        &mut self,
        bin_dir: &Path,
        slots: usize,
        heartbeat: u64,
    ) -> Result<(), ProcessError> {
        let flight = free_port()?;
        let grpc = free_port()?;
        let work = self.root.join(format!("executor-{}", self.executors.len()));
        std::fs::create_dir_all(&work).map_err(|e| ProcessError::WorkDir(work.clone(), e))?;
        let bin = bin_dir.join("chokepoint-executor");
        let child = Command::new(&bin)
            .args(["--work-dir", &work.display().to_string()])
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
        self.work_dirs.push(work);
        wait_listening("chokepoint-executor", flight, 60)
    }

    /// Freezes executor `i` (SIGSTOP): it holds its tasks and shuffle files but neither works
    /// nor heart-beats, as a machine that hangs.
    pub fn freeze(&self, i: usize) -> Result<(), ProcessError> {
        match self.executors.get(i) {
            Some(c) => signal(c.id(), "STOP"),
            None => Err(ProcessError::Signal("STOP", 0, format!("no executor {i}"))),
        }
    }

    /// Kills executor `i` (SIGKILL) and reaps it: its shuffle files become unreachable.
    pub fn kill(&mut self, i: usize) -> Result<(), ProcessError> {
        let Some(c) = self.executors.get_mut(i) else {
            return Err(ProcessError::Signal("KILL", 0, format!("no executor {i}")));
        };
        let pid = c.id();
        c.kill()
            .map_err(|e| ProcessError::Signal("KILL", pid, e.to_string()))?;
        c.wait()
            .map_err(|e| ProcessError::Signal("KILL", pid, e.to_string()))?;
        Ok(())
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
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Sends a signal by name (`STOP`, `CONT`, …) with the system's `kill` command.
fn signal(pid: u32, name: &'static str) -> Result<(), ProcessError> {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status()
        .map_err(|e| ProcessError::Signal(name, pid, e.to_string()))?;
    if status.success() {
        Ok(())
    } else {
        Err(ProcessError::Signal(name, pid, status.to_string()))
    }
}

/// The files under `dir` (recursively), for watching an executor's shuffle output appear.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Resets the peak resident memory (`VmHWM`) of a process to its current size (Linux:
/// `5` written to `/proc/PID/clear_refs`), so that a benchmark reads each run's own peak.
/// Returns whether the kernel took it.
pub fn reset_peak_rss(pid: u32) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// Peak resident memory (`VmHWM`) of a live process, in MiB, from `/proc`; `None` elsewhere.
pub fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
