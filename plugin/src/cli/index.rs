//! `amfx index DIR`: write the folder's clipId → AMF index, or look a clip up in it.

use std::path::PathBuf;

use clap::Args;

use crate::amf::clip_match::ClipQuery;
use crate::amf::index;

#[derive(Args)]
pub struct IndexArgs {
    /// A folder of AMFs.
    pub dir: PathBuf,
    /// Look up this clip name, media path or uuid in the (fresh) index.
    #[arg(long)]
    pub clip: Option<String>,
    /// Frame number for sequence clips.
    #[arg(long)]
    pub frame: Option<u64>,
}

pub fn run(args: &IndexArgs) -> Result<(), String> {
    let (found, rebuilt) = index::load_or_rebuild(&args.dir).map_err(|e| e.to_string())?;
    let path = args.dir.join(index::INDEX_FILE_NAME);
    println!(
        "{}: {} AMF(s) indexed{}",
        path.display(),
        found.entries.len(),
        if rebuilt {
            " (rebuilt)"
        } else {
            " (up to date)"
        }
    );
    for bad in &found.unreadable {
        eprintln!("amfx: {}: not indexed: {}", bad.amf, bad.error);
    }
    if let Some(clip) = &args.clip {
        let query = ClipQuery {
            name_or_path: clip,
            frame: args.frame,
        };
        match found.lookup(&args.dir, &query) {
            Some((amf, why)) => println!("{clip}: {} ({})", amf.display(), why.reason),
            None => {
                return Err(format!(
                    "no AMF in {} matches clip '{clip}'",
                    args.dir.display()
                ))
            }
        }
    }
    Ok(())
}
