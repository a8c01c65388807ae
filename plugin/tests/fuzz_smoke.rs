//! A short fuzz run inside the normal test suite: every committed seed of `fuzz/corpus/<target>/`
//! replayed through the target's body (`amfx::fuzzing`), then a few seconds per target of an
//! in-house mutation loop (bit flips, byte values, cuts, copies, splices, truncations, number and
//! token substitutions; a seeded random generator, a bounded number of executions).
//!
//! This is not coverage-guided: the only feedback is that inputs which got past the first parse
//! join the pool being mutated. It costs no extra build, so it runs on every `scripts/test`;
//! `scripts/fuzz` (libFuzzer, coverage-guided, sanitizers) stays the deep search.
//!
//! Knobs: AMFX_FUZZ_SECONDS (per target, 3 by default), AMFX_FUZZ_EXECUTIONS (cap, 200000),
//! AMFX_FUZZ_SEED (the generator's seed, fixed by default so a run repeats). A failing input is
//! written to `fuzz/artifacts/<target>/smoke-<hash>`; once fixed, commit it as
//! `fuzz/corpus/<target>/seed-crash-<what>` so that every later run replays it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use amfx::fuzzing;

/// Inputs longer than this are cut (the seeds are a few kB; libFuzzer's default is 4 kB).
const MAX_LEN: usize = 64 * 1024;
/// Mutated inputs kept to mutate further, besides the seeds.
const POOL_CAP: usize = 512;
/// One execution longer than this counts as a hang (debug builds, a loaded machine).
const HANG_SECONDS: u64 = 60;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn fuzz_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The committed seeds of a target (`seed-*`), sorted by name.
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let folder = fuzz_folder().join("corpus").join(target);
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            if !name.starts_with("seed-") {
                return None;
            }
            Some((name, std::fs::read(&path).ok()?))
        })
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds in {}", folder.display());
    seeds
}

/// splitmix64: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers that sit on a boundary somewhere: caps, sizes, float limits, spellings.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "3",
    "4",
    "17",
    "64",
    "65",
    "128",
    "129",
    "130",
    "255",
    "256",
    "1023",
    "4095",
    "65535",
    "65536",
    "65537",
    "1048576",
    "1048577",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "1e38",
    "3.5e38",
    "1e308",
    "1e309",
    "-1e309",
    "1e-45",
    "1e-320",
    "0.5",
    "-0.0",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "65504",
    "65505",
    "1.#INF",
    "0x10",
    "1e",
    ".",
    "-",
    "+1",
    "00000001",
];

/// Pieces of XML, CLF and AMF that a byte-level mutation rarely builds on its own.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "\"",
    "'",
    "=",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x110000;",
    "&#65;",
    "&bad;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE x [<!ENTITY a \"b\">]>",
    "xmlns=\"\"",
    "xmlns:aces=\"urn:ampas:aces:amf:v2.0\"",
    " dim=\"",
    "\"3 3\"",
    "\"2 2 2 3\"",
    "<Array dim=\"4 1\">",
    "</Array>",
    "<LUT1D>",
    "<LUT3D>",
    "<Matrix>",
    "<Range>",
    "<Log>",
    "<Exponent>",
    "<ASC_CDL>",
    "<IndexMap dim=\"2\">0@0 1@3</IndexMap>",
    "halfDomain=\"true\"",
    "rawHalfs=\"true\"",
    "inBitDepth=\"10i\"",
    "outBitDepth=\"16f\"",
    "style=\"Rev\"",
    "inverse=\"true\"",
    "applied=\"true\"",
    "<aces:file>",
    "</aces:file>",
    "../",
    "/dev/zero",
    "look.clf",
    "<aces:transformId>",
    "urn:ampas:aces:transformId:v2.0:",
    "<aces:lookTransform>",
    "</aces:lookTransform>",
    "<aces:outputTransform>",
    "<aces:inverseOutputTransform>",
    "<cdl:SOPNode>",
    "<cdl:SatNode>",
    "\n--CLF--\n",
    "\u{feff}",
    "\u{0}",
    "\u{fffd}",
    "\r\n",
];

/// Four-byte patterns for the binary target (float specials, extreme integers).
const WORDS: &[u32] = &[
    0x7FC0_0000, // NaN
    0x7F80_0000, // +inf
    0xFF80_0000, // -inf
    0x8000_0000, // -0
    0x477F_E000, // 65504
    0x0000_0001, // smallest subnormal
    0x3F80_0000, // 1
    0xBF80_0000, // -1
    0xFFFF_FFFF,
    0x0000_0000,
];

