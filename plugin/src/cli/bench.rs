//! `amfx bench`: how long one frame takes through a pipeline, next to the memory floor.
//!
//! Prints one JSON line: `ms_per_frame` (median of the timed runs), `mpix_per_s`, and `copy_ms`,
//! the median time of a plain parallel copy of the same frame on the same threads.

use std::time::Instant;

use clap::Args;
use rayon::prelude::*;

use crate::kernel::{self, ImageView, Layout, Rect, Sample};
use crate::pipeline::Pipeline;

#[derive(Args)]
pub struct BenchArgs {
    /// Frame width.
    #[arg(long, default_value_t = 3840)]
    width: usize,
    /// Frame height.
    #[arg(long, default_value_t = 2160)]
    height: usize,
    /// Worker threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Timed runs (the median is reported).
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// The AMF whose pipeline is timed (default: the built-in sample recipe's look).
    #[arg(long)]
    amf: Option<std::path::PathBuf>,
}

/// The pipeline to time, what to call it, and how long building it took (ms).
fn pipeline(args: &BenchArgs) -> Result<(Pipeline, String, f64), String> {
    let Some(path) = &args.amf else {
        let start = Instant::now();
        let look = Pipeline::cdl_in_acescct(&super::demo::sample_look());
        return Ok((
            look,
            "sample look: ASC CDL in ACEScct".into(),
            start.elapsed().as_secs_f64() * 1e3,
        ));
    };
    // Read + resolve + optimise, as the plugin does when a setting changes.
    let start = Instant::now();
    let document = crate::amf::read_file(path).map_err(|e| e.to_string())?;
    let built = crate::pipeline::build(
        &document.amf,
        path,
        &crate::pipeline::BuildOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    let build_ms = start.elapsed().as_secs_f64() * 1e3;
    Ok((
        built.pipeline,
        path.display().to_string().replace('"', "'"),
        build_ms,
    ))
}

/// A deterministic scene-linear ACES frame: exposures from -6 to +6 stops around grey, varied
/// per channel, alpha 1.
fn frame(width: usize, height: usize) -> Vec<f32> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 40) as f32 / (1u64 << 24) as f32
    };
    let mut pixels = Vec::with_capacity(width * height * 4);
    for _ in 0..width * height {
        let stops = next() * 12.0 - 6.0;
        pixels.extend([
            0.18 * (stops + next() - 0.5).exp2(),
            0.18 * stops.exp2(),
            0.18 * (stops + next() - 0.5).exp2(),
            1.0,
        ]);
    }
    pixels
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn time_runs(runs: usize, mut f: impl FnMut()) -> f64 {
    f(); // warm caches and the thread pool
    median(
        (0..runs.max(1))
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    )
}

/// Times the pipeline on a frame and prints the figures as one JSON line.
pub fn run(args: &BenchArgs) -> Result<(), String> {
    let (pipeline, chain, build_ms) = pipeline(args)?;
    let pipeline = &pipeline;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let (w, h) = (args.width.max(1), args.height.max(1));
    let src = frame(w, h);
    let mut dst = vec![0.0f32; src.len()];
    let bounds = Rect::new(0, 0, w as i32, h as i32);
    let layout = Layout::new(Sample::F32, 4);
    let row_bytes = (w * 16) as isize;

    let ms = pool.install(|| {
        time_runs(args.runs, || {
            // SAFETY: both buffers hold h rows of w RGBA f32 pixels and outlive the render.
            let (s, d) = unsafe {
                (
                    ImageView::new(src.as_ptr() as *mut u8, bounds, row_bytes, layout),
                    ImageView::new(dst.as_mut_ptr() as *mut u8, bounds, row_bytes, layout),
                )
            };
            if let (Ok(s), Ok(d)) = (s, d) {
                let _ = kernel::render(pipeline, &s, &d, bounds);
            }
        })
    });
    let copy_ms = pool.install(|| {
        time_runs(args.runs, || {
            dst.par_chunks_mut(w * 4)
                .zip(src.par_chunks(w * 4))
                .for_each(|(d, s)| d.copy_from_slice(s));
        })
    });
    let mpix = (w * h) as f64 / 1e6 / (ms / 1e3);
    println!(
        "{{\"chain\":\"{chain}\",\"width\":{w},\"height\":{h},\"threads\":{threads},\"ops\":{},\"build_ms\":{build_ms:.2},\"mode\":\"exact\",\"isa\":\"{:?}\",\"ms_per_frame\":{ms:.2},\"mpix_per_s\":{mpix:.1},\"copy_ms\":{copy_ms:.2}}}",
        pipeline.ops().len(),
        crate::simd::best_isa()
    );
    Ok(())
}
