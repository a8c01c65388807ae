//! `amfx demo`: the built-in chart through the plugin binary, as a host would run it.

use std::path::{Path, PathBuf};

use clap::Args;

use super::chart::test_chart;
use super::preview::{aces_to_srgb8, write_png};
use crate::ops::Cdl;
use crate::pipeline::Pipeline;

#[derive(Args)]
pub struct DemoArgs {
    /// The plugin bundle to load (as built by scripts/bundle).
    #[arg(long, default_value = "target/bundle/amfx.ofx.bundle")]
    bundle: PathBuf,
    /// Where to write the PNGs.
    #[arg(long, default_value = "amfx-demo")]
    out: PathBuf,
    /// Chart width in pixels.
    #[arg(long, default_value_t = 1280)]
    width: usize,
    /// Chart height in pixels.
    #[arg(long, default_value_t = 720)]
    height: usize,
}

/// The built-in sample look: warmer (a third of a stop towards red, half towards yellow) and
/// slightly desaturated, with a touch of contrast in the highlights.
pub fn sample_look() -> Cdl {
    Cdl {
        slope: [1.0, 1.0, 1.0],
        offset: [0.01, 0.0, -0.012],
        power: [1.05, 1.05, 1.05],
        saturation: 0.9,
        ..Cdl::default()
    }
}

pub fn run(args: &DemoArgs) -> Result<(), String> {
    let look = sample_look();
    let chart = test_chart(args.width, args.height);
    println!("amfx demo");
    println!("  plugin:  {}", args.bundle.display());
    println!(
        "  chart:   {} x {} ACES2065-1 (exposure ramp, ColorChecker, AP1 primaries, HDR neutrals)",
        chart.width, chart.height
    );
    println!(
        "  recipe:  ASC CDL in ACEScct  slope {:?}  offset {:?}  power {:?}  saturation {}",
        look.slope, look.offset, look.power, look.saturation
    );

    let graded = super::demo_host::render(&args.bundle, &chart, &look)?;

    let reference = Pipeline::cdl_in_acescct(&look);
    let worst = chart
        .rgba
        .chunks_exact(4)
        .zip(graded.chunks_exact(4))
        .flat_map(|(src, out)| {
            let want = reference.eval_rgb([src[0], src[1], src[2]]);
            (0..3).map(move |c| (out[c] - want[c]).abs() / want[c].abs().max(1.0))
        })
        .fold(0.0f32, f32::max);
    println!("  check:   plugin output vs amfx scalar reference, max error {worst:.1e}");

    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let before = aces_to_srgb8(&chart.rgba);
    let after = aces_to_srgb8(&graded);
    let strip: Vec<u8> = before.iter().chain(&after).copied().collect();
    let paths = [
        ("before.png", &before, 1),
        ("after.png", &after, 1),
        ("before-after.png", &strip, 2),
    ];
    for (name, pixels, stack) in paths {
        let path = args.out.join(name);
        write_png(&path, chart.width, chart.height * stack, pixels)?;
    }
    println!(
        "  wrote:   {}",
        list(&args.out, &["before.png", "after.png", "before-after.png"])
    );
    println!("  (PNG view: ACES2065-1 to Rec.709, clipped, sRGB curve; not an ACES output transform yet)");
    Ok(())
}

fn list(dir: &Path, names: &[&str]) -> String {
    names
        .iter()
        .map(|n| dir.join(n).display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
