//! `amfx transforms [--kind KIND] [--aliases]`: every ACES transformId amfx implements, with a
//! one-line description.

use clap::Args;

use crate::aces::registry::registry;

#[derive(Args)]
pub struct TransformsArgs {
    /// Only this kind (CSC, Output, InvOutput, ODT, RRT, ...), case-insensitive.
    #[arg(long)]
    pub kind: Option<String>,
    /// Also print every other official spelling of each id.
    #[arg(long)]
    pub aliases: bool,
}

pub fn run(args: &TransformsArgs) -> Result<(), String> {
    let wanted = |kind: &str| {
        args.kind
            .as_deref()
            .is_none_or(|k| k.eq_ignore_ascii_case(kind))
    };
    let mut count = 0;
    for info in registry().transforms().iter().filter(|i| wanted(&i.kind)) {
        println!("{}\t{}\t{}", info.id, info.kind, info.name);
        if args.aliases {
            for alias in &info.aliases {
                println!("  also {alias}");
            }
        }
        count += 1;
    }
    if count == 0 {
        return Err(match &args.kind {
            Some(kind) => format!("no transform of kind {kind}"),
            None => "the registry is empty".into(),
        });
    }
    eprintln!("{count} transforms");
    Ok(())
}
