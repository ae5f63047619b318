//! Evidence files for the tests: small pictures, and a JPEG as a phone takes it, with EXIF and
//! GPS tags, to check that none of it survives storage.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use std::path::Path;

pub fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    let written = match format {
        ImageFormat::Jpeg => image.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90)),
        ImageFormat::WebP => image.write_with_encoder(WebPEncoder::new_lossless(&mut out)),
        _ => image.write_with_encoder(PngEncoder::new(&mut out)),
    };
    assert!(written.is_ok(), "{written:?}");
    out
}

/// A small photo, wider than tall.
pub fn photo(format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(24, 12, |x, y| Rgb([(x * 10) as u8, (y * 20) as u8, 90]));
    encoded(DynamicImage::ImageRgb8(image), format)
}

/// The GPS IFD of [`exif_tiff`], at offset 38 of it: GPSLatitudeRef "N" and GPSLatitude
/// 31°57'12.34" (its rationals follow at offset 68).
pub fn gps_ifd() -> Vec<u8> {
    let mut t = Vec::new();
    t.extend(2u16.to_le_bytes());
    t.extend([1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    t.extend([2, 0, 5, 0, 3, 0, 0, 0]);
    t.extend(68u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    for (n, d) in [(31u32, 1u32), (57, 1), (1234, 100)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    t
}

/// A little-endian TIFF header with IFD0 = Orientation 6 (turned 90°) and a GPS IFD pointer
/// (tag 0x8825).
fn exif_tiff() -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    t.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0]);
    t.extend(38u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    assert_eq!(t.len(), 38);
    t.extend(gps_ifd());
    t
}

/// A JPEG as a phone takes it: an APP1 `Exif\0\0` segment right after SOI.
pub fn photo_with_gps() -> Vec<u8> {
    let jpeg = photo(ImageFormat::Jpeg);
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(exif_tiff());
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(segment.len() + 2).unwrap_or(u16::MAX).to_be_bytes());
    out.extend(segment);
    out.extend(&jpeg[2..]);
    out
}

/// Whether a file carries an EXIF block or the GPS latitude of [`gps_ifd`].
pub fn has_exif(bytes: &[u8]) -> bool {
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    contains(b"Exif\0\0") || contains(&gps_ifd())
}

/// The contents of every stored evidence file under a data directory.
pub fn stored_attachments(data_dir: &Path) -> Vec<Vec<u8>> {
    std::fs::read_dir(data_dir.join("attachments"))
        .map(|dir| dir.flatten().filter_map(|e| std::fs::read(e.path()).ok()).collect())
        .unwrap_or_default()
}
