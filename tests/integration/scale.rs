//! Scale: `analyze --segments` leaves out what a million segments need not carry.

use std::io::Write as _;

fn analyze_json(dir: &tempfile::TempDir, extra: &[&str]) -> serde_json::Value {
    let out = assert_cmd::Command::cargo_bin("mtmeter")
        .unwrap()
        .current_dir(dir.path())
        .args(["analyze", "ref.en", "-i", "a.en", "b.en", "-f", "json"])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn analyze_segments_counts_drops_labels_and_none_drops_segments() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("ref.en", "the houses are nice\nhe speaks fast\n"),
        ("a.en", "the house are nice\nfast he speaks\n"),
        ("b.en", "houses are nice\nhe talks fast\n"),
    ] {
        std::fs::File::create(dir.path().join(name))
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let all = analyze_json(&dir, &[]);
    let counts = analyze_json(&dir, &["--segments", "counts"]);
    let none = analyze_json(&dir, &["--segments", "none"]);
    assert_eq!(all["signature"], counts["signature"]);
    for s in 0..2 {
        let (a, c, z) = (
            &all["systems"][s],
            &counts["systems"][s],
            &none["systems"][s],
        );
        assert_eq!(a["totals"], c["totals"]);
        assert_eq!(a["totals"], z["totals"]);
        assert!(z.get("segments").is_none(), "none: no segments");
        let (sa, sc) = (
            a["segments"].as_array().unwrap(),
            c["segments"].as_array().unwrap(),
        );
        assert_eq!(sa.len(), 2);
        assert_eq!(sa.len(), sc.len());
        for (x, y) in sa.iter().zip(sc) {
            assert!(!x["hypothesis_labels"].as_array().unwrap().is_empty());
            assert_eq!(x["reference"], y["reference"]);
            assert_eq!(x["counts"], y["counts"]);
            assert_eq!(
                y.as_object().unwrap().len(),
                2,
                "counts: reference and counts only"
            );
        }
    }
}
