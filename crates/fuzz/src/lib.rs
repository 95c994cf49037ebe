//! A fuzzing harness on stable Rust over every reader of outside data: list formats, customs
//! records (CSV, JSON lines), column-mapping files, component records.
//!
//! It is a mutation fuzzer without coverage feedback: seed files (small hand-written ones in
//! `seeds/`, the repository's test fixtures, and the first kilobytes of the real files under
//! `CHOKEPOINT_SHARED_DATA` when present) are damaged by a stack of one to four mutations —
//! bytes flipped, ranges cut, repeated or spliced from another seed, tokens of the format
//! inserted (quotes, delimiters, XML markup, deep nesting, invalid UTF-8, long runs) — and read
//! to the end by the real reader. A reader may reject any input with an error; it may not
//! panic (in any thread), and one input may not take longer than [`HANG_AFTER`].
//!
//! [`run`] runs one target for a time budget and returns what it found; every input that once
//! failed is kept in `regressions/<target>/` and replayed first by [`replay`]. The test
//! `tests/fuzz.rs` runs every target for `CHOKEPOINT_FUZZ_SECS` seconds each (CI's budget); the
//! binary `chokepoint-fuzz` runs longer campaigns (see docs/fuzzing.md).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;
use std::time::{Duration, Instant};

mod targets;

pub use targets::{targets, Target};

/// One input taking longer than this counts as a hang.
pub const HANG_AFTER: Duration = Duration::from_secs(20);

/// SplitMix64: a small seeded generator, so a campaign with the same seed repeats itself.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Tokens every format gets inserted, beside the target's own dictionary.
const COMMON_TOKENS: &[&[u8]] = &[
    b"\"",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80",
    b"\\",
    b"-0-",
    b"NaN",
    b"99999999999999999999",
    b"-1",
    b"1e308",
    b"\t",
    b";",
    b",",
    b"|",
];

/// Damages `input` with a stack of one to four mutations, using `tokens` (the format's own
/// dictionary) and `other` (another seed to splice from).
pub fn mutate(input: &[u8], other: &[u8], tokens: &[&[u8]], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(11) {
            0 => out.truncate(at),
            1 => {
                if !out.is_empty() {
                    let i = rng.below(out.len());
                    out[i] ^= 1 << rng.below(8);
                }
            }
            2 => {
                let len = rng.below(64).min(out.len() - at);
                out.drain(at..at + len);
            }
            3 | 4 => {
                let t: &[u8] = if rng.below(2) == 0 && !tokens.is_empty() {
                    tokens[rng.below(tokens.len())]
                } else {
                    COMMON_TOKENS[rng.below(COMMON_TOKENS.len())]
                };
                out.splice(at..at, t.iter().copied()).for_each(drop);
            }
            5 => {
                // Repeat a chunk, sometimes many times (long lines, many records).
                let len = rng.below(200).min(out.len() - at);
                let chunk = out[at..at + len].to_vec();
                let times = if rng.below(8) == 0 {
                    1 + rng.below(2000)
                } else {
                    1
                };
                let to = rng.below(out.len() + 1);
                let rep: Vec<u8> = chunk.iter().copied().cycle().take(len * times).collect();
                out.splice(to..to, rep).for_each(drop);
            }
            6 => {
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let len = rng.below(400).min(other.len() - from);
                    out.splice(at..at, other[from..from + len].iter().copied())
                        .for_each(drop);
                }
            }
            7 => {
                // A long run of one byte (an endless field or line).
                let b = [b'A', b'"', b'<', b'\n', b',', 0x80][rng.below(6)];
                let n = 1 + if rng.below(4) == 0 {
                    rng.below(1 << 16)
                } else {
                    rng.below(256)
                };
                out.splice(at..at, std::iter::repeat_n(b, n)).for_each(drop);
            }
            8 => {
                // Deep nesting, for the XML readers (harmless text to the others).
                let depth = 1 + if rng.below(4) == 0 {
                    rng.below(200_000)
                } else {
                    rng.below(64)
                };
                let mut nest = Vec::with_capacity(depth * 3);
                for _ in 0..depth {
                    nest.extend_from_slice(b"<a>");
                }
                out.splice(at..at, nest).for_each(drop);
            }
            9 => {
                for _ in 0..1 + rng.below(8) {
                    if !out.is_empty() {
                        let i = rng.below(out.len());
                        out[i] = rng.next_u64() as u8;
                    }
                }
            }
            _ => {
                // Swap two lines (records out of order, a header moved).
                let lines: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
                if lines.len() > 2 {
                    let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
                    let mut l: Vec<Vec<u8>> = lines.iter().map(|s| s.to_vec()).collect();
                    l.swap(i, j);
                    out = l.join(&b'\n');
                }
            }
        }
        // Keep inputs bounded: a few MB at most.
        out.truncate(8 << 20);
    }
    out
}

static PANICKED: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// Records a panic in any thread (a reader's worker threads included) instead of printing it.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.store(true, Ordering::SeqCst);
            if std::env::var_os("CHOKEPOINT_FUZZ_VERBOSE").is_some() {
                previous(info);
            }
        }));
    });
}

