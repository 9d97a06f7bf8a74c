//! Unpacking the two `.zip` downloads of sacreBLEU's table (wmt20/robust, wmt17/ms): stored and
//! deflated entries, CRC-checked, no ZIP64. Small enough to keep a zip crate out of the build.

use std::io::Read;
use std::path::{Component, Path};

fn u16_at(b: &[u8], i: usize) -> Option<usize> {
    Some(usize::from(u16::from_le_bytes(
        b.get(i..i + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], i: usize) -> Option<usize> {
    usize::try_from(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?)).ok()
}

/// Unpack the archive `file` into `to`.
pub fn extract(mut file: std::fs::File, to: &Path) -> Result<(), String> {
    let mut b = Vec::new();
    file.read_to_end(&mut b).map_err(|e| e.to_string())?;
    let bad = || "not a zip archive mtmeter can read".to_owned();
    // End of central directory: the last "PK\5\6" within the final 64 KiB + 22 bytes.
    let floor = b.len().saturating_sub(65_557);
    let eocd = (floor..b.len().saturating_sub(21))
        .rev()
        .find(|&i| b[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or_else(bad)?;
    let entries = u16_at(&b, eocd + 10).ok_or_else(bad)?;
    let mut p = u32_at(&b, eocd + 16).ok_or_else(bad)?;
    for _ in 0..entries {
        if b.get(p..p + 4) != Some(&[0x50, 0x4b, 0x01, 0x02][..]) {
            return Err(bad());
        }
        let field = |o| u16_at(&b, p + o).ok_or_else(bad);
        let word = |o| u32_at(&b, p + o).ok_or_else(bad);
        let (method, crc, csize, usize_) = (field(10)?, word(16)?, word(20)?, word(24)?);
        let (nlen, elen, clen, local) = (field(28)?, field(30)?, field(32)?, word(42)?);
        let name =
            String::from_utf8_lossy(b.get(p + 46..p + 46 + nlen).ok_or_else(bad)?).into_owned();
        p += 46 + nlen + elen + clen;
        let rel = Path::new(&name);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(format!("unsafe path {name:?} in the archive"));
        }
        let target = to.join(rel);
        if name.ends_with('/') {
            std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
            continue;
        }
        if b.get(local..local + 4) != Some(&[0x50, 0x4b, 0x03, 0x04][..]) {
            return Err(bad());
        }
        let start = local
            + 30
            + u16_at(&b, local + 26).ok_or_else(bad)?
            + u16_at(&b, local + 28).ok_or_else(bad)?;
        let data = b.get(start..start + csize).ok_or_else(bad)?;
        let mut out = Vec::with_capacity(usize_);
        match method {
            0 => out.extend_from_slice(data),
            8 => {
                flate2::read::DeflateDecoder::new(data)
                    .read_to_end(&mut out)
                    .map_err(|e| format!("{name}: {e}"))?;
            }
            m => return Err(format!("{name}: compression method {m} is not supported")),
        }
        let mut check = flate2::Crc::new();
        check.update(&out);
        if out.len() != usize_ || check.sum() as usize != crc {
            return Err(format!("{name}: CRC or size mismatch"));
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(&target, out).map_err(|e| e.to_string())?;
    }
    Ok(())
}
