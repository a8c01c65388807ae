//! `amfx apply --amf FILE|FOLDER [options] IN... -o OUT`: renders images and numbered
//! sequences through their AMF's pipeline, exactly as the plugin would, in parallel across
//! frames, with a progress bar and a summary of what was applied to what.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::images::{self, Depth, Frame};
use crate::aces::registry::registry;
use crate::amf::{self, clip_match::ClipQuery, index};
use crate::kernel::{self, ImageView, Layout, Rect, Sample};
use crate::pipeline::{build, BuildOptions, Built, Pipeline};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Stage {
    Input,
    Looks,
    Output,
}

#[derive(Args)]
pub struct ApplyArgs {
    /// The AMF, or a folder of AMFs: each input then uses the AMF whose clipId matches its file
    /// name (or --clip-id).
    #[arg(long)]
    pub amf: PathBuf,
    /// The clip to match in a folder of AMFs (clip name, media file, sequence or urn:uuid)
    /// instead of each input's file name.
    #[arg(long)]
    pub clip_id: Option<String>,
    /// An output transformId to view through instead of the AMF's (`amfx transforms --kind
    /// Output` lists them; an ACES 1.x ODT gets the RRT before it).
    #[arg(long)]
    pub display: Option<String>,
    /// The stages to apply, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values = ["input", "looks", "output"])]
    pub stages: Vec<Stage>,
    /// Run the chain backwards (display-referred images back to ACES or the camera).
    #[arg(long)]
    pub inverse: bool,
    /// Sample depth of the written files: half or float (EXR, TIFF float), 8 or 16 (PNG, TIFF).
    /// Default: half for EXR, 16 for TIFF and PNG.
    #[arg(long, value_enum)]
    pub depth: Option<Depth>,
    /// Input images or sequences (`A001.####.exr`, `A001.%04d.exr`).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output file, sequence pattern (with #### or %04d) or folder (keeps the input names; use
    /// --format to change their type).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The file type written into an output folder: exr, tif, png (default: the input's).
    #[arg(long)]
    pub format: Option<String>,
}

/// One frame to render: where from, where to, which clip it belongs to.
struct Job {
    input: PathBuf,
    output: PathBuf,
    clip: String,
}

pub fn run(args: &ApplyArgs) -> Result<(), String> {
    let jobs = plan(args)?;
    let chains = Chains::new(args);
    // Resolve every clip's pipeline before rendering, so a bad AMF stops the run before any
    // file is written.
    let mut pipelines: BTreeMap<String, (Arc<Pipeline>, PathBuf)> = BTreeMap::new();
    for job in &jobs {
        if !pipelines.contains_key(&job.clip) {
            let resolved = chains.for_clip(&job.clip)?;
            pipelines.insert(job.clip.clone(), resolved);
        }
    }

    let progress = indicatif::ProgressBar::new(jobs.len() as u64);
    progress.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} frames {elapsed}, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let done = AtomicUsize::new(0);
    let results: Vec<Result<(), String>> = jobs
        .par_iter()
        .map(|job| {
            let (pipeline, _) = &pipelines[&job.clip];
            let result = render_file(pipeline, &job.input, &job.output, args.depth);
            done.fetch_add(1, Ordering::Relaxed);
            progress.inc(1);
            result.map_err(|e| format!("{}: {e}", job.input.display()))
        })
        .collect();
    progress.finish_and_clear();
    let failures: Vec<String> = results.into_iter().filter_map(Result::err).collect();

    for (clip, (pipeline, amf_path)) in &pipelines {
        let frames = jobs.iter().filter(|j| &j.clip == clip).count();
        println!(
            "{clip}: {frames} frame(s) through {} ({} ops)",
            amf_path.display(),
            pipeline.ops().len()
        );
    }
    println!(
        "{} of {} frame(s) written to {}",
        done.load(Ordering::Relaxed) - failures.len(),
        jobs.len(),
        args.output.display()
    );
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} frame(s) failed:\n  {}",
            failures.len(),
            failures.join("\n  ")
        ))
    }
}

