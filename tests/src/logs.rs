//! Captures everything the server logs in this test process, so tests can check what never
//! appears in it (receipt codes). Set TEST_LOG=1 to see the lines too.

use std::io::Write;
use std::sync::{Mutex, OnceLock};
use tracing_subscriber::fmt::MakeWriter;

static BUFFER: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();

fn buffer() -> &'static Mutex<Vec<u8>> {
    BUFFER.get_or_init(|| Mutex::new(Vec::new()))
}

#[derive(Clone, Copy)]
pub struct CaptureWriter;

impl Write for CaptureWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = std::io::stderr().write_all(buf);
        }
        if let Ok(mut b) = buffer().lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for CaptureWriter {
    type Writer = CaptureWriter;

    fn make_writer(&'a self) -> Self::Writer {
        *self
    }
}

/// Installs the capture once per process, at debug level so that even debug lines are checked.
pub fn install() {
    intake::telemetry::init("debug", intake::config::LogFormat::Text, CaptureWriter);
}

/// Everything logged so far.
pub fn captured() -> String {
    buffer().lock().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}
