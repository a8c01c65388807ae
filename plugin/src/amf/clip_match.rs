//! Which AMF belongs to a clip: by uuid, media file name, frame sequence or clip name, with the
//! reason in words; and where to look for AMFs beside a piece of media.

use std::path::{Path, PathBuf};

use super::model::{ClipId, ClipReference};

/// What the host knows about the clip.
#[derive(Debug, Clone, Copy)]
pub struct ClipQuery<'a> {
    /// A clip name (`A003C012`), a media file name or path, a sequence path
    /// (`A001.####.exr`, `A001.%04d.exr`, `A001.0101.exr`) or a `urn:uuid:`.
    pub name_or_path: &'a str,
    pub frame: Option<u64>,
}

/// How strong a match is; earlier variants win.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    Uuid,
    File,
    Sequence,
    ClipName,
    /// The media name starts with the clip name (`A003C012` in `A003C012_230101_R1AB.mxf`).
    ClipNamePrefix,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClipMatch {
    pub kind: MatchKind,
    pub reason: String,
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

/// A frame-sequence file name split around its frame number: prefix, digit count, suffix.
#[derive(Debug, PartialEq)]
struct SequenceShape<'a> {
    prefix: &'a str,
    width: usize,
    suffix: &'a str,
}

/// Finds the placeholder (`#` run, `%0Nd`, `%d`, or the `idx` text) in a pattern.
fn placeholder_shape<'a>(pattern: &'a str, idx: &str) -> Option<SequenceShape<'a>> {
    if let Some(start) = pattern.find('%') {
        let rest = &pattern[start + 1..];
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if rest[digits.len()..].starts_with('d') {
            let width = digits.trim_start_matches('0').parse().unwrap_or(1);
            return Some(SequenceShape {
                prefix: &pattern[..start],
                width,
                suffix: &rest[digits.len() + 1..],
            });
        }
    }
    let marker = idx.chars().next().unwrap_or('#');
    let start = pattern.find(marker)?;
    let run = pattern[start..]
        .chars()
        .take_while(|&c| c == marker)
        .count();
    let end = start + run * marker.len_utf8();
    Some(SequenceShape {
        prefix: &pattern[..start],
        width: run,
        suffix: &pattern[end..],
    })
}

/// A concrete frame file (`A001.0101.exr`): the last digit run is the frame.
fn concrete_frame(name: &str, shape: &SequenceShape) -> Option<u64> {
    let middle = name
        .strip_prefix(shape.prefix)?
        .strip_suffix(shape.suffix)?;
    if middle.len() >= shape.width
        && !middle.is_empty()
        && middle.bytes().all(|b| b.is_ascii_digit())
    {
        middle.parse().ok()
    } else {
        None
    }
}

