//! `amfx bench`: how long one frame takes through a pipeline, next to the memory floor.
//!
//! Prints one JSON line: `ms_per_frame` (median of the timed runs), `mpix_per_s`, and `copy_ms`,
//! the median time of a plain parallel copy of the same frame on the same threads. In fast mode
//! also `bake_ms` (baking the LUT on the same threads) and `max_error`, fast against exact on
//! input in the display's gamut (the one-code-value target's set, `pipeline::bake::accuracy`),
//! in output units and in 10-bit code values, and `max_error_ap1` and the like over all of AP1.

use std::time::Instant;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use crate::kernel::{self, ImageView, Layout, Process, Rect, Sample};
use crate::pipeline::bake::{accuracy, DEFAULT_SIZE, THRESHOLD_CV10};
use crate::pipeline::{InputDomain, Pipeline};

/// Exact (every op, analytically) or fast (the chain baked into a shaper + 3D LUT).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    Exact,
    Fast,
}

/// The pixels timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Frame {
    /// Code values for a chain that reads code values, scene-linear stops otherwise.
    Auto,
    /// Scene-linear ACES: -6 to +6 stops around grey, channels close together.
    Stops,
    /// Code values uniform in [0, 1) on every channel (what ocio_bench.py feeds LogC3 chains).
    Codes,
    /// Those code values through the ARRI LogC3 (EI 800) input transform: the ACES frame
    /// ocio_bench.py feeds ACES-input chains.
    Logc3Aces,
}

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
    /// Exact ops, or the chain baked into a LUT.
    #[arg(long, value_enum, default_value_t = Mode::Exact)]
    mode: Mode,
    /// Fast mode: LUT nodes per side.
    #[arg(long, default_value_t = DEFAULT_SIZE)]
    size: usize,
    /// The pixels timed.
    #[arg(long, value_enum, default_value_t = Frame::Auto)]
    frame: Frame,
    /// Fast mode: the LUT alone, without the exact renders of the cells where it is more than
    /// half a code value off (what renders use; for comparison).
    #[arg(long)]
    lut_only: bool,
    /// Time the AMF's chain inverted (display code values back to the scene), as the effect's
    /// `direction=inverse` renders it.
    #[arg(long)]
    inverse: bool,
}

const LOGC3_IDT: &str = "urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC3_to_ACES.a2.v1";

/// The pipeline to time and what it is.
struct Chain {
    pipeline: Pipeline,
    name: String,
    /// The first build in the process (it also loads the transform registry and computes the
    /// output transform's tables, which later builds find cached).
    build_ms: f64,
    /// A second build of the same AMF, as when a setting changes in the host: the files are
    /// read and parsed again, the process-wide caches are warm.
    rebuild_ms: f64,
    domain: InputDomain,
    /// Input to ACES2065-1, for the accuracy check's gamut (see `Built::to_aces`).
    to_aces: Option<Pipeline>,
}

/// The pipeline to time (read, resolved and optimised, timed as the plugin would).
fn chain(args: &BenchArgs) -> Result<Chain, String> {
    let Some(path) = &args.amf else {
        let build = || {
            let start = Instant::now();
            let look = Pipeline::cdl_in_acescct(&super::demo::sample_look());
            (look, start.elapsed().as_secs_f64() * 1e3)
        };
        let ((look, build_ms), (_, rebuild_ms)) = (build(), build());
        return Ok(Chain {
            pipeline: look,
            name: "sample look: ASC CDL in ACEScct".into(),
            build_ms,
            rebuild_ms,
            domain: InputDomain::SceneLinear,
            to_aces: Some(Pipeline::default()),
        });
    };
    // Read + resolve + optimise, as the plugin does when a setting changes.
    let build = || {
        let start = Instant::now();
        let document = crate::amf::read_file(path).map_err(|e| e.to_string())?;
        let built = crate::pipeline::build(
            &document.amf,
            path,
            &crate::pipeline::BuildOptions {
                inverse: args.inverse,
                ..Default::default()
            },
        )
        .map_err(|e| e.to_string())?;
        Ok::<_, String>((built, start.elapsed().as_secs_f64() * 1e3))
    };
    let (built, build_ms) = build()?;
    let (_, rebuild_ms) = build()?;
    Ok(Chain {
        rebuild_ms,
        domain: built.input_domain(),
        pipeline: built.pipeline,
        name: path.display().to_string().replace('"', "'"),
        build_ms,
        to_aces: built.to_aces,
    })
}

/// A deterministic RGBA frame (alpha 1) of the chosen kind.
fn frame(kind: Frame, width: usize, height: usize) -> Result<Vec<f32>, String> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 40) as f32 / (1u64 << 24) as f32
    };
    let mut pixels = Vec::with_capacity(width * height * 4);
    match kind {
        Frame::Stops | Frame::Auto => {
            for _ in 0..width * height {
                let stops = next() * 12.0 - 6.0;
                pixels.extend([
                    0.18 * (stops + next() - 0.5).exp2(),
                    0.18 * stops.exp2(),
                    0.18 * (stops + next() - 0.5).exp2(),
                    1.0,
                ]);
            }
        }
        Frame::Codes | Frame::Logc3Aces => {
            for _ in 0..width * height {
                pixels.extend([next(), next(), next(), 1.0]);
            }
        }
    }
    if kind == Frame::Logc3Aces {
        let idt = crate::aces::registry::registry()
            .ops(LOGC3_IDT)
            .map_err(|e| e.to_string())?;
        let idt = Pipeline::new(idt);
        pixels
            .par_chunks_mut(4 * 4096)
            .for_each(|run| idt.apply_rgba(run));
    }
    Ok(pixels)
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

