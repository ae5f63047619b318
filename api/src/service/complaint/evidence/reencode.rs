//! What is stored of an uploaded file. Pictures are decoded and encoded again: only the pixels
//! survive, so no EXIF (with the GPS position, the phone's serial number, the time), XMP, IPTC,
//! ICC profile, PNG text chunk or anything appended after the image reaches the office or the
//! disk. The EXIF orientation is applied first, so that photos taken with a turned phone are not
//! stored on their side.
//!
//! PDF files are stored as they are, or refused: one with scripts, launch actions, embedded
//! files, rich media, actions run on opening or encryption is refused ([`pdf::scan`]), as it
//! would reach the officer's PDF reader unchanged. Refusing needs no PDF library; rewriting
//! would, and would change documents the office may need as they were sent. For the same reason
//! their metadata (author, producer, dates) is NOT rewritten.
//!
//! This is CPU work: call [`process`] off the async runtime (`spawn_blocking`).

use crate::domain::evidence::{FileKind, StoredType};
use crate::domain::pdf;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;

/// Pixels of a picture: 50 megapixels is more than any phone camera takes. Checked before the
/// pixels are decoded, so that a small file that claims a huge picture (a decompression bomb) is
/// refused instead of exhausting memory.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Longest side, checked by the decoders themselves.
const MAX_SIDE: u32 = 20_000;

/// Bytes of decoded pixels: 50 megapixels of 8-bit RGBA, or fewer of 16-bit PNG.
const MAX_DECODED_BYTES: u64 = MAX_PIXELS * 4;

/// JPEG quality: text on pay slips and chats stays sharp, files stay a few MiB.
const JPEG_QUALITY: u8 = 85;

#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error("the file is not a JPEG, PNG, WebP or PDF file")]
    Unsupported,
    #[error("the picture cannot be decoded: {0}")]
    Unreadable(String),
    #[error("the picture has more than {MAX_PIXELS} pixels")]
    TooManyPixels,
    #[error("the picture cannot be encoded: {0}")]
    Encode(String),
    #[error("the PDF carries active or hidden content ({0:?})")]
    PdfActiveContent(pdf::Refusal),
}

/// A file as it will be stored.
#[derive(Clone, Debug)]
pub struct Processed {
    pub bytes: Vec<u8>,
    pub stored: StoredType,
}

/// Recognises the bytes and turns them into what is stored.
pub fn process(bytes: Vec<u8>) -> Result<Processed, ProcessError> {
    let kind = FileKind::sniff(&bytes).ok_or(ProcessError::Unsupported)?;
    let stored = kind.stored_as();
    let format = match kind {
        FileKind::Pdf => {
            return match pdf::scan(&bytes) {
                Ok(()) => Ok(Processed { bytes, stored }),
                Err(pdf::Refusal::Unreadable) => Err(ProcessError::Unreadable("the PDF cannot be checked".to_owned())),
                Err(reason) => Err(ProcessError::PdfActiveContent(reason)),
            };
        }
        FileKind::Jpeg => ImageFormat::Jpeg,
        FileKind::Png => ImageFormat::Png,
        FileKind::WebP => ImageFormat::WebP,
    };
    let image = decode(&bytes, format)?;
    drop(bytes);
    let bytes = match stored {
        StoredType::Png => encode_png(&image)?,
        StoredType::Jpeg | StoredType::Pdf => encode_jpeg(&image)?,
    };
    Ok(Processed { bytes, stored })
}

fn decode_error(err: ImageError) -> ProcessError {
    match err {
        ImageError::Limits(_) => ProcessError::TooManyPixels,
        other => ProcessError::Unreadable(other.to_string()),
    }
}

/// Decodes within the limits and turns the picture upright.
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, ProcessError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES + 64 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS || decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(ProcessError::TooManyPixels);
    }
    // Broken EXIF is no reason to refuse the photo: it is then stored as it was taken.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// JPEG has no transparency: transparent parts of a WebP become white, as on a page.
fn flatten(image: &DynamicImage) -> DynamicImage {
    if !image.has_alpha() {
        return match image {
            DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => image.clone(),
            other => DynamicImage::ImageRgb8(other.to_rgb8()),
        };
    }
    let rgba = image.to_rgba8();
    let mut rgb = RgbImage::new(rgba.width(), rgba.height());
    for (out, px) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = px.0;
        let over_white = |c: u8| {
            let (c, a) = (u16::from(c), u16::from(a));
            u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(u8::MAX)
        };
        out.0 = [over_white(r), over_white(g), over_white(b)];
    }
    DynamicImage::ImageRgb8(rgb)
}

fn encode_jpeg(image: &DynamicImage) -> Result<Vec<u8>, ProcessError> {
    let mut out = Vec::new();
    flatten(image)
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        .map_err(|e| ProcessError::Encode(e.to_string()))?;
    Ok(out)
}

fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, ProcessError> {
    let mut out = Vec::new();
    image.write_with_encoder(PngEncoder::new(&mut out)).map_err(|e| ProcessError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, Rgba, RgbaImage};

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x * 20) as u8, (y * 20) as u8, 128]));
        let mut out = Vec::new();
        let written = DynamicImage::ImageRgb8(image).write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90));
        assert!(written.is_ok());
        out
    }

    fn png(image: DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        assert!(image.write_with_encoder(PngEncoder::new(&mut out)).is_ok());
        out
    }

    /// A little-endian TIFF block with Orientation and a GPS IFD holding a latitude.
    fn exif(orientation: u16) -> Vec<u8> {
        let mut t = b"II*\0".to_vec();
        t.extend(8u32.to_le_bytes());
        t.extend(2u16.to_le_bytes());
        t.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0]);
        t.extend(u32::from(orientation).to_le_bytes());
        t.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0]);
        t.extend(38u32.to_le_bytes());
        t.extend(0u32.to_le_bytes());
        // GPS IFD at 38: GPSLatitudeRef "N", GPSLatitude 31°57'12.34" stored at 68.
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

    /// Puts an APP1 Exif segment right after the JPEG's SOI marker.
    fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
        let mut segment = b"Exif\0\0".to_vec();
        segment.extend(tiff);
        let len = u16::try_from(segment.len() + 2).unwrap_or(u16::MAX);
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(len.to_be_bytes());
        out.extend(segment);
        out.extend(&jpeg[2..]);
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// A PNG chunk with its length and CRC.
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(data.len()).unwrap_or(0).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn dimensions(bytes: &[u8], format: ImageFormat) -> (u32, u32) {
        ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().unwrap_or_default()
    }

    #[test]
    fn photos_lose_their_exif_and_are_turned_upright() {
        let tiff = exif(6);
        let original = with_exif(&jpeg(16, 8), &tiff);
        let processed = process(original);
        assert!(processed.is_ok(), "{processed:?}");
        let Ok(processed) = processed else { return };
        assert_eq!(processed.stored, StoredType::Jpeg);
        assert!(!contains(&processed.bytes, b"Exif"), "no EXIF segment");
        assert!(!contains(&processed.bytes, &tiff[38..]), "no GPS data");
        assert_eq!(dimensions(&processed.bytes, ImageFormat::Jpeg), (8, 16), "rotated by 90°");
    }

    #[test]
    fn png_text_chunks_and_trailing_data_are_dropped() {
        let image = RgbaImage::from_fn(6, 4, |x, _| Rgba([x as u8 * 40, 10, 10, 200]));
        let mut original = png(DynamicImage::ImageRgba8(image));
        // A tEXt chunk before IEND (the last 12 bytes), and bytes after the end.
        let iend = original.split_off(original.len() - 12);
        original.extend(chunk(b"tEXt", b"Comment\0GPS 31.95N 118.85E"));
        original.extend(iend);
        original.extend(b"appended secret");
        let processed = process(original);
        assert!(processed.is_ok(), "{processed:?}");
        let Ok(processed) = processed else { return };
        assert_eq!(processed.stored, StoredType::Png);
        assert!(!contains(&processed.bytes, b"tEXt") && !contains(&processed.bytes, b"appended secret"));
        assert_eq!(dimensions(&processed.bytes, ImageFormat::Png), (6, 4));
    }

    #[test]
    fn a_transparent_picture_becomes_a_jpeg_on_white() {
        let image = DynamicImage::ImageRgba8(RgbaImage::from_pixel(2, 2, Rgba([0, 0, 0, 0])));
        let flat = flatten(&image).to_rgb8();
        assert_eq!(flat.get_pixel(0, 0).0, [255, 255, 255]);
        let half = DynamicImage::ImageRgba8(RgbaImage::from_pixel(1, 1, Rgba([0, 0, 0, 128])));
        assert_eq!(flatten(&half).to_rgb8().get_pixel(0, 0).0, [127, 127, 127]);
    }

    #[test]
    fn a_picture_claiming_too_many_pixels_is_refused_before_decoding() {
        let small = png(DynamicImage::ImageRgb8(RgbImage::new(1, 1)));
        for (width, height) in [(10_000u32, 10_000u32), (60_000, 10)] {
            // The IHDR chunk's data starts at byte 16: width, height, then five more bytes.
            let mut bomb = small.clone();
            bomb[16..20].copy_from_slice(&width.to_be_bytes());
            bomb[20..24].copy_from_slice(&height.to_be_bytes());
            let crc = crc32(&bomb[12..29]);
            bomb[29..33].copy_from_slice(&crc.to_be_bytes());
            assert!(matches!(process(bomb), Err(ProcessError::TooManyPixels)), "{width}x{height}");
        }
    }

    #[test]
    fn damaged_pictures_and_other_files_are_refused() {
        let mut broken = jpeg(8, 8);
        broken.truncate(30);
        assert!(matches!(process(broken), Err(ProcessError::Unreadable(_))));
        assert!(matches!(process(b"MZ\x90\0\x03\0\0\0".to_vec()), Err(ProcessError::Unsupported)));
        let pdf = b"%PDF-1.4\n1 0 obj << /Author (Wang) >> endobj\n%%EOF\n".to_vec();
        let processed = process(pdf.clone());
        assert!(matches!(processed, Ok(Processed { ref bytes, stored: StoredType::Pdf }) if *bytes == pdf));
    }

    #[test]
    fn pdfs_with_active_content_are_refused() {
        let script = b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n";
        assert!(matches!(process(script.to_vec()), Err(ProcessError::PdfActiveContent(pdf::Refusal::Script))));
        let unreadable = b"%PDF-1.4\n1 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /LZWDecode /Length 2 >>\nstream\nxx\nendstream endobj\n";
        assert!(matches!(process(unreadable.to_vec()), Err(ProcessError::Unreadable(_))));
    }
}