/// Whether `clip` is the clip the query describes, and why.
pub fn match_clip(clip: &ClipId, query: &ClipQuery) -> Option<ClipMatch> {
    let wanted = query.name_or_path.trim();
    let name = base_name(wanted);
    match &clip.reference {
        Some(ClipReference::Uuid(uuid))
            if uuid.eq_ignore_ascii_case(wanted)
                || uuid
                    .trim_start_matches("urn:uuid:")
                    .eq_ignore_ascii_case(wanted) =>
        {
            return Some(ClipMatch {
                kind: MatchKind::Uuid,
                reason: format!("matched clip uuid {uuid}"),
            });
        }
        Some(ClipReference::File(file)) => {
            let file_name = base_name(&super::resolve::normalise_reference(file)).to_string();
            if !name.is_empty() && file_name.eq_ignore_ascii_case(name) {
                return Some(ClipMatch {
                    kind: MatchKind::File,
                    reason: format!("matched file {file_name}"),
                });
            }
        }
        Some(ClipReference::Sequence {
            pattern,
            idx,
            min,
            max,
        }) if !pattern.is_empty() => {
            if let Some(shape) = placeholder_shape(pattern, idx) {
                let query_shape = placeholder_shape(name, "#")
                    .filter(|s| s.prefix == shape.prefix && s.suffix == shape.suffix);
                let frame = match (&query_shape, concrete_frame(name, &shape)) {
                    (Some(_), _) => query.frame,
                    (None, Some(frame)) => match query.frame {
                        Some(asked) if asked != frame => None,
                        _ => Some(frame),
                    },
                    (None, None) => None,
                };
                let same_sequence = query_shape.is_some() || frame.is_some();
                if same_sequence {
                    match frame {
                        Some(f) if f < *min || f > *max => {}
                        Some(f) => {
                            return Some(ClipMatch {
                                kind: MatchKind::Sequence,
                                reason: format!(
                                    "matched sequence {pattern} frame {f} (range {min}-{max})"
                                ),
                            })
                        }
                        None => {
                            return Some(ClipMatch {
                                kind: MatchKind::Sequence,
                                reason: format!("matched sequence {pattern} (frames {min}-{max})"),
                            })
                        }
                    }
                }
            }
        }
        _ => {}
    }
    let clip_name = clip.clip_name.trim();
    if clip_name.is_empty() {
        return None;
    }
    let media_stem = stem(name);
    if clip_name.eq_ignore_ascii_case(name) || clip_name.eq_ignore_ascii_case(media_stem) {
        return Some(ClipMatch {
            kind: MatchKind::ClipName,
            reason: format!("matched clipName {clip_name}"),
        });
    }
    let prefix_match = media_stem.len() > clip_name.len()
        && media_stem.is_char_boundary(clip_name.len())
        && media_stem[..clip_name.len()].eq_ignore_ascii_case(clip_name)
        && media_stem[clip_name.len()..].starts_with(['_', '.', '-', ' ']);
    prefix_match.then(|| ClipMatch {
        kind: MatchKind::ClipNamePrefix,
        reason: format!("matched clipName {clip_name} at the start of {media_stem}"),
    })
}

/// One AMF that could belong to the clip.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub clip_id: Option<ClipId>,
    /// amfInfo modificationDateTime: the most recent wins a tie.
    pub modified: Option<String>,
}

/// The best-matching candidate; ties go to the most recently modified AMF, then the first path.
pub fn choose<'a>(
    candidates: &'a [Candidate],
    query: &ClipQuery,
) -> Option<(&'a Candidate, ClipMatch)> {
    let mut best: Option<(&Candidate, ClipMatch)> = None;
    for candidate in candidates {
        let Some(clip) = &candidate.clip_id else {
            continue;
        };
        let Some(found) = match_clip(clip, query) else {
            continue;
        };
        let better = match &best {
            None => true,
            Some((current, current_match)) => {
                found.kind < current_match.kind
                    || (found.kind == current_match.kind && candidate.modified > current.modified)
            }
        };
        if better {
            best = Some((candidate, found));
        }
    }
    best
}

fn has_amf_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("amf"))
}

/// The sidecar AMF of a media file: `A001.mov` → `A001.amf` or `A001.mov.amf`; for a frame of
/// a sequence (`A001.0101.exr`) also `A001.amf`.
pub fn sidecar_for(media: &Path) -> Option<PathBuf> {
    let folder = media.parent().unwrap_or(Path::new("."));
    let name = media.file_name()?.to_str()?;
    let mut stems = vec![stem(name).to_string(), name.to_string()];
    let without_frame = stem(name)
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '#')
        .trim_end_matches(['.', '_', '-']);
    if !without_frame.is_empty() {
        stems.push(without_frame.to_string());
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    for wanted in stems {
        let found = entries.iter().find(|p| {
            has_amf_extension(p)
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.eq_ignore_ascii_case(&wanted))
        });
        if let Some(found) = found {
            return Some(found.clone());
        }
    }
    None
}