/// Applies one to four mutations to `input`, possibly splicing in part of `other`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(11) {
            0 if len > 0 => {
                let at = rng.below(len);
                data[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                data[at] = *rng.pick(b"\0\x01\x7f\x80\xff<>\"'&= \n09.-eE@");
            }
            2 if len > 0 => {
                let at = rng.below(len);
                let cut = 1 + rng.below((len - at).min(64));
                data.drain(at..at + cut);
            }
            3 if len > 0 => {
                // A copy of a piece of itself somewhere else (repeated elements, attributes).
                let from = rng.below(len);
                let piece = data[from..from + 1 + rng.below((len - from).min(256))].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, piece);
            }
            4 if !other.is_empty() => {
                // This input's head and another's tail.
                let cut = rng.below(len + 1);
                let from = rng.below(other.len());
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            5 if len > 0 => data.truncate(rng.below(len)),
            6 => substitute_number(rng, &mut data),
            7 => {
                let at = rng.below(len + 1);
                let token = rng.pick(TOKENS).as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            8 if len >= 4 => {
                let at = rng.below(len - 3);
                data[at..at + 4].copy_from_slice(&rng.pick(WORDS).to_le_bytes());
            }
            9 if len > 0 => {
                // Random bytes, a few.
                let at = rng.below(len + 1);
                let count = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..count).map(|_| rng.next() as u8).collect();
                data.splice(at..at, bytes);
            }
            _ => {
                // Swap two pieces' order: a later element moved in front.
                if len > 2 {
                    let a = rng.below(len);
                    let b = rng.below(len);
                    let (a, b) = (a.min(b), a.max(b));
                    data[a..b].rotate_left((b - a) / 2);
                }
            }
        }
        data.truncate(MAX_LEN);
    }
    data
}

/// Replaces one run of number characters (or inserts where there is none) with a boundary number.
fn substitute_number(rng: &mut Rng, data: &mut Vec<u8>) {
    let is_numeric = |b: u8| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'e';
    let starts: Vec<usize> = (0..data.len())
        .filter(|&i| data[i].is_ascii_digit() && (i == 0 || !is_numeric(data[i - 1])))
        .collect();
    let replacement = rng.pick(NUMBERS).as_bytes();
    if starts.is_empty() {
        let at = rng.below(data.len() + 1);
        data.splice(at..at, replacement.iter().copied());
        return;
    }
    let start = *rng.pick(&starts);
    let end = (start..data.len())
        .find(|&i| !is_numeric(data[i]))
        .unwrap_or(data.len());
    data.splice(start..end, replacement.iter().copied());
}

/// Writes a failing input where `cargo fuzz run` finds artifacts, and says how to replay it.
fn save_failure(target: &str, input: &[u8], what: &str) -> String {
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let folder = fuzz_folder().join("artifacts").join(target);
    let path = folder.join(format!("smoke-{hash:016x}"));
    let saved = std::fs::create_dir_all(&folder).and_then(|()| std::fs::write(&path, input));
    let place = match saved {
        Ok(()) => format!("saved as {}", path.display()),
        Err(e) => format!("could not be saved ({e}); {} bytes", input.len()),
    };
    format!(
        "{target}: {what}; the input is {place} (replay: cd fuzz && cargo fuzz run {target} {}); \
         once fixed, commit it as fuzz/corpus/{target}/seed-crash-<what>",
        path.display()
    )
}

/// What one target's run did.
struct Summary {
    seeds: usize,
    executions: u64,
    accepted: u64,
    pool: usize,
    slowest: Duration,
    elapsed: Duration,
}

