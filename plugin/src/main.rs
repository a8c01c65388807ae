//! `amfx`: the command line. Everything is in `amfx::cli`.

fn main() -> std::process::ExitCode {
    amfx::cli::run()
}
