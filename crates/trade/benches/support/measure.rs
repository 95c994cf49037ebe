//! Process measurements shared by the trade crate's benchmarks (`benches/trade-import.rs`,
//! `examples/parquet_bench.rs`): peak memory and CPU time from `/proc`.

/// Peak resident memory of this process (VmHWM from `/proc/self/status`), as the kernel
/// prints it, or `n/a`.
pub fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "n/a".into())
}

/// CPU seconds (user + system) used by this process so far.
pub fn cpu_seconds() -> f64 {
    stat_cpu_seconds("/proc/self/stat")
}

/// CPU seconds (user + system) used by the calling thread so far.
#[allow(dead_code)]
pub fn thread_cpu_seconds() -> f64 {
    stat_cpu_seconds("/proc/thread-self/stat")
}

/// utime + stime of a `/proc/.../stat` file, in seconds.
fn stat_cpu_seconds(path: &str) -> f64 {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // Fields after the command: state is not numeric, so utime and stime are at 10 and 11.
    (f.get(10).copied().unwrap_or(0.0) + f.get(11).copied().unwrap_or(0.0)) / 100.0
}

/// Seconds the calling thread has spent waiting for a core while runnable (the second field
/// of `/proc/thread-self/schedstat`), or 0 where the kernel does not report it.
#[allow(dead_code)]
pub fn thread_runqueue_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}