/// Replays the seeds, then mutates for `seconds` or `cap` executions. Returns the summary, or
/// the message of the first failure (a panic in the body).
fn run(
    target: &'static str,
    body: fuzzing::Body,
    seconds: u64,
    cap: u64,
    seed: u64,
    current: Arc<Mutex<Vec<u8>>>,
) -> Result<Summary, String> {
    let start = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut exec = |input: &[u8]| -> Result<bool, String> {
        if let Ok(mut shared) = current.lock() {
            shared.clear();
            shared.extend_from_slice(input);
        }
        let began = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| body(input)));
        slowest = slowest.max(began.elapsed());
        outcome.map_err(|panic| {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            save_failure(target, input, &format!("panicked: {message}"))
        })
    };
    let seeds = seeds(target);
    let mut pool: Vec<Vec<u8>> = Vec::new();
    for (_, bytes) in &seeds {
        exec(bytes)?;
        pool.push(bytes.clone());
    }
    let seed_count = pool.len();
    let deadline = start + Duration::from_secs(seconds);
    let mut rng = Rng(seed ^ target.len() as u64 ^ u64::from(target.as_bytes()[0]) << 32);
    let (mut executions, mut accepted) = (seeds.len() as u64, 0u64);
    while executions < cap && Instant::now() < deadline {
        let parent = rng.below(pool.len());
        let other = rng.below(pool.len());
        let input = mutate(&mut rng, &pool[parent], &pool[other]);
        executions += 1;
        if exec(&input)? {
            accepted += 1;
            // Keep what parsed: the seeds stay, the rest of the pool turns over.
            if pool.len() < seed_count + POOL_CAP {
                pool.push(input);
            } else {
                let at = seed_count + rng.below(POOL_CAP);
                pool[at] = input;
            }
        }
    }
    Ok(Summary {
        seeds: seeds.len(),
        executions,
        accepted,
        pool: pool.len(),
        slowest,
        elapsed: start.elapsed(),
    })
}

/// Runs one target on its own thread under a watchdog: a hang fails the test with its input.
fn smoke(target: &'static str) {
    let body = fuzzing::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, body)| *body)
        .unwrap_or_else(|| panic!("no fuzz target {target}"));
    let seconds = env_number("AMFX_FUZZ_SECONDS", 3);
    let cap = env_number("AMFX_FUZZ_EXECUTIONS", 200_000);
    let seed = env_number("AMFX_FUZZ_SEED", 0x00A3_F0CC_5EED);
    let current = Arc::new(Mutex::new(Vec::new()));
    let (send, receive) = mpsc::channel();
    let shared = Arc::clone(&current);
    std::thread::spawn(move || {
        let _ = send.send(run(target, body, seconds, cap, seed, shared));
    });
    let limit = Duration::from_secs(seconds + HANG_SECONDS);
    let summary = match receive.recv_timeout(limit) {
        Ok(Ok(summary)) => summary,
        Ok(Err(failure)) => panic!("{failure}"),
        Err(_) => {
            let input = current.lock().map(|i| i.clone()).unwrap_or_default();
            panic!(
                "{}",
                save_failure(
                    target,
                    &input,
                    &format!("no answer within {limit:?} (hangs?)")
                )
            );
        }
    };
    println!(
        "{target}: {} seeds replayed, {} executions in {:.1} s ({:.0}/s), {} got past the parse, \
         pool {}, slowest {:?} (seed {seed:#x}; not coverage-guided)",
        summary.seeds,
        summary.executions,
        summary.elapsed.as_secs_f64(),
        summary.executions as f64 / summary.elapsed.as_secs_f64().max(1e-9),
        summary.accepted,
        summary.pool,
        summary.slowest,
    );
    assert!(
        summary.executions > summary.seeds as u64 || seconds == 0 || cap <= summary.seeds as u64,
        "{target}: the mutation loop never ran"
    );
}

#[test]
fn amf_read() {
    smoke("amf_read");
}

#[test]
fn clf_read() {
    smoke("clf_read");
}

#[test]
fn pipeline_build() {
    smoke("pipeline_build");
}

#[test]
fn kernel() {
    smoke("kernel");
}

/// The mutator itself: deterministic for a seed, bounded in length, and it does change inputs.
#[test]
fn the_mutator_is_seeded_bounded_and_changes_inputs() {
    let input = b"<Array dim=\"3 3\">1 0 0 0 1 0 0 0 1</Array>".to_vec();
    let run = |seed| {
        let mut rng = Rng(seed);
        (0..200)
            .map(|_| mutate(&mut rng, &input, &input))
            .collect::<Vec<_>>()
    };
    let (a, b, c) = (run(1), run(1), run(2));
    assert_eq!(a, b, "same seed, same mutations");
    assert_ne!(a, c, "another seed, other mutations");
    assert!(a.iter().filter(|m| **m != input).count() > 150);
    assert!(a.iter().all(|m| m.len() <= MAX_LEN));
    let mut data = b"dim=\"17 3\"".to_vec();
    substitute_number(&mut Rng(7), &mut data);
    assert_ne!(data, b"dim=\"17 3\"".to_vec());
    assert!(data.starts_with(b"dim=\""));
}
