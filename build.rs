//! Says, in `cargo test`'s normal output, when the shared test sets are missing: the
//! differential tests against sacreBLEU then pass without checking anything (each prints a note
//! that libtest hides), which a developer should know. Library users never see it: it is shown
//! for debug builds of this package only (`cargo test`, `cargo build`), not for `--release`
//! or `cargo install`.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=MTMETER_SHARED");
    println!("cargo:rerun-if-env-changed=MTMETER_REQUIRE_SHARED");
    let shared = std::env::var_os("MTMETER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default())
                .join("../shared")
        });
    let corpora = shared.join("corpora");
    // A missing path counts as changed, so the check runs again on every build until the
    // folder appears.
    println!("cargo:rerun-if-changed={}", corpora.display());
    let debug = std::env::var("PROFILE").is_ok_and(|p| p == "debug");
    if debug && !corpora.is_dir() {
        println!(
            "cargo:warning=no shared test sets at {}: the differential tests against sacreBLEU will pass without checking anything; set MTMETER_SHARED=/path/to/shared (the folder holding corpora/) to run them",
            corpora.display()
        );
    }
}
