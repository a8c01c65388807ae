//! `amfx eval`: a CLF applied to raw float32 RGB pixels, so any CLF can be checked against
//! OpenColorIO (`ocio_oracle.py --clf FILE --in IN.f32 --out OCIO.f32`) from the command line.

use std::path::PathBuf;

use clap::Args;

use crate::clf;
use crate::pipeline::Pipeline;

#[derive(Args)]
pub struct EvalArgs {
    /// The CLF file to apply.
    #[arg(long)]
    clf: PathBuf,
    /// Apply the inverse of the CLF.
    #[arg(long)]
    inverse: bool,
    /// Input pixels: raw little-endian float32, 3 floats (R, G, B) per pixel.
    #[arg(long = "in")]
    input: PathBuf,
    /// Where to write the output pixels, in the same layout.
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: &EvalArgs) -> Result<(), String> {
    let list = clf::read_file(&args.clf).map_err(|e| e.to_string())?;
    for warning in &list.warnings {
        eprintln!("amfx: warning: {warning}");
    }
    let pipeline = Pipeline::from_clf(&list, args.inverse)
        .map_err(|e| format!("{}: {e}", args.clf.display()))?;
    let bytes = std::fs::read(&args.input).map_err(|e| format!("{}: {e}", args.input.display()))?;
    if !bytes.len().is_multiple_of(12) {
        return Err(format!(
            "{}: {} bytes is not a whole number of float32 RGB pixels",
            args.input.display(),
            bytes.len()
        ));
    }
    let mut out = Vec::with_capacity(bytes.len());
    for px in bytes.chunks_exact(12) {
        let rgb: [f32; 3] = std::array::from_fn(|c| {
            f32::from_le_bytes([px[4 * c], px[4 * c + 1], px[4 * c + 2], px[4 * c + 3]])
        });
        for v in pipeline.eval_rgb(rgb) {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    std::fs::write(&args.out, out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    println!(
        "amfx eval: {} pixels through {} ({} nodes{}) → {}",
        bytes.len() / 12,
        args.clf.display(),
        list.nodes.len(),
        if args.inverse { ", inverse" } else { "" },
        args.out.display()
    );
    Ok(())
}
