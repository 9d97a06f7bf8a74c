//! `index.html` in a real browser: headless Chromium opens the demo report from disk with name
//! resolution mapped to nowhere, and the test checks what a reader would get — no console
//! errors, nothing fetched from outside the file, a hostile system line shown as text, every
//! system in the score tables — and saves a screenshot as `target/test-artifacts/report.png`
//! (the page beside it as `report.html`).
//!
//! Without Chromium the test explains how to install it and passes, unless
//! `MTMETER_REQUIRE_CHROMIUM=1` (CI) makes a missing browser a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mtmeter::corpus::{Corpus, CorpusDir, Loader, TextFile};
use mtmeter::evaluation::{
    AnalysisRequest, BreakdownRequest, Request, SignificanceRequest, SignificanceTest, evaluate,
};
use mtmeter::report::html::{ChartSvg, render};
use mtmeter::report::model::{ReportModel, ReportOptions};

use crate::common::root;

const HOSTILE: &str = "<script>alert(1)</script>";
/// Segment (0-based) of the second system whose line is replaced by [`HOSTILE`].
const HOSTILE_SEGMENT: usize = 3;

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("MTMETER_CHROMIUM").map(PathBuf::from),
        Some(PathBuf::from("/usr/bin/chromium")),
        Some(PathBuf::from("/usr/bin/chromium-browser")),
        Some(PathBuf::from("/usr/bin/google-chrome")),
    ];
    if let Some(found) = candidates.into_iter().flatten().find(|p| p.is_file()) {
        return Some(found);
    }
    let msg = "headless Chromium not found: install it (Debian/Ubuntu: `apt-get install chromium`) \
               or set MTMETER_CHROMIUM=/path/to/chromium to run the browser test of the HTML report";
    if std::env::var("MTMETER_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1") {
        panic!("{msg}");
    }
    eprintln!("NOTE: not run: {msg}");
    None
}

/// The demo corpus with one output line of the second system replaced by [`HOSTILE`].
fn hostile_demo() -> Corpus {
    let corpus = CorpusDir {
        path: root().join("corpora/demo"),
    }
    .load(&Default::default())
    .unwrap();
    let victim = &corpus.systems[1];
    let lines: Vec<&str> = (0..victim.len())
        .map(|i| {
            if i == HOSTILE_SEGMENT {
                HOSTILE
            } else {
                victim.line(i)
            }
        })
        .collect();
    let replaced = TextFile::new(victim.name.clone(), victim.path.clone(), lines);
    let mut systems = corpus.systems.clone();
    systems[1] = replaced;
    Corpus { systems, ..corpus }.validated().unwrap()
}

fn demo_model() -> ReportModel {
    let corpus = hostile_demo();
    let request = Request {
        metrics: vec!["bleu".into(), "chrf".into(), "ter".into()],
        sentence_level: true,
        significance: Some(SignificanceRequest::new(SignificanceTest::PairedBootstrap)),
        pairwise: true,
        analysis: Some(AnalysisRequest {
            breakdowns: Some(BreakdownRequest::default()),
            ..Default::default()
        }),
        ..Request::default()
    };
    let e = evaluate(&corpus, &request).unwrap();
    ReportModel::build(
        &e,
        &corpus,
        &ReportOptions {
            test_set: "demo".into(),
            language_pair: Some("it-fr".into()),
            generated: "2026-12-02T00:00:00Z".into(),
            explorer_cap: 500,
        },
    )
}

/// Stand-ins for the charts (drawn by `report::charts`), one per section.
fn placeholder_charts() -> Vec<ChartSvg> {
    [
        "scores-bleu",
        "delta-bleu",
        "error-rates",
        "length-buckets",
        "frequency-buckets",
        "sentence-distribution",
    ]
    .iter()
    .map(|name| ChartSvg {
        name: (*name).into(),
        title: format!("Placeholder for {name}"),
        svg: format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"120\" \
             viewBox=\"0 0 480 120\" role=\"img\"><title>{name}</title>\
             <rect x=\"1\" y=\"1\" width=\"478\" height=\"118\" fill=\"#f5f7f9\" stroke=\"#999\"/>\
             <text x=\"240\" y=\"65\" text-anchor=\"middle\" font-size=\"16\">{name}</text></svg>"
        ),
        png_path: format!("charts/{name}.png"),
    })
    .collect()
}

struct Run {
    stdout: String,
    stderr: String,
}

/// Runs Chromium headless on `page` with extra `args`, networking mapped to nowhere, with a
/// time limit (a hung browser must not hang the suite).
fn run_chromium(browser: &Path, profile: &Path, page: &Path, args: &[String]) -> Run {
    let url = format!("file://{}", page.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--no-first-run",
            "--no-default-browser-check",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // Read the pipes on threads so that a large DOM cannot fill a pipe and block the browser.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Run {
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

/// Every URL-bearing attribute value in `dom` (`src`, `href`, `srcset`, `action`, `poster`,
/// `data`, `xlink:href`) and every CSS `url(`.
fn url_targets(dom: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for attr in [
        " src=", " href=", " srcset=", " action=", " poster=", " data=", ":href=",
    ] {
        for part in dom.split(attr).skip(1) {
            let quote = part.chars().next().unwrap_or(' ');
            let value = if quote == '"' || quote == '\'' {
                part[1..].split(quote).next().unwrap_or("")
            } else {
                part.split([' ', '>']).next().unwrap_or("")
            };
            targets.push(value.to_owned());
        }
    }
    for part in dom.split("url(").skip(1) {
        targets.push(part.split(')').next().unwrap_or("").to_owned());
    }
    targets
}

/// Requests the page made, from Chromium's NetLog (`--log-net-log`): every started URL
/// request whose initiator is an origin. The browser's own background requests (update and
/// account checks, which the flags do not all silence) have the initiator "not an origin";
/// anything a `file://` page loads from the network has the initiator "null".
fn page_requests(net_log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(net_log)
        .unwrap_or_else(|e| panic!("no NetLog at {}: {e}", net_log.display()));
    let log: serde_json::Value = serde_json::from_str(&text).expect("NetLog is JSON");
    let start_job = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    assert!(
        start_job.is_number(),
        "NetLog without URL_REQUEST_START_JOB"
    );
    log["events"]
        .as_array()
        .expect("NetLog events")
        .iter()
        .filter(|e| &e["type"] == start_job)
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_owned))
        .collect()
}

