//! An uploaded file held on disk while the request is still arriving, so that a slow upload of
//! five 10 MB files costs the server a file descriptor, not 50 MB of memory. The file is anonymous
//! (unlinked from the start) and goes when this value is dropped, whatever happens to the request.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

pub struct Spooled {
    file: File,
    len: usize,
}

impl Spooled {
    pub fn new() -> io::Result<Self> {
        Ok(Self { file: tempfile::tempfile()?, len: 0 })
    }

    /// A spool holding these bytes (tests and small inputs).
    pub fn from_bytes(bytes: &[u8]) -> io::Result<Self> {
        let mut spool = Self::new()?;
        spool.append(bytes)?;
        Ok(spool)
    }

    /// Adds a chunk of the upload. One network chunk lands in the page cache in microseconds,
    /// which is why this blocking write is made on the request's own task.
    pub fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)?;
        self.len += bytes.len();
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The whole file in memory, to check and re-encode it. Blocking: call it off the runtime.
    pub fn into_bytes(mut self) -> io::Result<Vec<u8>> {
        self.file.seek(SeekFrom::Start(0))?;
        let mut bytes = Vec::with_capacity(self.len);
        self.file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_goes_in_comes_out() {
        let spool = Spooled::from_bytes(b"%PDF-1.4 evidence").and_then(|mut s| {
            s.append(b" and more")?;
            Ok(s)
        });
        assert!(spool.as_ref().is_ok_and(|s| s.len() == 26));
        assert_eq!(spool.and_then(Spooled::into_bytes).ok(), Some(b"%PDF-1.4 evidence and more".to_vec()));
    }
}
