//! `amfx eval`: a chain of CLFs and built-in transforms, or a whole AMF recipe, applied to raw
//! float32 RGB pixels, so that either can be checked against OpenColorIO
//! (`ocio_oracle.py ... --in IN.f32 --out OCIO.f32`). `--clf FILE` and `--transform ID` may each
//! be given several times: they apply in the order given, as one chain (`--inverse` inverts the
//! whole chain). `--mode fast` applies the recipe baked for fast mode instead of the exact ops.

use std::path::PathBuf;

use clap::{ArgMatches, Args};

use super::bench::Mode;
use crate::aces::registry::registry;
use crate::pipeline::bake::DEFAULT_SIZE;
use crate::pipeline::{build, BuildOptions, InputDomain, Pipeline};
use crate::{amf, clf};

/// The largest raw pixel file read: 4 GiB is 358 Mpixels of float32 RGB.
const MAX_INPUT_BYTES: u64 = 4 << 30;

#[derive(Args)]
#[command(group(
    clap::ArgGroup::new("recipe")
        .required(true)
        .multiple(true)
        .args(["clf", "amf", "transform"])
))]
pub struct EvalArgs {
    /// A CLF file to apply; several apply in the order given, together with --transform.
    #[arg(long)]
    clf: Vec<PathBuf>,
    /// A built-in transformId (`amfx transforms` lists them; short forms such as
    /// CSC.Academy.ACEScct_to_ACES.a2.v1 work); several apply in the order given.
    #[arg(long)]
    transform: Vec<String>,
    /// An AMF whose whole pipeline is applied (stages marked applied="true" are skipped).
    #[arg(long, conflicts_with_all = ["clf", "transform"])]
    amf: Option<PathBuf>,
    /// Apply the inverse (of the whole chain).
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

/// One link of a `--clf` / `--transform` chain.
enum Step<'a> {
    Clf(&'a PathBuf),
    Transform(&'a str),
}

/// The chain's links in the order they were given on the command line (clap keeps each
/// option's values apart; their indices tell how they interleave).
fn steps<'a>(args: &'a EvalArgs, matches: Option<&ArgMatches>) -> Vec<Step<'a>> {
    let indices = |id: &str, count: usize| -> Vec<usize> {
        matches
            .and_then(|m| m.indices_of(id))
            .map(|i| i.collect::<Vec<_>>())
            .filter(|i| i.len() == count)
            .unwrap_or_else(|| (0..count).collect())
    };
    let mut steps: Vec<(usize, Step)> = Vec::new();
    for (i, path) in indices("clf", args.clf.len()).into_iter().zip(&args.clf) {
        steps.push((i, Step::Clf(path)));
    }
    let offset = if matches.is_some() { 0 } else { args.clf.len() };
    for (i, id) in indices("transform", args.transform.len())
        .into_iter()
        .zip(&args.transform)
    {
        steps.push((i + offset, Step::Transform(id)));
    }
    steps.sort_by_key(|(i, _)| *i);
    steps.into_iter().map(|(_, s)| s).collect()
}

/// The pipeline to evaluate, a description of it, and what it reads.
fn recipe(
    args: &EvalArgs,
    matches: Option<&ArgMatches>,
) -> Result<(Pipeline, String, InputDomain), String> {
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
    let mut ops = Vec::new();
    let mut names = Vec::new();
    for step in steps(args, matches) {
        match step {
            Step::Clf(path) => {
                let list = clf::read_file(path).map_err(|e| e.to_string())?;
                for warning in &list.warnings {
                    eprintln!("amfx: warning: {warning}");
                }
                ops.extend(list.ops());
                names.push(format!("{} ({} nodes)", path.display(), list.nodes.len()));
            }
            Step::Transform(id) => {
                let info = registry().lookup(id).ok_or_else(|| {
                    format!("--transform {id}: unknown transformId (amfx transforms lists them)")
                })?;
                ops.extend(
                    registry()
                        .ops(&info.id)
                        .map_err(|e| format!("--transform {id}: {e}"))?,
                );
                names.push(info.name.clone());
            }
        }
    }
    if names.is_empty() {
        return Err("give --clf, --transform or --amf".into());
    }
    let mut pipeline = Pipeline::new(ops);
    if args.inverse {
        pipeline = pipeline
            .inverse()
            .map_err(|e| format!("the inverse of {}: {e}", names.join(" → ")))?;
    }
    let what = format!(
        "{}{}",
        names.join(" → "),
        if args.inverse { ", inverse" } else { "" }
    );
    let domain = InputDomain::of_ops(pipeline.ops());
    Ok((pipeline, what, domain))
}

pub fn run(args: &EvalArgs, matches: Option<&ArgMatches>) -> Result<(), String> {
    let (pipeline, what, domain) = recipe(args, matches)?;
    let baked = match args.mode {
        Mode::Exact => None,
        Mode::Fast => Some(
            pipeline
                .bake(domain, args.size)
                .map_err(|e| e.to_string())?
                .guarded(&pipeline),
        ),
    };
    let eval = |rgb: [f32; 3]| match &baked {
        Some(baked) => baked.eval_rgb(rgb),
        None => pipeline.eval_rgb(rgb),
    };
    let bytes = amf::read_file_capped(&args.input, MAX_INPUT_BYTES)?;
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
