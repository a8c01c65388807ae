//! `amfx bake --amf FILE -o OUT.clf|OUT.cube`: an AMF's recipe as one LUT file, for hosts
//! without the plugin. A shaper spreads the input over the 3D LUT's nodes (log for scene-linear
//! input, straight for code values); the file is read back and its largest error against the
//! exact chain, on in-gamut samples between the nodes, is printed and written into the file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::apply::{Chains, Stage};
use crate::pipeline::export::{self, Format, Labels, Request, MODERATE_SATURATION, SIZES};
use crate::pipeline::InputDomain;

/// Samples per axis of the accuracy check (40³ = 64000 samples).
const CHECK_PER_AXIS: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LutFormat {
    Clf,
    Cube,
}

#[derive(Args)]
pub struct BakeArgs {
    /// The AMF, or a folder of AMFs (then give --clip-id).
    #[arg(long)]
    pub amf: PathBuf,
    /// The clip whose AMF to bake, in a folder of AMFs (clip name, media file or urn:uuid).
    #[arg(long)]
    pub clip_id: Option<String>,
    /// The stages to bake, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values = ["input", "looks", "output"])]
    pub stages: Vec<Stage>,
    /// An output transformId to bake instead of the AMF's.
    #[arg(long)]
    pub display: Option<String>,
    /// clf or cube (default: from the output's extension, else clf).
    #[arg(long, value_enum)]
    pub format: Option<LutFormat>,
    /// 3D LUT nodes per side (2 to 129).
    #[arg(long, default_value_t = 65)]
    pub size: usize,
    /// Samples per axis of the accuracy check.
    #[arg(long, default_value_t = CHECK_PER_AXIS, hide = true)]
    pub check: usize,
    /// Where to write the LUT.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(args: &BakeArgs) -> Result<(), String> {
    if !SIZES.contains(&args.size) {
        return Err(format!(
            "--size {}: a LUT needs {} to {} nodes per side",
            args.size,
            SIZES.start(),
            SIZES.end()
        ));
    }
    let format = match args.format {
        Some(LutFormat::Clf) => Format::Clf,
        Some(LutFormat::Cube) => Format::Cube,
        None => match args.output.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("cube") => Format::Cube,
            _ => Format::Clf,
        },
    };
    if args.amf.is_dir() && args.clip_id.is_none() {
        return Err(format!(
            "{} is a folder: give --clip-id to choose the clip's AMF",
            args.amf.display()
        ));
    }
    let chains = Chains::of(args.amf.clone(), &args.stages, args.display.clone(), false);
    let clip = args.clip_id.clone().unwrap_or_default();
    let (built, path) = chains.built_for_clip(&clip)?;
    for stage in &built.stages {
        eprintln!("amfx bake: {stage}");
    }
    let domain = built.input_domain();
    let display = args.stages.contains(&Stage::Output);
    let stem = path
        .file_stem()
        .map_or_else(|| "amf".to_string(), |s| s.to_string_lossy().into_owned());
    let labels = Labels {
        id: format!("amfx-bake-{stem}"),
        name: format!("{stem} (baked by amfx)"),
        descriptions: std::iter::once(format!("The recipe of {}", path.display()))
            .chain(built.stages.iter().map(|s| s.to_string()))
            .collect(),
        input: match domain {
            InputDomain::SceneLinear => "scene-linear values".into(),
            InputDomain::CodeValue { .. } => "code values".into(),
        },
        output: if display {
            "display code values".into()
        } else {
            "the chain's output".into()
        },
    };
    let request = Request {
        domain,
        format,
        size: args.size,
        to_aces: built.to_aces.as_ref(),
        display,
        check_per_axis: args.check,
    };
    let exported = export::export(&built.pipeline, &request, &labels).map_err(|e| e.to_string())?;
    std::fs::write(&args.output, &exported.text)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    let a = exported.accuracy;
    println!(
        "amfx bake: {} → {}: {}³ {}, shaper over {}",
        path.display(),
        args.output.display(),
        args.size,
        match format {
            Format::Clf => "CLF (tetrahedral)",
            Format::Cube => "cube (read trilinear)",
        },
        exported.shaper
    );
    println!(
        "error against the exact chain, 10-bit code values{}: max {:.3}, 99% within {:.3}, {:.2}% within 1, \
         max {:.3} up to AP1 saturation {MODERATE_SATURATION} ({} in-gamut samples between the nodes; worst at input {:?})",
        if display {
            ""
        } else {
            " (of the value, above 1: the output is not display code values)"
        },
        a.in_10bit_codes(),
        a.p99_error * 1023.0,
        a.within_one_code * 100.0,
        a.max_error_moderate * 1023.0,
        a.samples,
        a.worst_input
    );
    Ok(())
}
