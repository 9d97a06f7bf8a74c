//! Shared helpers: where the real corpora and the goldens are.

use std::path::PathBuf;

/// Crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared folder with the real corpora: `$MTMETER_SHARED`, else `../shared`.
///
/// When it is missing, CI (`CI` or `MTMETER_REQUIRE_SHARED` set) fails the test with a message
/// saying how to point at the data. On a developer's fresh clone the test prints the same
/// message and returns `None`, so the rest of the suite still runs.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("MTMETER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    if dir.join("corpora").is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "the real test sets are not at {}/corpora: set MTMETER_SHARED=/path/to/shared (the folder holding corpora/) \
         to run the differential tests against sacreBLEU",
        dir.display()
    );
    if std::env::var_os("CI").is_some() || std::env::var_os("MTMETER_REQUIRE_SHARED").is_some() {
        panic!("{msg}");
    }
    eprintln!("NOTE: not run: {msg}");
    None
}

/// The six real test sets, by folder name.
pub const SETS: [&str; 6] = [
    "wmt22.de-fr",
    "wmt22.en-de",
    "wmt22.en-zh",
    "ted.sk-en",
    "wmt23.he-en",
    "wmt21bio.en-fr",
];

/// Path of a hand-made fixture in tests/data.
pub fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}
