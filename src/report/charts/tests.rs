//! Every chart: PNG decodes at the declared size, SVG is XML with the title and names, hostile
//! names are escaped, empty input is refused, NaN/inf do not panic, output is deterministic.

use super::*;

const BLEU: MetricAxis<'static> = MetricAxis {
    name: "BLEU",
    unit: "0–100",
    higher_is_better: true,
};
const CHRF: MetricAxis<'static> = MetricAxis {
    name: "chrF",
    unit: "0–100",
    higher_is_better: true,
};
const WORD_F: MetricAxis<'static> = MetricAxis {
    name: "word F-measure",
    unit: "%",
    higher_is_better: true,
};

const LENGTH_BUCKETS: [&str; 6] = ["<10", "[10,20)", "[20,30)", "[30,40)", "[40,50)", ">=50"];
const FREQUENCY_BUCKETS: [&str; 9] = [
    "<1",
    "1",
    "2",
    "3",
    "4",
    "[5,10)",
    "[10,100)",
    "[100,1000)",
    ">=1000",
];

/// A small deterministic generator, so the fixtures look varied without a dependency.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn system_names(n: usize) -> Vec<String> {
    let base = [
        "baseline",
        "transformer-big",
        "Online-B",
        "ensemble-4x-backtranslation-finetuned-2024",
        "中文系统",
        "NLLB-200",
        "GPT-4",
        "marian.small",
        "sys-<script>alert(1)</script>",
        "Tom & Jerry's \"MT\"",
        "Online-W",
        "lr=0.0003",
        "système-français",
        "ONLINE-Y",
        "x",
    ];
    (0..n).map(|i| base[i % base.len()].to_string()).collect()
}

/// All six charts for `n` systems with realistic numbers.
fn all_charts(n: usize) -> Vec<Chart> {
    let names = system_names(n);
    let mut rng = Lcg(n as u64);
    let scores_in: Vec<SystemScore<'_>> = names
        .iter()
        .map(|name| {
            let s = 20.0 + 25.0 * rng.next();
            SystemScore {
                name,
                score: s,
                interval: Some((s - 1.5, s + 1.4)),
            }
        })
        .collect();
    let deltas: Vec<DeltaRow<'_>> = names[1..]
        .iter()
        .map(|name| {
            let d = -3.0 + 5.0 * rng.next();
            DeltaRow {
                name,
                delta: d,
                interval: Some((d - 0.9, d + 0.9)),
                p_value: Some(if d.abs() > 0.9 {
                    0.001 + rng.next() * 0.03
                } else {
                    0.2
                }),
            }
        })
        .collect();
    let errors: Vec<ErrorRates<'_>> = names
        .iter()
        .map(|name| ErrorRates {
            name,
            rates: [0; 5].map(|_| 5.0 + 15.0 * rng.next()),
        })
        .collect();
    let length_values: Vec<Vec<f64>> = names
        .iter()
        .map(|_| {
            let base = 25.0 + 15.0 * rng.next();
            (0..6)
                .map(|j| base + 3.0 * j as f64 * (rng.next() - 0.3))
                .collect()
        })
        .collect();
    let length_series: Vec<BucketSeries<'_>> = names
        .iter()
        .zip(&length_values)
        .map(|(name, values)| BucketSeries { name, values })
        .collect();
    let length_buckets_in: Vec<Bucket<'_>> = LENGTH_BUCKETS
        .iter()
        .zip([412usize, 688, 501, 240, 98, 61])
        .map(|(label, n)| Bucket {
            label,
            count: Some(n),
        })
        .collect();
    let freq_values: Vec<Vec<f64>> = names
        .iter()
        .map(|_| {
            (0..9)
                .map(|j| 30.0 + 6.0 * j as f64 + 8.0 * rng.next())
                .collect()
        })
        .collect();
    let freq_series: Vec<BucketSeries<'_>> = names
        .iter()
        .zip(&freq_values)
        .map(|(name, values)| BucketSeries { name, values })
        .collect();
    let freq_buckets_in: Vec<Bucket<'_>> = FREQUENCY_BUCKETS
        .iter()
        .zip([1203usize, 2210, 950, 610, 402, 1400, 5020, 9031, 21544])
        .map(|(label, n)| Bucket {
            label,
            count: Some(n),
        })
        .collect();
    let sentence_values: Vec<Vec<f64>> = names
        .iter()
        .map(|_| {
            let center = 40.0 + 20.0 * rng.next();
            (0..400)
                .map(|_| {
                    let spread = (rng.next() + rng.next() + rng.next() - 1.5) * 45.0;
                    (center + spread).clamp(0.0, 100.0)
                })
                .collect()
        })
        .collect();
    let sentences: Vec<SentenceScores<'_>> = names
        .iter()
        .zip(&sentence_values)
        .map(|(name, scores)| SentenceScores { name, scores })
        .collect();

    vec![
        scores(BLEU, &scores_in).expect("scores chart"),
        delta(BLEU, &names[0], &deltas).expect("delta chart"),
        error_rates(&errors).expect("error-rates chart"),
        length_buckets(BLEU, &length_buckets_in, &length_series).expect("length chart"),
        frequency_buckets(WORD_F, "the references", &freq_buckets_in, &freq_series)
            .expect("frequency chart"),
        sentence_distribution(CHRF, &sentences).expect("distribution chart"),
    ]
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("PNG header decodes");
    let info = reader.info();
    (info.width, info.height)
}