/// The JSON fields of one accuracy figure (`suffix` names the set: none for the display's gamut,
/// the target's set; `_ap1` for all of AP1).
fn error_fields(suffix: &str, a: &accuracy::Accuracy) -> String {
    format!(
        "\"max_error{suffix}\":{:.3e},\"max_error_cv10{suffix}\":{:.3},\"error_samples{suffix}\":{},\"worst_input{suffix}\":[{:.6},{:.6},{:.6}]",
        a.max_error,
        a.in_10bit_codes(),
        a.samples,
        a.worst_input[0],
        a.worst_input[1],
        a.worst_input[2],
    )
}

/// Times the pipeline on a frame and prints the figures as one JSON line.
pub fn run(args: &BenchArgs) -> Result<(), String> {
    let Chain {
        pipeline,
        name: chain,
        build_ms,
        rebuild_ms,
        domain,
        to_aces,
    } = chain(args)?;
    let pipeline = &pipeline;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let (w, h) = (args.width.max(1), args.height.max(1));
    let kind = match (args.frame, domain) {
        (Frame::Auto, InputDomain::CodeValue { .. }) => Frame::Codes,
        (Frame::Auto, InputDomain::SceneLinear) => Frame::Stops,
        (kind, _) => kind,
    };
    let src = pool.install(|| frame(kind, w, h))?;
    let mut dst = vec![0.0f32; src.len()];
    let bounds = Rect::new(0, 0, w as i32, h as i32);
    let layout = Layout::new(Sample::F32, 4);
    let row_bytes = (w * 16) as isize;

    let mut render_frame = |processor: &dyn Process| {
        pool.install(|| {
            time_runs(args.runs, || {
                // SAFETY: both buffers hold h rows of w RGBA f32 pixels and outlive the render.
                let (s, d) = unsafe {
                    (
                        ImageView::new(src.as_ptr() as *mut u8, bounds, row_bytes, layout),
                        ImageView::new(dst.as_mut_ptr() as *mut u8, bounds, row_bytes, layout),
                    )
                };
                if let (Ok(s), Ok(d)) = (s, d) {
                    let _ = kernel::render(processor, &s, &d, bounds);
                }
            })
        })
    };
    let (ms, fast_fields) = match args.mode {
        Mode::Exact => (render_frame(pipeline), String::new()),
        Mode::Fast => {
            let start = Instant::now();
            let baked = pool
                .install(|| pipeline.bake(domain, args.size))
                .map_err(|e| e.to_string())?;
            let lut_ms = start.elapsed().as_secs_f64() * 1e3;
            let baked = if args.lut_only {
                baked
            } else {
                pool.install(|| baked.guarded(pipeline))
            };
            let bake_ms = start.elapsed().as_secs_f64() * 1e3;
            // The share of this frame's pixels the guard sends to the exact pipeline.
            let exact_pixels = src
                .chunks_exact(4)
                .filter(|px| baked.renders_exactly([px[0], px[1], px[2]]))
                .count();
            let guard_fields = match baked.exact_share() {
                Some(cells) => format!(
                    ",\"guard_cv10\":{},\"exact_cells\":{cells:.4},\"exact_pixels\":{:.4}",
                    THRESHOLD_CV10,
                    exact_pixels as f64 / (w * h) as f64
                ),
                None => ",\"guard_cv10\":null".to_string(),
            };
            let report = pool.install(|| {
                accuracy::measure(
                    pipeline,
                    &baked,
                    to_aces.as_ref(),
                    accuracy::SAMPLES_PER_AXIS,
                )
            });
            let ms = render_frame(&baked);
            (
                ms,
                format!(
                    ",\"lut_size\":{},\"domain\":\"{domain}\",\"lut_ms\":{lut_ms:.2},\"bake_ms\":{bake_ms:.2}{guard_fields},{},{}",
                    args.size,
                    error_fields("", &report.display_gamut),
                    error_fields("_ap1", &report.ap1),
                ),
            )
        }
    };
    let copy_ms = pool.install(|| {
        time_runs(args.runs, || {
            dst.par_chunks_mut(w * 4)
                .zip(src.par_chunks(w * 4))
                .for_each(|(d, s)| d.copy_from_slice(s));
        })
    });
    let mpix = (w * h) as f64 / 1e6 / (ms / 1e3);
    let mode = match args.mode {
        Mode::Exact => "exact",
        Mode::Fast => "fast",
    };
    println!(
        "{{\"chain\":\"{chain}\",\"width\":{w},\"height\":{h},\"threads\":{threads},\"frame\":\"{kind:?}\",\"ops\":{},\"op_kinds\":[{}],\"block_steps\":[{}],\"build_ms\":{build_ms:.2},\"rebuild_ms\":{rebuild_ms:.2},\"mode\":\"{mode}\",\"inverse\":{},\"isa\":\"{}\",\"ms_per_frame\":{ms:.2},\"mpix_per_s\":{mpix:.1},\"copy_ms\":{copy_ms:.2}{fast_fields}}}",
        pipeline.ops().len(),
        pipeline
            .ops()
            .iter()
            .map(|op| format!("\"{}\"", op.kind()))
            .collect::<Vec<_>>()
            .join(","),
        pipeline
            .block_steps()
            .iter()
            .map(|step| format!("\"{step}\""))
            .collect::<Vec<_>>()
            .join(","),
        args.inverse,
        isa_name()
    );
    Ok(())
}

/// The instruction set the kernels run: AVX-512 where the AVX2 kernels have a build for it.
fn isa_name() -> String {
    if crate::simd::has_avx512() {
        "Avx512".to_string()
    } else {
        format!("{:?}", crate::simd::best_isa())
    }
}
