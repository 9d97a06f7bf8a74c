//! `index.html` of `mtmeter evaluate`: one self-contained page rendered from a
//! [`ReportModel`].
//!
//! Contract of the page:
//! - **Self-contained**: CSS and a little JavaScript are inline, charts are inline SVG; the only
//!   links are in-page `#anchors` and the relative `charts/*.png` files written beside it. No
//!   URL of any kind points off the file (no fonts, no CDN, no images), so it opens offline.
//! - **Readable without JavaScript**: every table and every segment is in the HTML. The script
//!   only adds column sorting and the explorer's filters (the filter form is `hidden` until the
//!   script shows it, so a reader without JavaScript never sees dead controls).
//! - **Escaped**: every string from the corpus or the user (names, paths, segments, n-grams,
//!   signatures) goes through one escaping function (`Esc`), in text and in attributes
//!   alike. Only the charts' SVG, produced by mtmeter itself, is inlined as is.
//! - **Accessible**: `lang` on the page and on segment text, `dir="auto"` on segment text,
//!   `<caption>` on every table, `<th scope>`, and colour never alone: error categories carry
//!   their label as a superscript, significance a `*` or "n.s.", baseline a text tag. Colours
//!   are the Okabe–Ito palette, safe for the common colour-vision deficiencies.
//!
//! Nothing is computed here beyond formatting; derived numbers live in [`ReportModel`].

use std::fmt::{self, Write};

use crate::analysis::Category;
use crate::analysis::breakdown::{Breakdown, FrequencySource};
use crate::report::model::{
    ALPHA, ErrorRates, ExplorerSegment, LabelledWord, MetricReport, ReportModel,
};

/// One chart, drawn elsewhere (`report::charts`), as the page inlines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartSvg {
    /// File stem (`scores-bleu`, `delta-chrf`, `error-rates`, `length-buckets`,
    /// `frequency-buckets`, `sentence-distribution`); its prefix picks the page section.
    pub name: String,
    /// Caption shown under the chart.
    pub title: String,
    /// A complete `<svg>…</svg>` element, trusted (mtmeter draws it), inlined as is.
    pub svg: String,
    /// Relative link to the PNG version, e.g. `charts/scores-bleu.png`.
    pub png_path: String,
}

/// How many characteristic n-grams of each side the page lists per system pair (all of them
/// are in `report.json`).
pub const NGRAMS_SHOWN: usize = 10;

/// Text escaped for HTML text and quoted attribute values alike.
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut last = 0;
        for (i, c) in self.0.char_indices() {
            let rep = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => continue,
            };
            f.write_str(&self.0[last..i])?;
            f.write_str(rep)?;
            last = i + c.len_utf8();
        }
        f.write_str(&self.0[last..])
    }
}

/// Writing into a `String` cannot fail; this keeps the renderer free of `unwrap`s.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// Long name and description of each Hjerson category, in legend order.
const CATEGORIES: [(Category, &str, &str); 5] = [
    (
        Category::Missing,
        "missing",
        "a reference word with no counterpart in the output",
    ),
    (
        Category::Extra,
        "extra",
        "an output word with no counterpart in the reference",
    ),
    (
        Category::Lexical,
        "lexical",
        "a wrong word choice where the reference has another word",
    ),
    (
        Category::Reordering,
        "reordering",
        "a correct word in the wrong place",
    ),
    (
        Category::Inflection,
        "inflection",
        "the right base form with the wrong ending",
    ),
];