/// Parses the whole SVG and returns every text node, unescaped.
fn svg_texts(svg: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut texts = Vec::new();
    // quick-xml reports entity references apart from the text around them: join them again.
    let mut current = String::new();
    loop {
        let event = reader.read_event();
        match &event {
            Ok(Event::Text(t)) => current.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => current.push_str(match r.xml10_content().as_ref() {
                "lt" => "<",
                "gt" => ">",
                "amp" => "&",
                "quot" => "\"",
                "apos" => "'",
                other => panic!("unexpected entity &{other};"),
            }),
            Ok(_) => {
                if !current.trim().is_empty() {
                    texts.push(current.trim().to_string());
                }
                current.clear();
            }
            Err(e) => panic!(
                "SVG is not well-formed XML at {}: {e}",
                reader.error_position()
            ),
        }
        if matches!(event, Ok(Event::Eof)) {
            break;
        }
    }
    texts
}

#[test]
fn every_chart_png_decodes_at_its_declared_size() {
    for n in [2, 3, 15] {
        for chart in all_charts(n) {
            assert_eq!(
                png_size(&chart.png),
                (chart.width, chart.height),
                "{}",
                chart.name
            );
            assert_eq!(chart.width, 900);
        }
    }
}

#[test]
fn row_charts_grow_with_the_number_of_systems() {
    let three = all_charts(3);
    let thirteen = all_charts(13);
    // scores, delta (one row fewer), error rates, distribution: 28 px per extra system.
    for k in [0, 1, 2, 5] {
        assert_eq!(
            thirteen[k].height - three[k].height,
            10 * 28,
            "{}",
            three[k].name
        );
    }
}

#[test]
fn every_chart_svg_is_xml_with_title_element_and_system_names() {
    for chart in all_charts(6) {
        assert!(
            chart
                .svg
                .contains(&format!("<title>{}</title>", chart.title))
        );
        let texts = svg_texts(&chart.svg);
        assert!(
            texts.iter().any(|t| t == &chart.title),
            "{}: title missing from text",
            chart.name
        );
        for name in ["transformer-big", "Online-B", "中文系统"] {
            assert!(
                texts.iter().any(|t| t == name),
                "{}: {name} missing",
                chart.name
            );
        }
    }
}

#[test]
fn hostile_names_are_escaped_in_svg_and_read_back_intact() {
    let charts = all_charts(11);
    for chart in &charts {
        assert!(!chart.svg.contains("<script"), "{}", chart.name);
        let texts = svg_texts(&chart.svg);
        assert!(
            texts.iter().any(|t| t == "sys-<script>alert(1)</script>"),
            "{}",
            chart.name
        );
        assert!(
            texts.iter().any(|t| t == "Tom & Jerry's \"MT\""),
            "{}",
            chart.name
        );
    }
}

#[test]
fn hostile_baseline_in_title_is_escaped_in_the_title_element() {
    let rows = [DeltaRow {
        name: "a",
        delta: 1.0,
        interval: None,
        p_value: Some(0.01),
    }];
    let chart = delta(BLEU, "<b>&'\"", &rows).expect("delta chart");
    assert!(
        chart.svg.contains(
            "<title>BLEU difference from the baseline “&lt;b&gt;&amp;&apos;&quot;”</title>"
        )
    );
    svg_texts(&chart.svg);
}

#[test]
fn long_names_are_cut_with_an_ellipsis() {
    let long = "a-very-long-system-name-that-goes-on-and-on-forever";
    let chart = scores(
        BLEU,
        &[SystemScore {
            name: long,
            score: 30.0,
            interval: None,
        }],
    )
    .expect("scores chart");
    let texts = svg_texts(&chart.svg);
    let shown = texts
        .iter()
        .find(|t| t.starts_with("a-very-long"))
        .expect("name drawn");
    assert!(shown.ends_with('…'));
    assert!(shown.chars().count() <= MAX_NAME_CHARS);
}

#[test]
fn png_labels_replace_glyphs_dejavu_lacks_and_svg_keeps_them() {
    use super::text::Target;
    assert_eq!(Target::Png.label("中文 sys"), "?? sys");
    assert_eq!(Target::Png.label("système Δ"), "système Δ");
    assert_eq!(Target::Svg.label("中文"), "中文");
}

