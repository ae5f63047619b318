//! The bytes of evidence files, in `<data dir>/attachments/<stored name>`. A file is written
//! under a temporary name, synced and then renamed, so that a stored name never points at half a
//! file, even after a power cut. Names are 32 random hex characters: nothing the uploader sent
//! reaches the file system.
//!
//! Instances that share a PostgreSQL database must share this directory too (a network file
//! system), as any instance may be asked for a file another one stored.
//!
//! Blocking I/O: call these off the async runtime (`spawn_blocking`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder of evidence files under the data directory.
pub fn directory(data_dir: &Path) -> PathBuf {
    data_dir.join("attachments")
}

/// A name as this module makes them; anything else is never joined to a path.
pub fn is_stored_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn path_of(dir: &Path, name: &str) -> io::Result<PathBuf> {
    if is_stored_name(name) {
        Ok(dir.join(name))
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, "not a stored file name"))
    }
}

/// Evidence holds personal data: only the service's own account may read it.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Writes the bytes durably under `name`, a fresh random name.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let target = path_of(dir, name)?;
    fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(".{name}.tmp"));
    let written = (|| {
        let mut file = create_private(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
        return written;
    }
    // The rename itself is durable once the directory is synced (not possible on every system).
    if let Ok(directory) = File::open(dir) {
        let _ = directory.sync_all();
    }
    Ok(())
}

pub fn read(dir: &Path, name: &str) -> io::Result<Vec<u8>> {
    fs::read(path_of(dir, name)?)
}

/// Removes files written for a change that was then not stored. Best effort: a file left behind
/// is named by no row, so nobody can reach it.
pub fn remove_all(dir: &Path, names: &[String]) {
    for name in names {
        if let Ok(path) = path_of(dir, name)
            && let Err(e) = fs::remove_file(&path)
            && e.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, file = %name, "could not remove an evidence file that was not stored");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> PathBuf {
        let random = crate::secrets::random_bytes::<8>().unwrap_or_default();
        std::env::temp_dir().join(format!("intake-storage-{}", hex::encode(random)))
    }

    #[test]
    fn files_are_written_read_and_removed_by_their_stored_names_only() {
        let dir = temp_dir();
        let name = "0123456789abcdef0123456789abcdef";
        assert!(write(&dir, name, b"evidence").is_ok());
        assert_eq!(read(&dir, name).unwrap_or_default(), b"evidence");
        let leftovers: Vec<_> = fs::read_dir(&dir).map(|d| d.flatten().count()).into_iter().collect();
        assert_eq!(leftovers, vec![1], "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.join(name)).map(|m| m.permissions().mode() & 0o777).unwrap_or_default();
            assert_eq!(mode, 0o600);
        }
        for bad in ["../etc/passwd", "0123456789ABCDEF0123456789ABCDEF", "", ".0123456789abcdef0123456789abcdef"] {
            assert!(read(&dir, bad).is_err(), "{bad}");
            assert!(write(&dir, bad, b"x").is_err(), "{bad}");
        }
        remove_all(&dir, &[name.to_owned()]);
        assert!(read(&dir, name).is_err());
        let _ = fs::remove_dir_all(&dir);
    }
}