/// The AMFs of a folder (not recursive), sorted by name.
pub fn amfs_in_folder(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && has_amf_extension(p))
        .collect();
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(name: &str, reference: Option<ClipReference>) -> ClipId {
        ClipId {
            clip_name: name.into(),
            reference,
            extensions: vec![],
        }
    }

    fn query(text: &str, frame: Option<u64>) -> ClipQuery<'_> {
        ClipQuery {
            name_or_path: text,
            frame,
        }
    }

    #[test]
    fn sequences_match_by_pattern_and_frame_range() {
        let seq = clip(
            "A001C012",
            Some(ClipReference::Sequence {
                pattern: "A001_C012_AE0306_###.exr".into(),
                idx: "#".into(),
                min: 1,
                max: 240,
            }),
        );
        let hit =
            match_clip(&seq, &query("/shots/A001_C012_AE0306_101.exr", None)).expect("frame 101");
        assert_eq!(hit.kind, MatchKind::Sequence);
        assert_eq!(
            hit.reason,
            "matched sequence A001_C012_AE0306_###.exr frame 101 (range 1-240)"
        );
        assert!(match_clip(&seq, &query("A001_C012_AE0306_241.exr", None)).is_none());
        assert_eq!(
            match_clip(&seq, &query("A001_C012_AE0306_%03d.exr", Some(12))).map(|m| m.kind),
            Some(MatchKind::Sequence)
        );
        assert!(match_clip(&seq, &query("A001_C012_AE0306_###.exr", Some(500))).is_none());
        // The clip name still identifies it.
        assert_eq!(
            match_clip(&seq, &query("A001C012", None)).map(|m| m.reason),
            Some("matched clipName A001C012".into())
        );
    }

    #[test]
    fn files_uuids_and_names() {
        let file = clip(
            "BIGMOVIE",
            Some(ClipReference::File("media%2FBIGMOVIE_A027C005.mxf".into())),
        );
        assert_eq!(
            match_clip(&file, &query("D:\\card\\BIGMOVIE_A027C005.mxf", None)).map(|m| m.kind),
            Some(MatchKind::File)
        );
        let uuid = clip(
            "X",
            Some(ClipReference::Uuid(
                "urn:uuid:797c7cd8-4eb1-4f67-afce-af2b0a1d0285".into(),
            )),
        );
        assert_eq!(
            match_clip(&uuid, &query("797C7CD8-4EB1-4F67-AFCE-AF2B0A1D0285", None)).map(|m| m.kind),
            Some(MatchKind::Uuid)
        );
        let name = clip("A003C012", None);
        let prefix = match_clip(&name, &query("A003C012_230101_R1AB.mxf", None)).expect("prefix");
        assert_eq!(prefix.kind, MatchKind::ClipNamePrefix);
        assert!(match_clip(&name, &query("A003C0123.mxf", None)).is_none());
    }

    #[test]
    fn the_strongest_then_newest_candidate_wins() {
        let candidates = vec![
            Candidate {
                path: "old.amf".into(),
                clip_id: Some(clip("A003C012", None)),
                modified: Some("2020-01-01T00:00:00Z".into()),
            },
            Candidate {
                path: "new.amf".into(),
                clip_id: Some(clip("A003C012", None)),
                modified: Some("2024-01-01T00:00:00Z".into()),
            },
            Candidate {
                path: "file.amf".into(),
                clip_id: Some(clip(
                    "other",
                    Some(ClipReference::File("A003C012.mov".into())),
                )),
                modified: None,
            },
        ];
        let (best, why) = choose(&candidates, &query("A003C012.mov", None)).expect("match");
        assert_eq!(best.path, PathBuf::from("file.amf"));
        assert_eq!(why.kind, MatchKind::File);
        let (best, _) = choose(&candidates, &query("A003C012", None)).expect("match");
        assert_eq!(best.path, PathBuf::from("new.amf"));
    }
}