#[test]
fn empty_inputs_are_refused_with_the_chart_name() {
    let err = scores(BLEU, &[]).expect_err("no systems");
    assert!(matches!(err, ChartError::NoData { .. }));
    assert_eq!(
        err.to_string(),
        "chart `scores-bleu` has no data to draw: no systems given"
    );
    assert!(matches!(
        delta(BLEU, "base", &[]),
        Err(ChartError::NoData { .. })
    ));
    assert!(matches!(error_rates(&[]), Err(ChartError::NoData { .. })));
    assert!(matches!(
        sentence_distribution(CHRF, &[]),
        Err(ChartError::NoData { .. })
    ));
    let series = [BucketSeries {
        name: "a",
        values: &[],
    }];
    assert!(matches!(
        length_buckets(BLEU, &[], &series),
        Err(ChartError::NoData { .. })
    ));
    let buckets = [Bucket {
        label: "<10",
        count: None,
    }];
    assert!(matches!(
        frequency_buckets(WORD_F, "the references", &buckets, &[]),
        Err(ChartError::NoData { .. })
    ));
}

#[test]
fn bucket_series_of_the_wrong_length_are_refused() {
    let buckets = [
        Bucket {
            label: "<10",
            count: None,
        },
        Bucket {
            label: ">=10",
            count: None,
        },
    ];
    let series = [BucketSeries {
        name: "sys",
        values: &[1.0],
    }];
    let err = length_buckets(BLEU, &buckets, &series).expect_err("one value for two buckets");
    assert!(matches!(
        err,
        ChartError::SeriesLength {
            expected: 2,
            found: 1,
            ..
        }
    ));
}

#[test]
fn nan_infinite_and_huge_values_do_not_panic() {
    let bad = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN,
        1e300,
    ];
    for v in bad {
        let c = scores(
            BLEU,
            &[
                SystemScore {
                    name: "a",
                    score: v,
                    interval: Some((v, 1.0)),
                },
                SystemScore {
                    name: "b",
                    score: 30.0,
                    interval: Some((f64::NAN, f64::NAN)),
                },
            ],
        )
        .expect("scores with non-finite values");
        if !v.is_finite() {
            assert!(svg_texts(&c.svg).iter().any(|t| t == "n/a"));
        }
        delta(
            BLEU,
            "base",
            &[DeltaRow {
                name: "a",
                delta: v,
                interval: Some((v, v)),
                p_value: Some(v),
            }],
        )
        .expect("delta with non-finite values");
        error_rates(&[ErrorRates {
            name: "a",
            rates: [v, 1.0, -2.0, v, 0.0],
        }])
        .expect("error rates with non-finite values");
        let values = [v, 1.0, v];
        let buckets = [
            Bucket {
                label: "a",
                count: Some(0),
            },
            Bucket {
                label: "b",
                count: None,
            },
            Bucket {
                label: "c",
                count: Some(3),
            },
        ];
        length_buckets(
            BLEU,
            &buckets,
            &[BucketSeries {
                name: "s",
                values: &values,
            }],
        )
        .expect("buckets with non-finite values");
        sentence_distribution(
            CHRF,
            &[
                SentenceScores {
                    name: "a",
                    scores: &[v, v],
                },
                SentenceScores {
                    name: "b",
                    scores: &[],
                },
                SentenceScores {
                    name: "c",
                    scores: &[v, 5.0],
                },
            ],
        )
        .expect("distribution with non-finite values");
    }
}

#[test]
fn same_input_gives_identical_bytes() {
    let a = all_charts(5);
    let b = all_charts(5);
    assert_eq!(a, b);
}

#[test]
fn chart_names_are_file_stems() {
    let names: Vec<String> = all_charts(2).into_iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "scores-bleu",
            "delta-bleu",
            "error-rates",
            "length-buckets-bleu",
            "frequency-buckets",
            "sentence-distribution-chrf"
        ]
    );
    let chrf_pp = MetricAxis {
        name: "chrF++",
        unit: "",
        higher_is_better: true,
    };
    assert_eq!(chrf_pp.slug(), "chrfpp");
    assert_eq!(chrf_pp.label(), "chrF++ (higher is better)");
}

/// Writes every chart for 3 and 13 systems to `/tmp/charts-preview/` for a person to look at.
/// Ignored by default: `cargo test --lib charts::tests::write_preview -- --ignored`.
#[test]
#[ignore = "writes files for manual inspection"]
fn write_preview() {
    let dir = std::path::Path::new("/tmp/charts-preview");
    std::fs::create_dir_all(dir).expect("preview folder");
    for n in [3, 13] {
        for chart in all_charts(n) {
            let stem = format!("{}-{n}", chart.name);
            std::fs::write(dir.join(format!("{stem}.png")), &chart.png).expect("write png");
            std::fs::write(dir.join(format!("{stem}.svg")), &chart.svg).expect("write svg");
        }
    }
}
