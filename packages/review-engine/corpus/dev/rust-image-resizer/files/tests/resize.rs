use pixelforge::resize::renditions;

fn sample_png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn skips_widths_larger_than_the_original() {
    let result = renditions(&sample_png(800, 600), &[320, 640, 1280], 80).unwrap();
    let widths: Vec<u32> = result.iter().map(|r| r.width).collect();
    dbg!(&widths);
    assert_eq!(widths, vec![320, 640]);
}