/// Lines of Chromium's log that a page caused: uncaught errors, refused or failed loads, and
/// any console message. Chromium logs every console level as `INFO:CONSOLE`, so an error
/// cannot be told from a log line; the page logs nothing, so any console line is a problem.
fn problems_in_log(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Refused to")
                || l.contains("ERR_NAME_NOT_RESOLVED")
                || l.contains("Failed to load resource")
        })
        .collect()
}

#[test]
fn report_page_in_headless_chromium() {
    let Some(browser) = chromium() else { return };
    let model = demo_model();
    let html = render(&model, &placeholder_charts());
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("index.html");
    std::fs::write(&page, &html).unwrap();

    // 1. The DOM after the page's script ran, and every request made while loading it.
    let net_log = dir.path().join("netlog.json");
    let run = run_chromium(
        &browser,
        &dir.path().join("profile-dom"),
        &page,
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", net_log.display()),
        ],
    );
    let dom = &run.stdout;
    assert!(
        dom.contains("</html>"),
        "no DOM dumped; stderr:\n{}",
        run.stderr
    );
    let problems = problems_in_log(&run.stderr);
    assert!(problems.is_empty(), "browser log: {problems:#?}");

    // Nothing on the page points off the file: links are in-page anchors or the chart PNGs
    // beside it; the only absolute URL allowed is the SVG namespace, which is not fetched.
    for target in url_targets(dom) {
        assert!(
            target.starts_with('#') || target.starts_with("charts/"),
            "the page links off the file: {target:?}"
        );
    }
    let requests = page_requests(&net_log);
    assert!(requests.is_empty(), "the page made requests: {requests:#?}");
    let without_namespace = dom.replace("http://www.w3.org/2000/svg", "");
    assert!(!without_namespace.contains("http://") && !without_namespace.contains("https://"));

    // The hostile line is text: escaped in the DOM, and the only script is the page's own.
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "hostile line not shown as text"
    );
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "a script element came from corpus text"
    );
    assert!(!run.stderr.contains("alert(1)"));

    // The script ran without error: it revealed the explorer's filters and counted segments.
    let shown = model.explorer.len();
    assert!(
        dom.contains(&format!("{shown} of {shown} segments match")),
        "filters not initialised by the script"
    );
    assert!(!dom.contains("id=\"filters\" hidden"));

    // Every score table lists every system.
    for metric in &model.metrics {
        let start = dom
            .find(&format!("id=\"scores-{}\"", metric.key))
            .unwrap_or_else(|| panic!("no score table for {}", metric.key));
        let table = &dom[start..start + dom[start..].find("</table>").unwrap()];
        for system in &model.systems {
            assert!(
                table.contains(&system.name),
                "{} missing from the {} table",
                system.name,
                metric.name
            );
        }
    }

    // 2. A screenshot, kept as a test artifact.
    let artifacts = root().join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    // The page itself too, to open by hand beside the screenshot.
    std::fs::write(artifacts.join("report.html"), &html).unwrap();
    let shot = artifacts.join("report.png");
    std::fs::remove_file(&shot).ok();
    let run = run_chromium(
        &browser,
        &dir.path().join("profile-shot"),
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1400,2400".into(),
            "--hide-scrollbars".into(),
        ],
    );
    let problems = problems_in_log(&run.stderr);
    assert!(problems.is_empty(), "browser log: {problems:#?}");
    let png = std::fs::read(&shot).unwrap_or_else(|e| {
        panic!(
            "no screenshot at {}: {e}; stderr:\n{}",
            shot.display(),
            run.stderr
        )
    });
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "screenshot is not a PNG"
    );
}

/// The checks above can fail: a page that loads an image and a stylesheet from the network is
/// caught even though name resolution fails, and its console error and uncaught exception are
/// found in the log.
#[test]
fn browser_checks_catch_off_file_requests_and_script_errors() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=\"en\"><head><title>bad</title>\
         <link rel=\"stylesheet\" href=\"https://cdn.example.org/a.css\"></head>\
         <body><img src=\"http://example.com/x.png\" alt=\"\">\
         <script>console.error(\"boom\"); throw new Error(\"thrown\");</script></body></html>",
    )
    .unwrap();
    let net_log = dir.path().join("netlog.json");
    let run = run_chromium(
        &browser,
        &dir.path().join("profile"),
        &page,
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", net_log.display()),
        ],
    );
    let requests = page_requests(&net_log);
    assert!(
        requests
            .iter()
            .any(|u| u.starts_with("http://example.com/"))
            && requests
                .iter()
                .any(|u| u.starts_with("https://cdn.example.org/")),
        "{requests:#?}"
    );
    let problems = problems_in_log(&run.stderr);
    assert!(
        problems.iter().any(|l| l.contains("boom"))
            && problems
                .iter()
                .any(|l| l.contains("Uncaught Error: thrown")),
        "{problems:#?}"
    );
}