/// Every frame of every input, with its output path.
fn plan(args: &ApplyArgs) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    let output_is_folder = args.output.is_dir() || args.output.to_string_lossy().ends_with('/');
    let output_pattern = images::Pattern::parse(&args.output);
    for input in &args.inputs {
        let clip = args.clip_id.clone().unwrap_or_else(|| {
            input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let frames = images::expand(input)?;
        if frames.len() > 1 && !output_is_folder && output_pattern.is_none() {
            return Err(format!(
                "{} is a sequence of {} frames: give -o a pattern (out.####.exr) or a folder",
                input.display(),
                frames.len()
            ));
        }
        for (frame, path) in frames {
            let output = if output_is_folder {
                let name = path.file_name().map(PathBuf::from).unwrap_or_default();
                let name = match &args.format {
                    Some(ext) => name.with_extension(ext),
                    None => name,
                };
                args.output.join(name)
            } else if let (Some(pattern), Some(frame)) = (&output_pattern, frame) {
                pattern.path(frame)
            } else {
                args.output.clone()
            };
            jobs.push(Job {
                input: path,
                output,
                clip: clip.clone(),
            });
        }
    }
    if jobs.is_empty() {
        return Err("no input frames found".into());
    }
    Ok(jobs)
}

/// Pipelines by clip: one AMF for all, or the matching AMF of a folder.
pub(super) struct Chains {
    source: PathBuf,
    options: BuildOptions,
    display: Option<String>,
}

impl Chains {
    fn new(args: &ApplyArgs) -> Chains {
        Chains::of(
            args.amf.clone(),
            &args.stages,
            args.display.clone(),
            args.inverse,
        )
    }

    /// The chains of an AMF or folder of AMFs, with these stages, display and direction.
    pub(super) fn of(
        source: PathBuf,
        stages: &[Stage],
        display: Option<String>,
        inverse: bool,
    ) -> Chains {
        Chains {
            source,
            options: BuildOptions {
                input: stages.contains(&Stage::Input),
                looks: stages.contains(&Stage::Looks),
                output: stages.contains(&Stage::Output),
                output_override: None,
                inverse,
                trim: Vec::new(),
            },
            display,
        }
    }

    fn for_clip(&self, clip: &str) -> Result<(Arc<Pipeline>, PathBuf), String> {
        let (built, path) = self.built_for_clip(clip)?;
        Ok((Arc::new(built.pipeline), path))
    }

    /// The whole build (pipeline, stage reports, what takes the input to ACES) for one clip.
    pub(super) fn built_for_clip(&self, clip: &str) -> Result<(Built, PathBuf), String> {
        let path = if self.source.is_dir() {
            let clips = index::build(&self.source).map_err(|e| e.to_string())?;
            let query = ClipQuery {
                name_or_path: clip,
                frame: None,
            };
            clips
                .lookup(&self.source, &query)
                .map(|(path, _)| path)
                .ok_or_else(|| {
                    format!(
                        "no AMF in {} has a clipId matching \"{clip}\" (give --clip-id)",
                        self.source.display()
                    )
                })?
        } else {
            self.source.clone()
        };
        let document = amf::read_file(&path).map_err(|e| e.to_string())?;
        let mut options = self.options.clone();
        if let Some(id) = &self.display {
            let info = registry()
                .lookup(id)
                .ok_or_else(|| format!("unknown display transformId {id}"))?;
            if info.kind == "ODT" {
                // An ACES 1.x ODT needs the RRT before it: both go where the output goes.
                if options.output {
                    options
                        .trim
                        .extend(registry().ops("RRT.a1.0.3").map_err(|e| e.to_string())?);
                    options
                        .trim
                        .extend(registry().ops(id).map_err(|e| e.to_string())?);
                }
                options.output = false;
            } else {
                options.output_override = Some(id.clone());
            }
        }
        let built = build(&document.amf, &path, &options)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok((built, path))
    }
}

/// Reads one image, renders it through the pipeline (the plugin's kernel), writes it.
fn render_file(
    pipeline: &Pipeline,
    input: &Path,
    output: &Path,
    depth: Option<Depth>,
) -> Result<(), String> {
    let mut frame = images::read(input)?;
    let source = frame.pixels.clone();
    let rect = Rect::new(0, 0, frame.width as i32, frame.height as i32);
    let layout = Layout::new(Sample::F32, 4);
    let row_bytes = (frame.width * 16) as isize;
    // SAFETY: both buffers hold width x height RGBA f32 pixels, rows bottom to top as the
    // kernel reads them (the order does not matter for a per-pixel chain), and outlive the call.
    let (src, dst) = unsafe {
        (
            ImageView::new(source.as_ptr() as *mut u8, rect, row_bytes, layout),
            ImageView::new(
                frame.pixels.as_mut_ptr() as *mut u8,
                rect,
                row_bytes,
                layout,
            ),
        )
    };
    let (src, dst) = (
        src.map_err(|e| e.to_string())?,
        dst.map_err(|e| e.to_string())?,
    );
    kernel::render(pipeline, &src, &dst, rect).map_err(|e| e.to_string())?;
    images::write(output, &Frame { ..frame }, depth)
}
