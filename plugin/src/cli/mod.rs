//! The `amfx` command line: outside a host, exactly what the plugin does inside one.

mod apply;
mod bench;
mod chart;
mod demo;
mod demo_host;
mod eval;
mod idt;
mod images;
mod index;
mod inspect;
mod preview;
mod transforms;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "amfx",
    version,
    about = "ACES Metadata File pipelines: the OFX plugin's engine on the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render the built-in ACES test chart through the plugin binary with the built-in sample AMF.
    Demo(demo::DemoArgs),
    /// Time one frame through the pipeline (exact or fast mode) next to a plain copy of the frame.
    Bench(bench::BenchArgs),
    /// Print an AMF's pipeline as a colorist reads it (looks, applied flags, CDL values, display).
    Inspect(inspect::InspectArgs),
    /// Check AMF and CLF files strictly against their schema and semantics (exit 1 if any is invalid).
    Validate(validate::ValidateArgs),
    /// Write (or refresh) a folder's clipId -> AMF index, and optionally look a clip up in it.
    Index(index::IndexArgs),
    /// Apply a CLF or an AMF recipe (or its inverse), exact or fast, to raw float32 RGB pixels.
    Eval(eval::EvalArgs),
    /// Render images and numbered sequences (EXR, TIFF, PNG) through their AMF's pipeline.
    Apply(apply::ApplyArgs),
    /// List every ACES transformId amfx implements, with a one-line description.
    Transforms(transforms::TransformsArgs),
    /// Write a built-in camera input transform as a CLF, for hosts that take a custom IDT.
    Idt(idt::IdtArgs),
}

/// Parses the arguments, runs the subcommand, and turns its error into a message and exit code 1.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => demo::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Index(args) => index::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Apply(args) => apply::run(&args),
        Command::Transforms(args) => transforms::run(&args),
        Command::Idt(args) => idt::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("amfx: {message}");
            ExitCode::FAILURE
        }
    }
}
