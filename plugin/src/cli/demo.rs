//! `amfx demo`: the built-in chart through the plugin binary with the built-in sample AMF, as a
//! host would run it.

use std::path::{Path, PathBuf};

use clap::Args;

use super::chart::test_chart;
use super::preview::{aces_to_srgb8, code_values8, write_png};
use crate::amf;
use crate::ops::Cdl;
use crate::pipeline::{build, BuildOptions, Outcome};

/// The built-in recipe (an AMF 2.0 that validates against the official schema).
pub const SAMPLE_AMF: &str = include_str!("sample.amf");

#[derive(Args)]
pub struct DemoArgs {
    /// The plugin bundle to load (as built by scripts/bundle).
    #[arg(long, default_value = "target/bundle/amfx.ofx.bundle")]
    bundle: PathBuf,
    /// Use this AMF instead of the built-in sample recipe.
    #[arg(long)]
    amf: Option<PathBuf>,
    /// Where to write the recipe and the PNGs.
    #[arg(long, default_value = "amfx-demo")]
    out: PathBuf,
    /// Chart width in pixels.
    #[arg(long, default_value_t = 1280)]
    width: usize,
    /// Chart height in pixels.
    #[arg(long, default_value_t = 720)]
    height: usize,
}

/// The look of the sample recipe, as a CDL (what `amfx bench` times by default).
pub fn sample_look() -> Cdl {
    Cdl {
        offset: [0.01, 0.0, -0.012],
        power: [1.05, 1.05, 1.05],
        saturation: 0.9,
        ..Cdl::default()
    }
}

pub fn run(args: &DemoArgs) -> Result<(), String> {
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let recipe = match &args.amf {
        Some(path) => path.clone(),
        None => {
            let path = args.out.join("sample.amf");
            std::fs::write(&path, SAMPLE_AMF).map_err(|e| format!("{}: {e}", path.display()))?;
            path
        }
    };
    let document = amf::read_file(&recipe).map_err(|e| e.to_string())?;
    let built =
        build(&document.amf, &recipe, &BuildOptions::default()).map_err(|e| e.to_string())?;
    let chart = test_chart(args.width, args.height);

    println!("amfx demo");
    println!("  plugin:  {}", args.bundle.display());
    println!("  recipe:  {}", recipe.display());
    for stage in &built.stages {
        println!("           {stage}");
    }
    let has_output = built
        .stages
        .iter()
        .any(|s| s.stage == "output transform" && s.outcome == Outcome::Applied);
    if !has_output {
        println!("           (no output transform: the PNGs below use a plain sRGB view)");
    }
    println!(
        "  chart:   {} x {} ACES2065-1 (exposure ramp, ColorChecker, AP1 primaries, HDR neutrals)",
        chart.width, chart.height
    );

    let graded = super::demo_host::render(&args.bundle, &chart, &recipe, true)?;

    let worst = chart
        .rgba
        .chunks_exact(4)
        .zip(graded.chunks_exact(4))
        .flat_map(|(src, out)| {
            let want = built.pipeline.eval_rgb([src[0], src[1], src[2]]);
            (0..3).map(move |c| (out[c] - want[c]).abs() / want[c].abs().max(1.0))
        })
        .fold(0.0f32, f32::max);
    println!("  check:   plugin output vs amfx scalar reference, max error {worst:.1e}");

    // With an output transform the plugin writes display code values: the PNGs are exactly
    // those (before = the same recipe with its looks off). Without one, a plain sRGB view.
    let (before, after) = if has_output {
        let ungraded = super::demo_host::render(&args.bundle, &chart, &recipe, false)?;
        (code_values8(&ungraded), code_values8(&graded))
    } else {
        (aces_to_srgb8(&chart.rgba), aces_to_srgb8(&graded))
    };
    let strip: Vec<u8> = before.iter().chain(&after).copied().collect();
    for (name, pixels, stack) in [
        ("before.png", &before, 1),
        ("after.png", &after, 1),
        ("before-after.png", &strip, 2),
    ] {
        write_png(
            &args.out.join(name),
            chart.width,
            chart.height * stack,
            pixels,
        )?;
    }
    println!(
        "  wrote:   {}",
        list(&args.out, &["before.png", "after.png", "before-after.png"])
    );
    if has_output {
        println!("  (PNGs: the plugin's display code values, before = the looks turned off)");
    } else {
        println!(
            "  (PNG view: ACES2065-1 to Rec.709, clipped, sRGB curve; not an ACES output transform)"
        );
    }
    Ok(())
}

fn list(dir: &Path, names: &[&str]) -> String {
    names
        .iter()
        .map(|n| dir.join(n).display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