const CSS: &str = r#"
:root{--fg:#1c2128;--muted:#5a6470;--line:#d9dee4;--panel:#f5f7f9;--head:#0b2a45;--accent:#0072B2;
--miss:#D55E00;--ext:#CC79A7;--lex:#E69F00;--reord:#0072B2;--infl:#009E73;--good:#009E73;--bad:#D55E00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
.wrap{max-width:1280px;margin:0 auto;padding:0 28px}
header.top{background:var(--head);color:#fff;padding:28px 0 22px}
header.top h1{margin:0 0 4px;font-size:1.9rem;font-weight:650;letter-spacing:-.01em}
header.top .sub{margin:0;color:#c9d6e3;font-size:1.02rem}
header.top .facts{display:flex;flex-wrap:wrap;gap:10px 28px;margin:18px 0 0;padding:0}
header.top .facts div{min-width:120px}
header.top dt{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;color:#9fb4c8}
header.top dd{margin:0;font-size:1.05rem;font-weight:600;font-variant-numeric:tabular-nums}
header.top details{margin-top:14px;color:#e6edf3}
header.top summary{cursor:pointer;color:#c9d6e3}
header.top details table{background:#fff;color:var(--fg);border-radius:6px;margin:8px 0}
header.top details caption{color:#fff}
nav.toc{position:sticky;top:0;z-index:10;background:rgba(255,255,255,.97);border-bottom:1px solid var(--line)}
nav.toc ul{display:flex;flex-wrap:wrap;gap:4px 22px;list-style:none;margin:0;padding:10px 0}
nav.toc a{color:var(--accent);text-decoration:none;font-weight:550;font-size:.94rem}
nav.toc a:hover,nav.toc a:focus{text-decoration:underline}
main section{margin:38px 0 46px;scroll-margin-top:56px}
h2{font-size:1.4rem;margin:0 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:1.1rem;margin:26px 0 8px}
p{max-width:80ch}
.note{color:var(--muted);font-size:.92rem}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.86em}
.scroll{overflow-x:auto;margin:10px 0 18px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-weight:600;padding:4px 0 8px;font-size:1rem}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead td{background:var(--panel);border-bottom:2px solid #c4ccd5}
thead th{background:var(--panel);font-weight:600;font-size:.9rem;border-bottom:2px solid #c4ccd5;white-space:nowrap}
tbody th{font-weight:600}
tbody tr:hover{background:#fafbfc}
.num{text-align:right;white-space:nowrap}
.ci{color:var(--muted);font-size:.88em;white-space:nowrap}
.tag{display:inline-block;margin-left:6px;padding:0 6px;border:1px solid #9aa7b4;border-radius:9px;font-size:.72rem;font-weight:600;color:var(--muted);vertical-align:1px;text-transform:uppercase;letter-spacing:.04em}
.better{color:#00734f}.worse{color:#b34700}
.sig{font-weight:700}
.ns{color:var(--muted)}
td.p-sig{background:#e8f3fa}
td.diag{color:#aab3bd;text-align:center}
.clusters{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:8px}
.clusters li{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:4px 10px}
.clusters b{color:var(--muted);font-weight:600;margin-right:6px}
.metric-block{margin-bottom:28px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,900px),1fr));gap:20px;margin:16px 0}
figure{margin:0;padding:12px;border:1px solid var(--line);border-radius:8px;background:#fff}
figure svg{display:block;max-width:100%;height:auto;margin:0 auto}
figcaption{font-size:.9rem;color:var(--muted);margin-top:6px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:8px 24px}
details.pair{border:1px solid var(--line);border-radius:8px;padding:6px 14px;margin:10px 0}
details.pair>summary{cursor:pointer;font-weight:600;padding:4px 0}
.legend{display:flex;flex-wrap:wrap;gap:8px 20px;list-style:none;padding:10px 14px;margin:10px 0;background:var(--panel);border-radius:8px;font-size:.92rem}
.w{border-bottom:3px solid;padding:0 1px;border-radius:2px}
.w sup{font-size:.66em;font-weight:700;margin-left:1px;letter-spacing:.02em}
.c-miss{background:#fbe3d4;border-color:var(--miss)}.c-miss sup{color:#a04400}
.c-ext{background:#f6e4ee;border-color:var(--ext)}.c-ext sup{color:#8e3d6d}
.c-lex{background:#fdf0d2;border-color:var(--lex)}.c-lex sup{color:#8a5d00}
.c-reord{background:#dcecf7;border-color:var(--reord)}.c-reord sup{color:#005282}
.c-infl{background:#d9f1e8;border-color:var(--infl)}.c-infl sup{color:#00704f}
.filters{position:sticky;top:44px;z-index:9;display:flex;flex-wrap:wrap;align-items:center;gap:8px 18px;padding:10px 14px;margin:12px 0;background:#fff;border:1px solid var(--line);border-radius:8px;box-shadow:0 2px 6px rgba(0,0,0,.05)}
.filters[hidden]{display:none}
.filters label{font-weight:600;font-size:.92rem}
.filters select{font:inherit;padding:3px 6px;margin-left:6px}
.filters output{color:var(--muted);font-size:.92rem}
article.seg{border:1px solid var(--line);border-radius:10px;margin:18px 0;padding:0 0 4px;overflow:hidden}
article.seg>h3{margin:0;padding:10px 16px;background:var(--panel);border-bottom:1px solid var(--line);font-size:1rem;display:flex;flex-wrap:wrap;gap:4px 14px;align-items:baseline}
article.seg>h3 .note{font-weight:400}
dl.texts{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:12px 16px}
dl.texts dt{font-weight:600;color:var(--muted);font-size:.88rem;padding-top:1px}
dl.texts dd{margin:0}
table.outs{margin:4px 0 0}
table.outs caption{padding-left:16px;font-size:.88rem;color:var(--muted);font-weight:600}
table.outs th:first-child,table.outs td:first-child{padding-left:16px}
table.outs th:last-child,table.outs td:last-child{padding-right:16px}
table.outs tbody th{width:13%;min-width:110px}
table.outs td.text{line-height:1.95}
.refw{margin-top:2px;font-size:.9em;color:var(--muted)}
.refw .lbl{font-size:.8rem;font-weight:600;color:var(--muted);margin-right:6px}
details.raw{margin:6px 16px 8px;font-size:.92rem}
details.raw summary{cursor:pointer;color:var(--muted);font-weight:600;font-size:.85rem}
details.raw dl.texts{margin:6px 0}
.seg .scroll{margin:0}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
article.seg{position:relative}
th button.sort{all:unset;cursor:pointer}
th button.sort::after{content:"\00a0\2195";color:#9aa7b4;font-size:.85em}
th[aria-sort=ascending] button.sort::after{content:"\00a0\2191";color:var(--fg)}
th[aria-sort=descending] button.sort::after{content:"\00a0\2193";color:var(--fg)}
th button.sort:focus-visible{outline:2px solid var(--accent)}
footer{border-top:1px solid var(--line);padding:18px 0 40px;color:var(--muted);font-size:.88rem}
@media (max-width:900px){.wrap{padding:0 14px}header.top h1{font-size:1.5rem}table{font-size:.9rem}thead th,thead th.num{white-space:normal;vertical-align:bottom}table.outs tbody th{min-width:80px}th,td{padding:5px 6px}}
@media (max-width:600px){dl.texts{grid-template-columns:1fr}dl.texts dt{margin-top:6px}}
@media print{nav.toc,.filters{display:none}article.seg{break-inside:avoid}}
"#;

/// Sorting of `table.sortable` and the explorer's filters; nothing else. Reads only the DOM,
/// so corpus text never reaches script code.
const JS: &str = r#"
(function(){
'use strict';
function key(c){if(!c)return '';var v=c.getAttribute('data-sort');if(v!==null&&v!==''&&!isNaN(+v))return +v;return c.textContent.trim();}
Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(t){
 if(!t.tHead||!t.tBodies.length)return;var ths=t.tHead.rows[0].cells;
 Array.prototype.forEach.call(ths,function(th,i){
  var b=document.createElement('button');b.type='button';b.className='sort';
  while(th.firstChild)b.appendChild(th.firstChild);th.appendChild(b);
  b.addEventListener('click',function(){
   var asc=th.getAttribute('aria-sort')!=='ascending';
   Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});
   th.setAttribute('aria-sort',asc?'ascending':'descending');
   var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
   rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
    var r=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));return asc?r:-r;});
   rows.forEach(function(r){body.appendChild(r);});
  });
 });
});
var f=document.getElementById('filters');if(!f)return;f.hidden=false;
var sys=document.getElementById('f-sys'),cat=document.getElementById('f-cat'),out=document.getElementById('f-count');
function apply(){
 var s=sys.value,c=cat.value,n=0,segs=document.querySelectorAll('article.seg');
 Array.prototype.forEach.call(segs,function(a){
  var any=false;
  Array.prototype.forEach.call(a.querySelectorAll('tr[data-sys]'),function(r){
   var show=s===''||r.getAttribute('data-sys')===s;r.hidden=!show;
   if(show&&(c===''||(' '+r.getAttribute('data-cats')+' ').indexOf(' '+c+' ')>=0))any=true;
  });
  a.hidden=!any;if(any)n++;
 });
 out.textContent=n+' of '+segs.length+' segments match';
}
sys.addEventListener('change',apply);cat.addEventListener('change',apply);apply();
})();
"#;

/// The page for `model`, with `charts` placed in their sections by name prefix (charts with
/// an unknown prefix go to a last "More charts" section, so none is lost).
pub fn render(model: &ReportModel, charts: &[ChartSvg]) -> String {
    let mut out = String::with_capacity(64 * 1024 + model.explorer.len() * 4096);
    let title = &model.test_set.name;
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{}\">\n<title>{} — mtmeter report</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n",
        Esc(&model.mtmeter),
        Esc(title)
    );
    header(&mut out, model);
    let has = |p: &str| charts.iter().any(|c| c.name.starts_with(p));
    out.push_str("<nav class=\"toc\" aria-label=\"Sections\"><div class=\"wrap\"><ul>");
    out.push_str("<li><a href=\"#scores\">Scores</a></li>");
    out.push_str("<li><a href=\"#pairwise\">Pairwise significance</a></li>");
    if model.error_rates.is_some() || has("error-rates") {
        out.push_str("<li><a href=\"#errors\">Error categories</a></li>");
    }
    if model.breakdown.is_some() || has("length-buckets") || has("frequency-buckets") {
        out.push_str("<li><a href=\"#breakdowns\">Breakdowns</a></li>");
    }
    out.push_str("<li><a href=\"#explorer\">Segment explorer</a></li>");
    if charts.iter().any(|c| section_of(&c.name).is_none()) {
        out.push_str("<li><a href=\"#more-charts\">More charts</a></li>");
    }
    out.push_str("</ul></div></nav>\n<main class=\"wrap\">\n");

    if !model.warnings.is_empty() {
        out.push_str("<section id=\"warnings\"><h2>Warnings</h2><ul>");
        for warning in &model.warnings {
            w!(out, "<li>{}</li>", Esc(warning));
        }
        out.push_str("</ul></section>\n");
    }
    scores_section(&mut out, model, charts);
    pairwise_section(&mut out, model);
    if model.error_rates.is_some() || has("error-rates") {
        errors_section(&mut out, model, charts);
    }
    if model.breakdown.is_some() || has("length-buckets") || has("frequency-buckets") {
        breakdown_section(&mut out, model, charts);
    }
    explorer_section(&mut out, model, charts);
    let others: Vec<&ChartSvg> = charts
        .iter()
        .filter(|c| section_of(&c.name).is_none())
        .collect();
    if !others.is_empty() {
        out.push_str("<section id=\"more-charts\"><h2>More charts</h2>");
        figures(&mut out, others.into_iter());
        out.push_str("</section>\n");
    }
    w!(
        out,
        "</main>\n<footer><div class=\"wrap\">Made by {} on {}. Every number on this page, at full \
         precision and for every segment, is in <code>report.json</code> beside this file.\
         </div></footer>\n<script>{JS}</script>\n</body>\n</html>\n",
        Esc(&model.mtmeter),
        Esc(&model.generated)
    );
    out
}

/// The section a chart belongs to, by its name's prefix.
fn section_of(name: &str) -> Option<&'static str> {
    [
        ("scores-", "scores"),
        ("delta-", "scores"),
        ("error-rates", "errors"),
        ("length-buckets", "breakdowns"),
        ("frequency-buckets", "breakdowns"),
        ("sentence-distribution", "explorer"),
    ]
    .into_iter()
    .find(|(p, _)| name.starts_with(p))
    .map(|(_, s)| s)
}

fn charts_with<'a>(
    charts: &'a [ChartSvg],
    prefix: &'a str,
) -> impl Iterator<Item = &'a ChartSvg> + 'a {
    charts.iter().filter(move |c| c.name.starts_with(prefix))
}

fn figures<'a>(out: &mut String, charts: impl Iterator<Item = &'a ChartSvg>) {
    let mut any = false;
    for c in charts {
        if !any {
            out.push_str("<div class=\"charts\">");
            any = true;
        }
        w!(
            out,
            "<figure id=\"chart-{}\">{}<figcaption>{} · <a href=\"{}\">PNG</a></figcaption></figure>",
            Esc(&c.name),
            c.svg,
            Esc(&c.title),
            Esc(&c.png_path)
        );
    }
    if any {
        out.push_str("</div>");
    }
}

fn header(out: &mut String, m: &ReportModel) {
    let t = &m.test_set;
    w!(
        out,
        "<header class=\"top\"><div class=\"wrap\"><h1>{}</h1><p class=\"sub\">Machine translation \
         evaluation report{}</p><dl class=\"facts\">",
        Esc(&t.name),
        t.language_pair
            .as_deref()
            .map(|p| format!(" · {}", Esc(p)))
            .unwrap_or_default()
    );
    let fact = |out: &mut String, k: &str, v: &str| {
        w!(out, "<div><dt>{}</dt><dd>{}</dd></div>", Esc(k), Esc(v));
    };
    fact(
        out,
        "Language pair",
        t.language_pair.as_deref().unwrap_or("—"),
    );
    fact(out, "Segments", &t.segments.to_string());
    fact(out, "References", &t.references.len().to_string());
    fact(out, "Systems", &m.systems.len().to_string());
    fact(
        out,
        "Baseline",
        m.systems.get(m.baseline).map_or("—", |s| s.name.as_str()),
    );
    if let Some(s) = &m.significance {
        fact(
            out,
            "Significance",
            &format!("{}, {} samples, seed {}", s.test.name(), s.samples, s.seed),
        );
    }
    fact(out, "Version", &m.mtmeter);
    fact(out, "Generated", &m.generated);
    out.push_str("</dl>");

    out.push_str(
        "<details><summary>Signatures</summary><div class=\"scroll\"><table>\
         <caption>Metric signatures (sacreBLEU format)</caption><thead><tr>\
         <th scope=\"col\">Metric</th><th scope=\"col\">Corpus score</th>\
         <th scope=\"col\">Sentence scores</th></tr></thead><tbody>",
    );
    for metric in &m.metrics {
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
            Esc(&metric.name),
            Esc(&metric.signature),
            Esc(&metric.sentence_signature)
        );
    }
    if let Some(sig) = &m.error_rates_signature {
        w!(
            out,
            "<tr><th scope=\"row\">Error rates (Hjerson)</th><td class=\"mono\">{}</td><td></td></tr>",
            Esc(sig)
        );
    }
    out.push_str("</tbody></table></div></details>");

    out.push_str(
        "<details><summary>Content hashes (SHA-256)</summary><div class=\"scroll\"><table>\
         <caption>SHA-256 of each text, segments joined by newlines</caption><thead><tr>\
         <th scope=\"col\">Role</th><th scope=\"col\">Name</th><th scope=\"col\">Path</th>\
         <th scope=\"col\">SHA-256</th></tr></thead><tbody>",
    );
    let rows = t
        .source
        .iter()
        .map(|d| ("source", d))
        .chain(t.references.iter().map(|d| ("reference", d)))
        .chain(m.systems.iter().map(|d| ("system", d)));
    for (role, d) in rows {
        w!(
            out,
            "<tr><td>{role}</td><th scope=\"row\">{}</th><td class=\"mono\">{}</td>\
             <td class=\"mono\">{}</td></tr>",
            Esc(&d.name),
            Esc(&d.path),
            Esc(&d.sha256)
        );
    }
    out.push_str("</tbody></table></div></details></div></header>\n");
}

fn f1(x: f64) -> String {
    format!("{x:.1}")
}

fn interval(ci: Option<(f64, f64)>) -> String {
    ci.map_or_else(String::new, |(lo, hi)| {
        format!("<span class=\"ci\">[{lo:.1}, {hi:.1}]</span>")
    })
}

fn system_name(m: &ReportModel, s: usize) -> String {
    let name = m.systems.get(s).map_or("?", |d| d.name.as_str());
    if s == m.baseline {
        format!("{}<span class=\"tag\">baseline</span>", Esc(name))
    } else {
        Esc(name).to_string()
    }
}

fn scores_section(out: &mut String, m: &ReportModel, charts: &[ChartSvg]) {
    let baseline = m.systems.get(m.baseline).map_or("", |s| s.name.as_str());
    w!(
        out,
        "<section id=\"scores\"><h2>Scores</h2><p>Corpus scores with their 95&nbsp;% bootstrap \
         interval; Δ is each system's score minus the baseline's (<b>{}</b>) in the metric's own \
         units, with the 95&nbsp;% interval of the paired differences. The p-value is the paired \
         test against the baseline: <span class=\"sig\">*</span> marks p&nbsp;&lt;&nbsp;{ALPHA}, \
         <span class=\"ns\">n.s.</span> a difference that is not significant. For TER lower is \
         better, so a negative Δ is an improvement; ▲ and ▼ mark better and worse whatever the \
         metric.</p><p><b>Human agreement</b> is the estimated share of system pairs with a Δ of \
         this size where human judges agree with the metric on which system is better, from \
         Kocmi, Zouhar, Federmann and Post (2024), “Navigating the Metrics Maze: Reconciling \
         Score Magnitudes and Accuracies”, ACL&nbsp;2024: accuracy(Δ)&nbsp;=&nbsp;a&nbsp;/&nbsp;(1\
         &nbsp;+&nbsp;e<sup>−b·|Δ|</sup>), fitted on 6,530 human-judged system pairs. It says \
         how much a difference of that size can be trusted, beyond statistical significance; \
         TER was not calibrated and is left blank.</p>",
        Esc(baseline)
    );
    for metric in &m.metrics {
        score_table(out, m, metric);
    }
    figures(
        out,
        charts_with(charts, "scores-").chain(charts_with(charts, "delta-")),
    );
    out.push_str("</section>\n");
}

fn score_table(out: &mut String, m: &ReportModel, metric: &MetricReport) {
    let direction = if metric.higher_is_better {
        "higher is better"
    } else {
        "lower is better"
    };
    w!(
        out,
        "<div class=\"metric-block scroll\"><table class=\"sortable scores\" id=\"scores-{}\">\
         <caption>{} ({direction})</caption><thead><tr><th scope=\"col\">System</th>\
         <th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">95&nbsp;% CI</th>\
         <th scope=\"col\" class=\"num\">Δ vs baseline</th>\
         <th scope=\"col\" class=\"num\">95&nbsp;% CI of Δ</th>\
         <th scope=\"col\" class=\"num\">p-value</th>\
         <th scope=\"col\" class=\"num\">Human agreement</th></tr></thead><tbody>",
        Esc(&metric.key),
        Esc(&metric.name),
        Esc(&metric.name)
    );
    for (s, score) in metric.systems.iter().enumerate() {
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\" data-sort=\"{}\"><b>{}</b></td>\
             <td class=\"num\">{}</td>",
            system_name(m, s),
            score.score,
            f1(score.score),
            interval(score.ci)
        );
        match (score.delta, score.quality_delta) {
            (Some(d), Some(q)) => {
                let (class, mark) = if q > 0.0 {
                    ("better", "▲")
                } else if q < 0.0 {
                    ("worse", "▼")
                } else {
                    ("", "")
                };
                w!(
                    out,
                    "<td class=\"num {class}\" data-sort=\"{d}\">{d:+.1} <span aria-hidden=\"true\">{mark}</span></td>"
                );
            }
            _ => out.push_str("<td class=\"num\" data-sort=\"\">—</td>"),
        }
        w!(out, "<td class=\"num\">{}</td>", interval(score.delta_ci));
        match score.p_value {
            Some(p) if score.significant => w!(
                out,
                "<td class=\"num\" data-sort=\"{p}\">{p:.4} <span class=\"sig\" title=\"significant at p &lt; {ALPHA}\">*</span></td>"
            ),
            Some(p) => w!(
                out,
                "<td class=\"num\" data-sort=\"{p}\">{p:.4} <span class=\"ns\">n.s.</span></td>"
            ),
            None if s == m.baseline => {
                out.push_str("<td class=\"num ns\" data-sort=\"\">baseline</td>")
            }
            None => out.push_str("<td class=\"num\" data-sort=\"\"></td>"),
        }
        match score.agreement {
            Some(a) => w!(
                out,
                "<td class=\"num\" data-sort=\"{a}\">{a:.1}&nbsp;%</td>"
            ),
            None => out.push_str("<td class=\"num\" data-sort=\"\"></td>"),
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

fn pairwise_section(out: &mut String, m: &ReportModel) {
    out.push_str(
        "<section id=\"pairwise\"><h2>Pairwise significance</h2><p>Paired-bootstrap p-values of \
         every pair of systems (row against column); <span class=\"sig\">*</span> and a tinted \
         cell mark p&nbsp;&lt;&nbsp;0.05. Clusters list systems best first; a new cluster starts \
         at the first system that the current cluster's leader beats significantly, so systems \
         in one cluster are not significantly different from its leader.</p>",
    );
    for metric in &m.metrics {
        out.push_str("<div class=\"metric-block\">");
        match &metric.pairwise {
            Some(matrix) => {
                w!(
                    out,
                    "<div class=\"scroll\"><table class=\"pairwise\"><caption>{}: p-value of \
                     each pair of systems</caption><thead><tr><td></td>",
                    Esc(&metric.name)
                );
                for s in 0..m.systems.len() {
                    w!(
                        out,
                        "<th scope=\"col\" class=\"num\">{}</th>",
                        system_name(m, s)
                    );
                }
                out.push_str("</tr></thead><tbody>");
                for (i, row) in matrix.iter().enumerate() {
                    w!(out, "<tr><th scope=\"row\">{}</th>", system_name(m, i));
                    for (j, p) in row.iter().enumerate() {
                        match p {
                            _ if i == j => out.push_str("<td class=\"diag\">—</td>"),
                            Some(p) if *p < ALPHA => w!(
                                out,
                                "<td class=\"num p-sig\">{p:.4} <span class=\"sig\">*</span></td>"
                            ),
                            Some(p) => w!(
                                out,
                                "<td class=\"num\">{p:.4} <span class=\"ns\">n.s.</span></td>"
                            ),
                            None => out.push_str("<td class=\"num\"></td>"),
                        }
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table></div>");
            }
            None => out.push_str(
                "<p class=\"note\">No pairwise test was run for this metric (request \
                 pairwise significance to fill this matrix).</p>",
            ),
        }
        w!(
            out,
            "<p class=\"note\" id=\"clusters-{}\">Clusters of systems not significantly \
             different, best first:</p><ol class=\"clusters\">",
            Esc(&metric.key)
        );
        for (k, cluster) in metric.clusters.iter().enumerate() {
            let names: Vec<String> = cluster.iter().map(|&s| system_name(m, s)).collect();
            w!(out, "<li><b>{}</b>{}</li>", k + 1, names.join(", "));
        }
        out.push_str("</ol></div>");
    }
    out.push_str("</section>\n");
}

fn category_class(c: Category) -> Option<&'static str> {
    match c {
        Category::Correct => None,
        Category::Missing => Some("c-miss"),
        Category::Extra => Some("c-ext"),
        Category::Lexical => Some("c-lex"),
        Category::Reordering => Some("c-reord"),
        Category::Inflection => Some("c-infl"),
    }
}

fn category_name(c: Category) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(k, _, _)| *k == c)
        .map_or("correct", |(_, n, _)| n)
}

/// A word as the page marks it: category colour plus its label as a superscript.
fn word(out: &mut String, text: &str, c: Category) {
    match category_class(c) {
        Some(class) => w!(
            out,
            "<span class=\"w {class}\" title=\"{}\">{}<sup>{}</sup></span>",
            category_name(c),
            Esc(text),
            c.label()
        ),
        None => w!(out, "{}", Esc(text)),
    }
}

fn legend(out: &mut String) {
    out.push_str("<ul class=\"legend\" aria-label=\"Error categories\">");
    for (c, name, what) in CATEGORIES {
        out.push_str("<li>");
        word(out, name, c);
        w!(out, " {what}</li>");
    }
    out.push_str("</ul>");
}

fn errors_section(out: &mut String, m: &ReportModel, charts: &[ChartSvg]) {
    out.push_str(
        "<section id=\"errors\"><h2>Error categories</h2><p>Hjerson's five error classes \
         (Popović 2011), as rates in percent: missing words over reference words, the other \
         classes over output words. Lower is better.</p>",
    );
    legend(out);
    if let Some(rates) = &m.error_rates {
        out.push_str(
            "<div class=\"scroll\"><table class=\"sortable\" id=\"error-rates\"><caption>Error \
             rates per system (%)</caption><thead><tr><th scope=\"col\">System</th>",
        );
        for (c, name, _) in CATEGORIES {
            w!(
                out,
                "<th scope=\"col\" class=\"num\">{name} <span class=\"mono\">({})</span></th>",
                c.label()
            );
        }
        out.push_str("</tr></thead><tbody>");
        for (s, r) in rates.iter().enumerate() {
            w!(out, "<tr><th scope=\"row\">{}</th>", system_name(m, s));
            // `as_array` follows `ErrorRates::NAMES`, the legend's order.
            debug_assert_eq!(ErrorRates::NAMES[0], CATEGORIES[0].1);
            for v in r.as_array() {
                w!(out, "<td class=\"num\" data-sort=\"{v}\">{v:.2}</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }
    figures(out, charts_with(charts, "error-rates"));
    out.push_str("</section>\n");
}

fn breakdown_section(out: &mut String, m: &ReportModel, charts: &[ChartSvg]) {
    out.push_str(
        "<section id=\"breakdowns\"><h2>Breakdowns</h2><p>compare-mt's analyses (Neubig et al. \
         2019): scores by reference length, word accuracy by word frequency, and the n-grams \
         that one system gets right more often than another.</p>",
    );
    if let Some(b) = &m.breakdown {
        length_table(out, m, b);
        figures(out, charts_with(charts, "length-buckets"));
        frequency_table(out, m, b);
        figures(out, charts_with(charts, "frequency-buckets"));
        ngrams(out, m, b);
    } else {
        figures(
            out,
            charts_with(charts, "length-buckets").chain(charts_with(charts, "frequency-buckets")),
        );
    }
    out.push_str("</section>\n");
}

fn length_table(out: &mut String, m: &ReportModel, b: &Breakdown) {
    out.push_str(
        "<h3>By reference length</h3><div class=\"scroll\"><table class=\"sortable\" \
         id=\"length-buckets\"><caption>Corpus BLEU by reference length (words); mean sentence \
         chrF in report.json</caption><thead><tr><th scope=\"col\">Length</th>\
         <th scope=\"col\" class=\"num\">Segments</th>",
    );
    for s in 0..b.systems.len() {
        w!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            system_name(m, s)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for (k, bucket) in b.length_buckets.iter().enumerate() {
        w!(
            out,
            "<tr><th scope=\"row\" data-sort=\"{k}\">{}</th><td class=\"num\">{}</td>",
            Esc(&bucket.label),
            bucket.sentences
        );
        for s in &bucket.systems {
            match s.bleu {
                Some(v) => w!(out, "<td class=\"num\" data-sort=\"{v}\">{v:.1}</td>"),
                None => out.push_str("<td class=\"num\" data-sort=\"\">—</td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

fn frequency_table(out: &mut String, m: &ReportModel, b: &Breakdown) {
    let source = match &b.frequency_source {
        FrequencySource::References => "counted in the references".to_owned(),
        FrequencySource::Training { path } => format!("counted in {}", Esc(path)),
    };
    w!(
        out,
        "<h3>By word frequency</h3><div class=\"scroll\"><table class=\"sortable\" \
         id=\"frequency-buckets\"><caption>Word F-measure by frequency bucket (frequencies \
         {source})</caption><thead><tr><th scope=\"col\">Frequency</th>\
         <th scope=\"col\" class=\"num\">Reference words</th>"
    );
    for s in 0..b.systems.len() {
        w!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            system_name(m, s)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for (k, bucket) in b.word_accuracy.iter().enumerate() {
        w!(
            out,
            "<tr><th scope=\"row\" data-sort=\"{k}\">{}</th><td class=\"num\">{}</td>",
            Esc(&bucket.label),
            bucket.reference_words
        );
        for s in &bucket.systems {
            w!(
                out,
                "<td class=\"num\" data-sort=\"{}\">{:.3}</td>",
                s.f_measure,
                s.f_measure
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

fn ngrams(out: &mut String, m: &ReportModel, b: &Breakdown) {
    let Some(baseline) = m.systems.get(m.baseline).map(|s| s.name.as_str()) else {
        return;
    };
    let pairs: Vec<_> = b
        .ngrams
        .iter()
        .filter(|p| p.left == baseline || p.right == baseline)
        .collect();
    if pairs.is_empty() {
        return;
    }
    w!(
        out,
        "<h3>Characteristic n-grams</h3><p class=\"note\">Each system against the baseline: the \
         {NGRAMS_SHOWN} n-grams each side matches in the reference more often than the other, \
         most characteristic first (score = (left + α) / (left + right + 2α); above 0.5 favours \
         the left system). Other pairs and longer lists are in report.json.</p>"
    );
    for (k, pair) in pairs.iter().enumerate() {
        w!(
            out,
            "<details class=\"pair\"{}><summary>{} vs {}</summary><div class=\"grid2\">",
            if k == 0 { " open" } else { "" },
            Esc(&pair.left),
            Esc(&pair.right)
        );
        for (winner, list) in [
            (&pair.left, &pair.left_better),
            (&pair.right, &pair.right_better),
        ] {
            w!(
                out,
                "<div class=\"scroll\"><table><caption>Better in {}</caption><thead><tr>\
                 <th scope=\"col\">n-gram</th><th scope=\"col\" class=\"num\">Score</th>\
                 <th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th>\
                 </tr></thead><tbody>",
                Esc(winner),
                Esc(&pair.left),
                Esc(&pair.right)
            );
            for g in list.iter().take(NGRAMS_SHOWN) {
                w!(
                    out,
                    "<tr><th scope=\"row\" dir=\"auto\"{}>{}</th><td class=\"num\">{:.3}</td>\
                     <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    target_lang(m),
                    Esc(&g.ngram),
                    g.score,
                    g.left_matches,
                    g.right_matches
                );
            }
            out.push_str("</tbody></table></div>");
        }
        out.push_str("</div></details>");
    }
}

/// ` lang="fr"` for target-language text, or ` lang=""` (language unknown) — better than
/// inheriting the page's English.
fn target_lang(m: &ReportModel) -> String {
    format!(" lang=\"{}\"", Esc(m.test_set.languages().1.unwrap_or("")))
}

fn source_lang(m: &ReportModel) -> String {
    format!(" lang=\"{}\"", Esc(m.test_set.languages().0.unwrap_or("")))
}

fn explorer_section(out: &mut String, m: &ReportModel, charts: &[ChartSvg]) {
    let shown = m.explorer.len();
    let total = m.test_set.segments;
    let order_metric = m
        .sentence_metric()
        .and_then(|i| m.metrics.get(i))
        .map_or("the first metric", |x| x.name.as_str());
    w!(
        out,
        "<section id=\"explorer\"><h2>Segment explorer</h2><p id=\"explorer-cap\"><b>Showing \
         {shown} of {total} segments</b>{}; all are in report.json. Segments are ordered by the \
         size of the sentence-{} difference between the baseline and the best other system on \
         that segment, largest first.</p>",
        if shown < total {
            format!(" (the page shows at most {})", m.explorer_cap)
        } else {
            String::new()
        },
        Esc(order_metric)
    );
    figures(out, charts_with(charts, "sentence-distribution"));
    out.push_str(
        "<p class=\"note\">Each output is shown as the analysis tokenized it, every word that \
         is an error marked with its category (colour and the superscript label); under it, the \
         reference it was compared with, with the words the output misses. The text as each system \
         wrote it is under “Outputs as written”.</p>",
    );
    legend(out);
    out.push_str(
        "<form class=\"filters\" id=\"filters\" hidden onsubmit=\"return false\">\
         <label>System<select id=\"f-sys\"><option value=\"\">all systems</option>",
    );
    for (s, d) in m.systems.iter().enumerate() {
        w!(out, "<option value=\"{s}\">{}</option>", Esc(&d.name));
    }
    out.push_str(
        "</select></label><label>Error category<select id=\"f-cat\">\
         <option value=\"\">any</option>",
    );
    for (c, name, _) in CATEGORIES {
        w!(out, "<option value=\"{}\">{name}</option>", c.label());
    }
    out.push_str("</select></label><output id=\"f-count\" aria-live=\"polite\"></output></form>");
    for seg in &m.explorer {
        segment(out, m, seg);
    }
    out.push_str("</section>\n");
}

fn words(out: &mut String, ws: &[LabelledWord]) {
    for (k, wd) in ws.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        word(out, &wd.word, wd.label);
    }
}

fn segment(out: &mut String, m: &ReportModel, seg: &ExplorerSegment) {
    let line = seg.index + 1;
    w!(
        out,
        "<article class=\"seg\" id=\"seg-{line}\"><h3><span>Segment {line}</span>"
    );
    if let (Some(mi), Some(best)) = (m.sentence_metric(), seg.best_other) {
        let name = m.metrics.get(mi).map_or("", |x| x.name.as_str());
        w!(
            out,
            "<span class=\"note\">Δ sentence {} {:+.1}: best other system {} vs baseline {}</span>",
            Esc(name),
            seg.delta,
            Esc(m.systems.get(best).map_or("?", |s| s.name.as_str())),
            Esc(m.systems.get(m.baseline).map_or("?", |s| s.name.as_str()))
        );
    }
    out.push_str("</h3><dl class=\"texts\">");
    let (src_lang, tgt_lang) = (source_lang(m), target_lang(m));
    if let Some(src) = &seg.source {
        w!(
            out,
            "<dt>Source</dt><dd dir=\"auto\"{src_lang}>{}</dd>",
            Esc(src)
        );
    }
    for (r, text) in seg.references.iter().enumerate() {
        // Name the reference only when there is a choice of references.
        let name = m
            .test_set
            .references
            .get(r)
            .filter(|_| seg.references.len() > 1)
            .map_or_else(String::new, |d| format!(" {}", Esc(&d.name)));
        w!(
            out,
            "<dt>Reference{name}</dt><dd dir=\"auto\"{tgt_lang}>{}</dd>",
            Esc(text)
        );
    }
    w!(
        out,
        "</dl><div class=\"scroll\"><table class=\"outs\"><caption class=\"vh\">System outputs of \
         segment {line}</caption><thead><tr><th scope=\"col\">System</th><th scope=\"col\">Output \
         (errors marked)</th>"
    );
    for metric in &m.metrics {
        w!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            Esc(&metric.name)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for (s, o) in seg.outputs.iter().enumerate() {
        // The filter's categories: a fixed-vocabulary list, never corpus text.
        let cats: Vec<&str> = CATEGORIES
            .iter()
            .map(|(c, _, _)| *c)
            .filter(|c| {
                o.words
                    .iter()
                    .chain(&o.reference_words)
                    .any(|w| w.label == *c)
            })
            .map(Category::label)
            .collect();
        w!(
            out,
            "<tr data-sys=\"{s}\" data-cats=\"{}\"><th scope=\"row\">{}</th>\
             <td class=\"text\" dir=\"auto\"{tgt_lang}>",
            cats.join(" "),
            system_name(m, s)
        );
        if o.words.is_empty() {
            w!(out, "{}", Esc(&o.text));
        } else {
            out.push_str("<div class=\"hyp\">");
            words(out, &o.words);
            out.push_str("</div>");
            if !o.reference_words.is_empty() {
                // Name the reference only when there is a choice of references.
                let r = o
                    .reference
                    .and_then(|r| m.test_set.references.get(r))
                    .filter(|_| m.test_set.references.len() > 1)
                    .map_or_else(String::new, |d| format!(" {}", Esc(&d.name)));
                w!(
                    out,
                    "<div class=\"refw\"><span class=\"lbl\">reference{r}:</span>"
                );
                words(out, &o.reference_words);
                out.push_str("</div>");
            }
        }
        out.push_str("</td>");
        for v in &o.scores {
            w!(out, "<td class=\"num\">{v:.1}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    if seg.outputs.iter().any(|o| !o.words.is_empty()) {
        // The labelled words are tokens; the text as the system wrote it is one click away.
        out.push_str(
            "<details class=\"raw\"><summary>Outputs as written</summary><dl class=\"texts\">",
        );
        for (s, o) in seg.outputs.iter().enumerate() {
            w!(
                out,
                "<dt>{}</dt><dd dir=\"auto\"{tgt_lang}>{}</dd>",
                Esc(m.systems.get(s).map_or("?", |d| d.name.as_str())),
                Esc(&o.text)
            );
        }
        out.push_str("</dl></details>");
    }
    out.push_str("</article>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, TextFile};
    use crate::evaluation::{
        AnalysisRequest, BreakdownRequest, Request, SignificanceRequest, SignificanceTest, evaluate,
    };
    use crate::report::model::ReportOptions;

    const HOSTILE: &str = "<script>alert(1)</script>";

    fn file(name: &str, lines: &[&str]) -> TextFile {
        TextFile::new(name, format!("{name}.fr"), lines.iter().copied())
    }

    fn model() -> ReportModel {
        model_for(&Request {
            metrics: vec!["bleu".into(), "chrf".into(), "ter".into()],
            sentence_level: true,
            significance: Some(SignificanceRequest::new(SignificanceTest::PairedBootstrap)),
            pairwise: true,
            analysis: Some(AnalysisRequest {
                breakdowns: Some(BreakdownRequest::default()),
                ..Default::default()
            }),
            ..Request::default()
        })
    }

    fn model_for(request: &Request) -> ReportModel {
        let refs = [
            "Le chat dort sur le tapis.",
            "Il pleut depuis ce matin.",
            "Nous partons demain matin.",
            "La réunion commence à dix heures.",
            "Elle a acheté du pain frais.",
            "Le train est en retard.",
        ];
        let corpus = Corpus {
            source: Some(TextFile::new(
                "source",
                "source.it",
                [
                    "Il gatto dorme sul tappeto.",
                    "Piove da stamattina.",
                    "Partiamo domani mattina.",
                    "La riunione inizia alle dieci.",
                    "Ha comprato del pane fresco.",
                    "Il treno è in ritardo.",
                ],
            )),
            references: vec![file(
                "ref",
                &[
                    refs[0],
                    refs[1],
                    refs[2],
                    refs[3],
                    "Elle a acheté du pain \"frais\" & <b>chaud</b>.",
                    refs[5],
                ],
            )],
            systems: vec![
                file(
                    "base",
                    &[
                        "Le chat dort sur un tapis.",
                        "Il pleut ce matin.",
                        "Nous partons demain.",
                        "La réunion commence dix heures.",
                        "Elle achète pain frais.",
                        "Le train en retard.",
                    ],
                ),
                file(
                    "<b onmouseover=\"x\">evil's</b>",
                    &[
                        refs[0],
                        HOSTILE,
                        "Nous partirons demain matin.",
                        refs[3],
                        "Elle a acheté du pain.",
                        "Le train est retard.",
                    ],
                ),
            ],
            ..Corpus::default()
        }
        .validated()
        .unwrap();
        let e = evaluate(&corpus, request).unwrap();
        ReportModel::build(
            &e,
            &corpus,
            &ReportOptions {
                test_set: "unit <test>".into(),
                language_pair: Some("it-fr".into()),
                generated: "2026-12-02T00:00:00Z".into(),
                explorer_cap: 4,
            },
        )
    }

    fn charts() -> Vec<ChartSvg> {
        ["scores-bleu", "delta-chrf", "error-rates", "odd-one"]
            .iter()
            .map(|n| ChartSvg {
                name: (*n).into(),
                title: format!("Chart {n}"),
                svg: format!("<svg viewBox=\"0 0 10 10\"><title>{n}</title></svg>"),
                png_path: format!("charts/{n}.png"),
            })
            .collect()
    }

    #[test]
    fn esc_escapes_every_special_character() {
        assert_eq!(
            Esc("a<b>&\"c'd é").to_string(),
            "a&lt;b&gt;&amp;&quot;c&#39;d é"
        );
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let html = render(&model(), &charts());
        // The only <script> element is the page's own.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<b onmouseover"));
        assert!(html.contains("&lt;b onmouseover=&quot;x&quot;&gt;evil&#39;s&lt;/b&gt;"));
        assert!(!html.contains("<b>chaud</b>"));
        assert!(html.contains("&quot;frais&quot; &amp; &lt;b&gt;chaud&lt;/b&gt;"));
        assert!(html.contains("unit &lt;test&gt;"));
    }

    #[test]
    fn no_external_url() {
        let html = render(&model(), &charts());
        for bad in ["http://", "https://", "//cdn", "url(", "@import", "src="] {
            assert!(!html.contains(bad), "{bad} in the page");
        }
        // Every href is an in-page anchor or a relative chart file.
        for part in html.split("href=\"").skip(1) {
            let target = &part[..part.find('"').unwrap()];
            assert!(
                target.starts_with('#') || target.starts_with("charts/"),
                "off-file link {target}"
            );
        }
    }

    #[test]
    fn every_system_in_every_score_table() {
        let m = model();
        let html = render(&m, &[]);
        for metric in &m.metrics {
            let start = html.find(&format!("id=\"scores-{}\"", metric.key)).unwrap();
            let table = &html[start..start + html[start..].find("</table>").unwrap()];
            for s in &m.systems {
                assert!(table.contains(&Esc(&s.name).to_string()), "{}", s.name);
            }
            assert_eq!(table.matches("<tr>").count(), 1 + m.systems.len());
        }
    }

    #[test]
    fn accessibility_markup_is_present() {
        let html = render(&model(), &charts());
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert_eq!(
            html.matches("<table").count(),
            html.matches("<caption").count()
        );
        for needle in [
            "scope=\"col\"",
            "scope=\"row\"",
            "dir=\"auto\" lang=\"fr\"",
            "dir=\"auto\" lang=\"it\"",
            "<sup>",
            "n.s.",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
    }

    #[test]
    fn charts_are_placed_by_prefix_and_none_is_lost() {
        let html = render(&model(), &charts());
        let pos = |s: &str| html.find(s).unwrap();
        assert!(pos("id=\"scores\"") < pos("id=\"chart-scores-bleu\""));
        assert!(pos("id=\"chart-delta-chrf\"") < pos("id=\"pairwise\""));
        assert!(pos("id=\"errors\"") < pos("id=\"chart-error-rates\""));
        assert!(pos("id=\"more-charts\"") < pos("id=\"chart-odd-one\""));
        assert!(html.contains("href=\"charts/scores-bleu.png\""));
    }

    #[test]
    fn filters_stay_hidden_without_javascript() {
        let html = render(&model(), &[]);
        assert!(html.contains("<form class=\"filters\" id=\"filters\" hidden"));
    }

    #[test]
    fn renders_without_significance_or_analysis() {
        let m = model_for(&Request {
            metrics: vec!["bleu".into()],
            sentence_level: true,
            ..Request::default()
        });
        let html = render(&m, &[]);
        assert!(html.contains("id=\"scores-bleu\""));
        assert!(html.contains("No pairwise test was run"));
        assert!(!html.contains("id=\"errors\""));
        assert!(html.contains("Showing 4 of 6 segments"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn explorer_states_its_cap() {
        let html = render(&model(), &[]);
        assert!(html.contains("Showing 4 of 6 segments"));
        assert_eq!(html.matches("<article class=\"seg\"").count(), 4);
    }
}
