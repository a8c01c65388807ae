//! `amfx eval`: a CLF, or a whole AMF recipe, applied to raw float32 RGB pixels, so that either
//! can be checked against OpenColorIO (`ocio_oracle.py ... --in IN.f32 --out OCIO.f32`).
//! `--mode fast` applies the recipe baked for fast mode instead of the exact ops.

use std::path::PathBuf;

use clap::Args;

use super::bench::Mode;
use crate::pipeline::bake::DEFAULT_SIZE;
use crate::pipeline::{build, BuildOptions, InputDomain, Pipeline};
use crate::{amf, clf};

#[derive(Args)]
#[command(group(clap::ArgGroup::new("recipe").required(true).args(["clf", "amf"])))]
pub struct EvalArgs {
    /// A CLF file to apply.
    #[arg(long)]
    clf: Option<PathBuf>,
    /// An AMF whose whole pipeline is applied (stages marked applied="true" are skipped).
    #[arg(long)]
    amf: Option<PathBuf>,
    /// Apply the inverse.
    #[arg(long)]
    inverse: bool,
    /// Input pixels: raw little-endian float32, 3 floats (R, G, B) per pixel.
    #[arg(long = "in")]
    input: PathBuf,
    /// Where to write the output pixels, in the same layout.
    #[arg(long)]
    out: PathBuf,
    /// Exact ops, or the recipe baked into a shaper + 3D LUT (fast mode).
    #[arg(long, value_enum, default_value_t = Mode::Exact)]
    mode: Mode,
    /// Fast mode: LUT nodes per side.
    #[arg(long, default_value_t = DEFAULT_SIZE)]
    size: usize,
}

/// The pipeline to evaluate, a description of it, and what it reads.
fn recipe(args: &EvalArgs) -> Result<(Pipeline, String, InputDomain), String> {
    if let Some(path) = &args.amf {
        let document = amf::read_file(path).map_err(|e| e.to_string())?;
        let options = BuildOptions {
            inverse: args.inverse,
            ..BuildOptions::default()
        };
        let built = build(&document.amf, path, &options).map_err(|e| e.to_string())?;
        for stage in &built.stages {
            eprintln!("amfx eval: {stage}");
        }
        let what = format!(
            "{} ({} ops{})",
            path.display(),
            built.pipeline.ops().len(),
            if args.inverse { ", inverse" } else { "" }
        );
        let domain = built.input_domain();
        return Ok((built.pipeline, what, domain));
    }
    let path = args.clf.as_ref().ok_or("give --clf or --amf")?;
    let list = clf::read_file(path).map_err(|e| e.to_string())?;
    for warning in &list.warnings {
        eprintln!("amfx: warning: {warning}");
    }
    let pipeline =
        Pipeline::from_clf(&list, args.inverse).map_err(|e| format!("{}: {e}", path.display()))?;
    let what = format!(
        "{} ({} nodes{})",
        path.display(),
        list.nodes.len(),
        if args.inverse { ", inverse" } else { "" }
    );
    let domain = InputDomain::of_ops(pipeline.ops());
    Ok((pipeline, what, domain))
}

pub fn run(args: &EvalArgs) -> Result<(), String> {
    let (pipeline, what, domain) = recipe(args)?;
    let baked = match args.mode {
        Mode::Exact => None,
        Mode::Fast => Some(
            pipeline
                .bake(domain, args.size)
                .map_err(|e| e.to_string())?,
        ),
    };
    let eval = |rgb: [f32; 3]| match &baked {
        Some(baked) => baked.eval_rgb(rgb),
        None => pipeline.eval_rgb(rgb),
    };
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
        for v in eval(rgb) {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    std::fs::write(&args.out, out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let mode = match &baked {
        Some(b) => format!(", fast mode: {}³ LUT over {}", b.size(), b.domain()),
        None => String::new(),
    };
    println!(
        "amfx eval: {} pixels through {what}{mode} → {}",
        bytes.len() / 12,
        args.out.display()
    );
    Ok(())
}
