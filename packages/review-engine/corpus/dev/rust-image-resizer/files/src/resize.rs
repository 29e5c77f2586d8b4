use image::{imageops::FilterType, DynamicImage, ImageFormat};
use std::io::Cursor;

pub struct Rendition {
    pub width: u32,
    pub bytes: Vec<u8>,
}

pub fn renditions(original: &[u8], widths: &[u32], quality: u8) -> anyhow::Result<Vec<Rendition>> {
    let image = image::load_from_memory(original)?;
    dbg!(image.width(), image.height());
    widths
        .iter()
        .filter(|&&w| w < image.width())
        .map(|&width| encode(&image, width, quality).map(|bytes| Rendition { width, bytes }))
        .collect()
}

fn encode(image: &DynamicImage, width: u32, quality: u8) -> anyhow::Result<Vec<u8>> {
    let height = (image.height() as f64 * width as f64 / image.width() as f64).round() as u32;
    let resized = image.resize(width, height, FilterType::Lanczos3);
    let mut out = Cursor::new(Vec::new());
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    encoder.encode_image(&resized)?;
    println!("encoded {}x{} -> {} bytes", width, height, out.get_ref().len());
    let _ = ImageFormat::Jpeg;
    Ok(out.into_inner())
}
