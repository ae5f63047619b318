//! Evidence files: the kinds accepted, recognised by their bytes (never by their names or by the
//! content type the client claims), the limits, and the name a file is shown and downloaded under.

use super::text::clean_text;

/// Files per complaint. Evidence is for the office to read, not an archive: a few photos of pay
/// slips, chats or a contract.
pub const MAX_FILES_PER_COMPLAINT: usize = 5;

/// Bytes per uploaded file: a phone photo is 2–6 MiB, a scanned contract as PDF a few MiB.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Characters of a stored file name, extension included.
pub const FILENAME_MAX_CHARS: usize = 100;

/// What the uploaded bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Jpeg,
    Png,
    WebP,
    Pdf,
}

impl FileKind {
    /// The kind by the file's signature; `None` for anything not accepted (an executable named
    /// photo.jpg, an archive, a Word file …). A PDF must start with `%PDF-`: readers accept a
    /// header anywhere in the first kilobyte, which lets other formats pass as PDF.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match infer::get(bytes)?.mime_type() {
            "image/jpeg" => Some(Self::Jpeg),
            "image/png" => Some(Self::Png),
            "image/webp" => Some(Self::WebP),
            "application/pdf" if bytes.starts_with(b"%PDF-") => Some(Self::Pdf),
            _ => None,
        }
    }

    /// How it is stored: photos in JPEG and WebP become JPEG (every office's computer opens it),
    /// PNG (screenshots, sharp text) stays PNG.
    pub fn stored_as(self) -> StoredType {
        match self {
            Self::Jpeg | Self::WebP => StoredType::Jpeg,
            Self::Png => StoredType::Png,
            Self::Pdf => StoredType::Pdf,
        }
    }
}

/// The type of a stored file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredType {
    Jpeg,
    Png,
    Pdf,
}

impl StoredType {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }
}

/// The uploader's name made safe to show and to offer as a download name: the last path segment
/// only (browsers on Windows sent whole paths), cleaned as all text is ([`clean_text`]: names are
/// shown to officers, and "photo\u{202E}gpj.exe" shows as "photoexe.jpg"), without control
/// characters, without leading or trailing dots and spaces, at most [`FILENAME_MAX_CHARS`]
/// characters. Empty when nothing is left.
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept = clean_text(&last.chars().filter(|c| !c.is_control()).collect::<String>());
    let trimmed = kept.trim_matches(|c: char| c == '.' || c.is_whitespace());
    trimmed.chars().take(FILENAME_MAX_CHARS).collect()
}

/// Whether the text after a name's last dot looks like an extension (`jpg`, `JPEG`, `exe`, `v2`)
/// rather than part of the name (`IMG_2024.05.01`).
fn is_extension(ext: &str) -> bool {
    let mut chars = ext.chars();
    (1..=5).contains(&ext.len())
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// The name a stored file is shown and downloaded under: the cleaned name with its extension
/// replaced by the stored type's, so that the name never claims another type than the bytes.
pub fn stored_filename(raw: &str, stored: StoredType) -> String {
    let name = clean_name(raw);
    let stem = match name.rsplit_once('.') {
        Some((stem, ext)) if is_extension(ext) => stem,
        _ => name.as_str(),
    };
    let stem = stem.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = if stem.is_empty() { "evidence" } else { stem };
    let ext = stored.extension();
    let room = FILENAME_MAX_CHARS.saturating_sub(ext.len() + 1);
    let stem: String = stem.chars().take(room).collect();
    format!("{}.{ext}", stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(FileKind::Jpeg));
        assert_eq!(FileKind::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"), Some(FileKind::Png));
        assert_eq!(FileKind::sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(FileKind::WebP));
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some(FileKind::Pdf));
        assert_eq!(FileKind::sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"), None, "a Windows executable");
        assert_eq!(FileKind::sniff(b"\x7fELF\x02\x01\x01\0"), None);
        assert_eq!(FileKind::sniff(b"PK\x03\x04\x14\0\0\0"), None, "zip, docx");
        assert_eq!(FileKind::sniff(b"GIF89a\x01\0\x01\0"), None, "not accepted");
        assert_eq!(FileKind::sniff(b"junk before %PDF-1.4"), None, "a PDF starts with its header");
        assert_eq!(FileKind::sniff(b""), None);
        assert_eq!(FileKind::sniff(b"just some text"), None);
    }

    #[test]
    fn names_lose_paths_controls_and_hidden_characters() {
        assert_eq!(clean_name("C:\\Users\\wang\\Desktop\\工资条.jpg"), "工资条.jpg");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b\nc\u{7f}.png"), "abc.png");
        assert_eq!(clean_name("photo\u{202E}gpj.exe"), "photogpj.exe");
        assert_eq!(clean_name("\u{2067}cafe\u{0301}\u{061C}.png"), "caf\u{e9}.png");
        assert_eq!(clean_name(" ..hidden. "), "hidden");
        assert_eq!(clean_name("dir/"), "");
        assert_eq!(clean_name(&"长".repeat(300)).chars().count(), FILENAME_MAX_CHARS);
    }

    #[test]
    fn stored_names_carry_the_stored_type() {
        assert_eq!(stored_filename("IMG_0001.JPG", StoredType::Jpeg), "IMG_0001.jpg");
        assert_eq!(stored_filename("chat.webp", StoredType::Jpeg), "chat.jpg");
        assert_eq!(stored_filename("photo.jpg", StoredType::Png), "photo.png");
        assert_eq!(stored_filename("合同", StoredType::Pdf), "合同.pdf");
        assert_eq!(stored_filename("IMG_2024.05.01", StoredType::Jpeg), "IMG_2024.05.01.jpg");
        assert_eq!(stored_filename("report.v2", StoredType::Pdf), "report.pdf");
        assert_eq!(stored_filename("", StoredType::Jpeg), "evidence.jpg");
        assert_eq!(stored_filename(".jpg", StoredType::Jpeg), "jpg.jpg");
        assert_eq!(stored_filename("a/b/..", StoredType::Png), "evidence.png");
        let long = stored_filename(&format!("{}.jpeg", "长".repeat(300)), StoredType::Jpeg);
        assert_eq!(long.chars().count(), FILENAME_MAX_CHARS);
        assert!(long.ends_with("长.jpg"));
    }
}
