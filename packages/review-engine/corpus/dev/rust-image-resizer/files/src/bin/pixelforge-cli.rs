//! pixelforge-cli: resize a local file the way the service would, and print the renditions.
use clap::Parser;
use pixelforge::resize::renditions;

#[derive(Parser)]
struct Args {
    /// The image to resize.
    path: std::path::PathBuf,
    #[arg(long, value_delimiter = ',', default_value = "320,640,1280")]
    widths: Vec<u32>,
    #[arg(long, default_value_t = 82)]
    quality: u8,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let original = std::fs::read(&args.path)?;
    for rendition in renditions(&original, &args.widths, args.quality)? {
        println!("{:>5}px  {:>8} bytes", rendition.width, rendition.bytes.len());
    }
    Ok(())
}
