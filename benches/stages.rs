//! Where BLEU's time goes, stage by stage, on one core: what limits throughput.
//!
//!     cargo bench --bench stages -- DIR    # DIR: references/*.txt and systems/*.txt
//!
//! `benches/scale.sh` builds such folders (e.g. /tmp/mtmeter-scale/1000000: 1M segments,
//! 2 references, 2 systems). Each stage runs alone on one thread and prints its time and the
//! segments per second it alone would allow; the last line is the whole `score -m bleu` path
//! (loading included), so the gap between the stages' sum and it is the scoring loop's own
//! overhead.

use std::path::{Path, PathBuf};
use std::time::Instant;

use mtmeter::corpus::{LoadOptions, Loader, TextFiles, read_text_file};
use mtmeter::metrics::{Bleu, BleuConfig};
use mtmeter::tokenize::Tokenizer13a;

/// CPU time of the whole process, user and system (Linux: `/proc/self/stat`, in the kernel's
/// 1/100 s ticks), so that the figures hold on a busy machine; `None` elsewhere (wall time
/// is printed then).
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces): state is field 3, utime 14.
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// A stage's start: wall clock and CPU time.
struct Start(Instant, Option<f64>);

fn start() -> Start {
    Start(Instant::now(), cpu_seconds())
}

fn files(dir: &Path, sub: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
        .unwrap_or_else(|e| panic!("{}/{sub}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    v.sort();
    v
}

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench stages -- DIR (references/ and systems/ inside)");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    let (refs, systems) = (files(&dir, "references"), files(&dir, "systems"));
    let all: Vec<&PathBuf> = refs.iter().chain(&systems).collect();
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .expect("one thread");
    let opts = LoadOptions::default();
    let mut warnings = Vec::new();
    // Once untimed, so that every stage reads from the page cache.
    let texts: Vec<_> = all
        .iter()
        .map(|p| read_text_file(p, "x", &opts, &mut warnings).expect("readable"))
        .collect();
    let n = texts[0].len();
    let bytes: usize = all
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len() as usize))
        .sum();
    println!(
        "{n} segments, {} references + {} systems, {:.0} MB",
        refs.len(),
        systems.len(),
        bytes as f64 / 1e6
    );
    println!(
        "{:<44} {:>9} {:>9} {:>14}",
        "stage (one thread)", "wall s", "CPU s", "segments/CPU s"
    );
    let report = |stage: &str, t: Start| {
        let wall = t.0.elapsed().as_secs_f64();
        let cpu = match (t.1, cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => wall,
        };
        println!(
            "{stage:<44} {wall:>9.3} {cpu:>9.3} {:>14.0}",
            n as f64 / cpu
        );
    };

    let t = start();
    let raw: Vec<Vec<u8>> = all
        .iter()
        .map(|p| std::fs::read(p).expect("readable"))
        .collect();
    report("read the files (std::fs::read)", t);
    drop(raw);

    let t = start();
    for p in &all {
        read_text_file(p, "x", &opts, &mut warnings).expect("readable");
    }
    report("read + validate UTF-8 + find lines", t);

    let t = start();
    let non_nfc: usize = texts.iter().map(|f| f.non_nfc_lines().0).sum();
    report(&format!("NFC check ({non_nfc} lines not NFC)"), t);

    let t = start();
    let mut tokens = 0usize;
    for f in &texts {
        for line in f.lines() {
            Tokenizer13a.for_each_token(line, |_| tokens += 1);
        }
    }
    report(&format!("13a tokens ({tokens})"), t);

    let bleu = Bleu::new(BleuConfig::default()).expect("default BLEU");
    let corpus = TextFiles {
        references: refs.clone(),
        systems: systems.clone(),
        source: None,
        warnings: Vec::new(),
    }
    .load(&opts)
    .expect("aligned corpus");
    let t = start();
    let stats = mtmeter::scoring::segment_stats(&bleu, &corpus);
    report("BLEU statistics (tokens, n-grams, clipping)", t);
    drop(stats);

    let t = start();
    let corpus = TextFiles {
        references: refs,
        systems,
        source: None,
        warnings: Vec::new(),
    }
    .load(&opts)
    .expect("aligned corpus");
    let spec = mtmeter::metrics::MetricSpec::from_name("bleu", &Default::default()).expect("bleu");
    let result = mtmeter::scoring::run_metric("bleu", &spec, &corpus, false);
    report("whole: load + score -m bleu", t);
    println!(
        "BLEU {:?}",
        result.systems.iter().map(|s| s.score).collect::<Vec<_>>()
    );
}
