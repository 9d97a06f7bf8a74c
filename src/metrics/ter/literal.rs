//! `lib_ter.py` transcribed literally (tests only): full `(cost, op)` matrices, every candidate
//! computed from scratch, no caching, no backward pass. The oracle the optimized search in
//! `tercom` is compared with by property tests; never used outside tests.

const INF: i64 = 10_000_000_000_000_000;

fn edit_distance(h: &[u32], r: &[u32]) -> (i64, Vec<u8>) {
    let (n, m) = (h.len(), r.len());
    let mut dist = vec![vec![(INF, b'x'); m + 1]; n + 1];
    dist[0] = (0..=m).map(|j| (j as i64, b'i')).collect();
    let ratio = if n > 0 { m as f64 / n as f64 } else { 1.0 };
    let bw = if 25.0 < ratio / 2.0 {
        (ratio / 2.0 + 25.0).ceil() as i64
    } else {
        25
    };
    for i in 1..=n {
        let pd = (i as f64 * ratio).floor() as i64;
        let min_j = (pd - bw).max(0);
        let mut max_j = (m as i64 + 1).min(pd + bw);
        if i == n {
            max_j = m as i64 + 1;
        }
        for j in min_j as usize..max_j.max(0) as usize {
            if j == 0 {
                dist[i][0] = (dist[i - 1][0].0 + 1, b'd');
            } else {
                let (c, o) = if h[i - 1] == r[j - 1] {
                    (0, b' ')
                } else {
                    (1, b's')
                };
                for (cost, op) in [
                    (dist[i - 1][j - 1].0 + c, o),
                    (dist[i - 1][j].0 + 1, b'd'),
                    (dist[i][j - 1].0 + 1, b'i'),
                ] {
                    if dist[i][j].0 > cost {
                        dist[i][j] = (cost, op);
                    }
                }
            }
        }
    }
    let mut trace = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let op = dist[i][j].1;
        trace.push(op);
        match op {
            b's' | b' ' => {
                i -= 1;
                j -= 1
            }
            b'i' => j -= 1,
            b'd' => i -= 1,
            _ => panic!("unknown operation"),
        }
    }
    trace.reverse();
    (dist[n][m].0, trace)
}

fn perform_shift(w: &[u32], start: usize, len: usize, target: usize) -> Vec<u32> {
    let n = w.len();
    if target < start {
        [
            &w[..target],
            &w[start..start + len],
            &w[target..start],
            &w[start + len..],
        ]
        .concat()
    } else if target > start + len {
        [
            &w[..start],
            &w[start + len..target],
            &w[start..start + len],
            &w[target..],
        ]
        .concat()
    } else {
        let t2 = (len + target).min(n);
        [
            &w[..start],
            &w[start + len..t2],
            &w[start..start + len],
            &w[t2..],
        ]
        .concat()
    }
}

fn shift(h: &[u32], r: &[u32], checked: &mut usize) -> (i64, Vec<u32>) {
    let (pre, inv) = edit_distance(h, r);
    let (mut pos_h, mut pos_r) = (-1i64, -1i64);
    let (mut herr, mut rerr) = (Vec::new(), Vec::new());
    let mut align = std::collections::HashMap::new();
    for op in inv {
        // Flipped: a DP deletion is an insertion and vice versa.
        match op {
            b' ' | b's' => {
                pos_h += 1;
                pos_r += 1;
                align.insert(pos_r, pos_h);
                let e = i64::from(op == b's');
                herr.push(e);
                rerr.push(e);
            }
            b'd' => {
                pos_h += 1;
                herr.push(1);
            }
            _ => {
                pos_r += 1;
                align.insert(pos_r, pos_h);
                rerr.push(1);
            }
        }
    }
    let sum = |v: &[i64], a: usize, b: usize| v[a.min(v.len())..b.min(v.len())].iter().sum::<i64>();
    let mut best: Option<(i64, usize, i64, i64, Vec<u32>)> = None;
    'outer: for sh in 0..h.len() {
        for sr in 0..r.len() {
            if sr.abs_diff(sh) > 50 {
                continue;
            }
            let mut len = 0;
            while h[sh + len] == r[sr + len] && len < 10 {
                len += 1;
                // consumer
                let skip = sum(&herr, sh, sh + len) == 0
                    || sum(&rerr, sr, sr + len) == 0
                    || (sh as i64 <= align[&(sr as i64)]
                        && align[&(sr as i64)] < (sh + len) as i64);
                if !skip {
                    let mut prev_idx = -1;
                    for off in -1..len as i64 {
                        let k = sr as i64 + off;
                        let idx = if k == -1 {
                            0
                        } else if let Some(a) = align.get(&k) {
                            a + 1
                        } else {
                            break;
                        };
                        if idx == prev_idx {
                            continue;
                        }
                        prev_idx = idx;
                        let s = perform_shift(h, sh, len, idx as usize);
                        let c = (pre - edit_distance(&s, r).0, len, -(sh as i64), -idx, s);
                        *checked += 1;
                        if best.as_ref().is_none_or(|b| c > *b) {
                            best = Some(c);
                        }
                    }
                    if *checked >= 1000 {
                        break 'outer;
                    }
                }
                if h.len() == sh + len || r.len() == sr + len {
                    break;
                }
            }
        }
    }
    match best {
        None => (0, h.to_vec()),
        Some((score, _, _, _, s)) => (score, s),
    }
}

pub fn translation_edit_rate(h: &[u32], r: &[u32]) -> (usize, usize) {
    if r.is_empty() {
        return (h.len(), 0);
    }
    let mut input = h.to_vec();
    let (mut shifts, mut checked) = (0, 0);
    loop {
        let (delta, new) = shift(&input, r, &mut checked);
        if checked >= 1000 || delta <= 0 {
            break;
        }
        shifts += 1;
        input = new;
    }
    (shifts + edit_distance(&input, r).0 as usize, r.len())
}