/// What one input did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Read to the end (records or a clean error).
    Ok,
    /// A panic in some thread, with the message when the reader's own thread panicked.
    Panic(String),
    /// Took longer than [`HANG_AFTER`].
    Hang(Duration),
}

/// Runs one input through a target in a scratch directory; never panics itself.
pub fn exec(target: &Target, input: &[u8], scratch: &Path) -> Outcome {
    install_hook();
    PANICKED.store(false, Ordering::SeqCst);
    let t = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| (target.read)(input, scratch)));
    let took = t.elapsed();
    let panicked = PANICKED.swap(false, Ordering::SeqCst);
    match result {
        Err(p) => Outcome::Panic(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        ),
        Ok(_) if panicked => Outcome::Panic("a reader thread panicked".into()),
        Ok(_) if took > HANG_AFTER => Outcome::Hang(took),
        Ok(_) => Outcome::Ok,
    }
}

/// A failing input found by [`run`] or [`replay`], saved under `saved`.
#[derive(Debug, Clone)]
pub struct Finding {
    /// What went wrong.
    pub outcome: Outcome,
    /// Where the input was written.
    pub saved: PathBuf,
}

/// What one campaign over a target did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Inputs run.
    pub execs: u64,
    /// Wall time spent.
    pub elapsed: Duration,
    /// Seeds the campaign started from.
    pub seeds: usize,
    /// Failing inputs (empty when nothing was found).
    pub findings: Vec<Finding>,
}

/// The folder of inputs that once made `target` fail, replayed before every campaign.
pub fn regressions_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("regressions")
        .join(target)
}

/// Replays every saved regression input of `target`; returns the ones that fail again.
pub fn replay(target: &Target, scratch: &Path) -> Vec<Finding> {
    let dir = regressions_dir(target.name);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            match exec(target, &bytes, scratch) {
                Outcome::Ok => None,
                outcome => Some(Finding { outcome, saved: p }),
            }
        })
        .collect()
}

/// Fuzzes `target` for `budget` from `seed`; failing inputs are written to `out` (one file
/// each, named by target and a hash) for the regression corpus.
pub fn run(target: &Target, budget: Duration, seed: u64, scratch: &Path, out: &Path) -> Report {
    let seeds = (target.seeds)();
    let mut rng = Rng::new(seed);
    let mut report = Report {
        seeds: seeds.len(),
        ..Report::default()
    };
    if seeds.is_empty() {
        return report;
    }
    let t = Instant::now();
    // The input under test is also written here first: a reader that aborts the process (a
    // stack overflow) leaves it behind for the regression corpus.
    let _ = std::fs::create_dir_all(out);
    let last = out.join(format!("{}-last-input", target.name));
    while t.elapsed() < budget {
        let a = &seeds[rng.below(seeds.len())];
        let b = &seeds[rng.below(seeds.len())];
        let input = mutate(a, b, target.tokens, &mut rng);
        report.execs += 1;
        let _ = std::fs::write(&last, &input);
        let outcome = exec(target, &input, scratch);
        if outcome != Outcome::Ok {
            let _ = std::fs::create_dir_all(out);
            let name = format!("{}-{:016x}", target.name, fnv(&input));
            let saved = out.join(name);
            let _ = std::fs::write(&saved, &input);
            report.findings.push(Finding { outcome, saved });
            if report.findings.len() >= 5 {
                break;
            }
        }
    }
    let _ = std::fs::remove_file(&last);
    report.elapsed = t.elapsed();
    report
}

/// FNV-1a, to name saved inputs.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The shared data folder ($CHOKEPOINT_SHARED_DATA, else ../shared/data beside the checkout).
pub fn shared_data() -> PathBuf {
    std::env::var_os("CHOKEPOINT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_seeded_and_bounded() {
        let seed = b"a,b,c\n1,2,3\n4,5,6\n";
        let mut r1 = Rng::new(7);
        let mut r2 = Rng::new(7);
        for _ in 0..200 {
            let x = mutate(seed, seed, &[b"<x>"], &mut r1);
            let y = mutate(seed, seed, &[b"<x>"], &mut r2);
            assert_eq!(x, y);
            assert!(x.len() <= 8 << 20);
        }
    }

    #[test]
    fn a_panicking_reader_is_caught_and_reported() {
        let boom = Target {
            name: "boom",
            tokens: &[],
            seeds: || vec![b"x".to_vec()],
            read: |input, _| {
                if input.contains(&b'!') {
                    panic!("found !");
                }
            },
        };
        let dir = std::env::temp_dir();
        assert_eq!(exec(&boom, b"fine", &dir), Outcome::Ok);
        assert!(matches!(exec(&boom, b"bad!", &dir), Outcome::Panic(m) if m.contains("found")));
        let threaded = Target {
            name: "threaded",
            tokens: &[],
            seeds: || vec![b"x".to_vec()],
            read: |_, _| {
                let _ = std::thread::spawn(|| panic!("worker")).join();
            },
        };
        assert!(matches!(exec(&threaded, b"x", &dir), Outcome::Panic(_)));
    }
}
