//! Downloading a test set's raw files into sacreBLEU's cache (`utils.download_file`): every URL
//! of the set, checked against its md5, unpacked if it is an archive. Atomic: the download goes
//! to a temporary file and an archive is unpacked into a temporary folder next to it; only once
//! both are complete are they renamed into place (the download last, since sacreBLEU takes an
//! existing download as finished). A failed, truncated or mismatching download leaves nothing.

use std::path::Path;

use super::TestSetError;
use super::cache::SetDir;
use super::table::Dataset;

/// Fetch every download of `ds` that is not in the cache yet.
pub fn download_all(ds: &Dataset, dir: &SetDir) -> Result<(), TestSetError> {
    for (i, url) in ds.data.iter().enumerate() {
        let expected = ds.md5.as_ref().and_then(|m| m.get(i)).map(String::as_str);
        let dest = dir.download_file(url);
        if std::fs::metadata(&dest).is_ok_and(|m| m.len() > 0) {
            continue;
        }
        fetch(url, expected, &dest, &dir.raw)?;
    }
    Ok(())
}

#[cfg(feature = "download")]
fn fetch(url: &str, expected: Option<&str>, dest: &Path, raw: &Path) -> Result<(), TestSetError> {
    use md5::{Digest, Md5};
    use std::io::{Read, Write};
    use std::time::Duration;

    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| TestSetError::Io { path, source }
    };
    let failed = |message: String| TestSetError::Download {
        url: url.to_owned(),
        message,
    };
    std::fs::create_dir_all(raw).map_err(io(raw))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_per_read(Some(Duration::from_secs(120)))
        .user_agent(concat!("mtmeter/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => failed(format!("HTTP status {code}")),
        e => failed(e.to_string()),
    })?;
    let mut body = response.into_body().into_reader();
    let mut tmp = tempfile::Builder::new()
        .prefix(".mtmeter-download-")
        .tempfile_in(raw)
        .map_err(io(raw))?;
    let mut md5 = Md5::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(failed(format!("download interrupted: {e}"))),
        };
        md5.update(&buf[..n]);
        tmp.write_all(&buf[..n]).map_err(io(tmp.path()))?;
    }
    tmp.flush().map_err(io(tmp.path()))?;
    let got: String = md5.finalize().iter().map(|b| format!("{b:02x}")).collect();
    if let Some(expected) = expected
        && got != expected
    {
        return Err(TestSetError::Checksum {
            url: url.to_owned(),
            got,
            expected: expected.to_owned(),
        });
    }
    let name = dest.to_string_lossy().into_owned();
    if name.ends_with(".tar.gz") || name.ends_with(".tgz") || name.ends_with(".zip") {
        let unpacked = tempfile::Builder::new()
            .prefix(".mtmeter-unpack-")
            .tempdir_in(raw)
            .map_err(io(raw))?;
        let file = std::fs::File::open(tmp.path()).map_err(io(tmp.path()))?;
        if name.ends_with(".zip") {
            super::zip::extract(file, unpacked.path())
                .map_err(|e| failed(format!("cannot unpack: {e}")))?;
        } else {
            let mut archive = tar::Archive::new(flate2::read::MultiGzDecoder::new(file));
            archive
                .unpack(unpacked.path())
                .map_err(|e| failed(format!("cannot unpack: {e}")))?;
        }
        move_entries(unpacked.path(), raw)?;
    }
    tmp.persist(dest).map_err(|e| io(dest)(e.error))?;
    Ok(())
}

/// Move what an archive unpacked into `raw`, merging folders that exist already (several sets
/// of one archive share a `raw/`... only within one set: each set has its own folder).
#[cfg(feature = "download")]
fn move_entries(from: &Path, to: &Path) -> Result<(), TestSetError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| TestSetError::Io { path, source }
    };
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let target = to.join(entry.file_name());
        if entry.file_type().map_err(io(from))?.is_dir() && target.is_dir() {
            move_entries(&entry.path(), &target)?;
        } else {
            std::fs::rename(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}

#[cfg(not(feature = "download"))]
fn fetch(url: &str, _: Option<&str>, dest: &Path, _: &Path) -> Result<(), TestSetError> {
    Err(TestSetError::Download {
        url: url.to_owned(),
        message: format!(
            "not in the cache ({}) and this mtmeter was built without the `download` feature",
            dest.display()
        ),
    })
}
