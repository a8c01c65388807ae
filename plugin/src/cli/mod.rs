//! The `amfx` command line: outside a host, exactly what the plugin does inside one.

mod apply;
mod bake;
mod bench;
mod chart;
mod demo;
mod demo_host;
mod eval;
mod idt;
mod images;
mod index;
mod inspect;
mod lmt;
mod preview;
mod transforms;
mod validate;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

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
    /// Bake an AMF's recipe into one LUT file (CLF or .cube, shaper + 3D LUT) for hosts without
    /// the plugin, and print how far it is from the exact chain.
    Bake(bake::BakeArgs),
    /// Turn a show LUT (camera code values to display) into an ACES look (CLF) and its AMF.
    Lmt(lmt::LmtArgs),
}

/// Parses the arguments, runs the subcommand, and turns its error into a message and exit code 1.
pub fn run() -> ExitCode {
    // Parsed from the matches (not `Cli::parse`) so that `eval` can read the order in which
    // its --clf and --transform options were given.
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let result = match cli.command {
        Command::Demo(args) => demo::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Index(args) => index::run(&args),
        Command::Eval(args) => eval::run(&args, matches.subcommand_matches("eval")),
        Command::Apply(args) => apply::run(&args),
        Command::Transforms(args) => transforms::run(&args),
        Command::Idt(args) => idt::run(&args),
        Command::Bake(args) => bake::run(&args),
        Command::Lmt(args) => lmt::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("amfx: {message}");
            ExitCode::FAILURE
        }
    }
}
