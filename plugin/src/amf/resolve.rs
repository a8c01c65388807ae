//! Finding the files an AMF points at: relative to the AMF's folder first, then as given.
//!
//! `file` is an xs:anyURI: names may be percent-encoded (`media%2FA003.mxf`), carry a `file://`
//! scheme or Windows separators. Absolute paths and `..` that leave the AMF's folder still work,
//! but are reported as not portable.

use std::path::{Component, Path, PathBuf};

use super::error::AmfError;

/// A reference that was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub path: PathBuf,
    /// The reference was an absolute path (it will not survive a move to another machine).
    pub absolute: bool,
    /// The reference leaves the AMF's folder (`..`).
    pub outside_amf_folder: bool,
}

/// Percent-decodes `text`; None if the escapes are broken or the bytes are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The reference as a path string with `/` separators: scheme removed, percent-decoded.
pub fn normalise_reference(reference: &str) -> String {
    let trimmed = reference.trim();
    let without_scheme = trimmed
        .strip_prefix("file://localhost/")
        .map(|rest| format!("/{rest}"))
        .or_else(|| trimmed.strip_prefix("file://").map(str::to_string))
        .or_else(|| trimmed.strip_prefix("file:").map(str::to_string))
        .unwrap_or_else(|| trimmed.to_string());
    let decoded = percent_decode(&without_scheme).unwrap_or(without_scheme);
    let mut slashed = decoded.replace('\\', "/");
    // file:///C:/x gives "/C:/x": drop the slash before a drive letter.
    if slashed.len() > 3 && slashed.as_bytes()[0] == b'/' && slashed.as_bytes()[2] == b':' {
        slashed.remove(0);
    }
    slashed
}

fn is_windows_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/')
        || path.starts_with("//")
}

/// Whether a relative path climbs above its starting folder.
fn climbs_out(path: &Path) -> bool {
    let mut depth: i64 = 0;
    for component in path.components() {
        match component {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// The paths tried for a reference, in order, without duplicates.
pub fn candidates(amf_folder: &Path, reference: &str) -> Vec<PathBuf> {
    let normalised = normalise_reference(reference);
    let as_path = PathBuf::from(&normalised);
    let absolute = as_path.is_absolute() || is_windows_absolute(&normalised);
    let mut out = Vec::new();
    if !absolute {
        out.push(amf_folder.join(&as_path));
    }
    out.push(as_path.clone());
    if absolute {
        // A path from another machine: the file is often copied beside the AMF.
        if let Some(name) = normalised.rsplit('/').next().filter(|n| !n.is_empty()) {
            out.push(amf_folder.join(name));
        }
    }
    let raw = reference.trim();
    if raw != normalised && !raw.contains("://") {
        out.push(amf_folder.join(raw));
    }
    let mut unique = Vec::new();
    for candidate in out {
        if !unique.contains(&candidate) {
            unique.push(candidate);
        }
    }
    unique
}

/// Finds the file `reference` (from the AMF at `amf_path`) names.
pub fn resolve_file(amf_path: &Path, reference: &str) -> Result<Resolved, AmfError> {
    let normalised = normalise_reference(reference);
    if normalised.is_empty() {
        return Err(AmfError::UnusableReference {
            amf: amf_path.to_path_buf(),
            reference: reference.to_string(),
            reason: "the file name is empty".into(),
        });
    }
    if reference.contains("://") && !reference.trim_start().starts_with("file:") {
        return Err(AmfError::UnusableReference {
            amf: amf_path.to_path_buf(),
            reference: reference.to_string(),
            reason: "amfx does not fetch remote files; copy it beside the AMF".into(),
        });
    }
    let folder = amf_path.parent().unwrap_or(Path::new("."));
    let tried = candidates(folder, reference);
    let absolute = Path::new(&normalised).is_absolute() || is_windows_absolute(&normalised);
    let outside = absolute || climbs_out(Path::new(&normalised));
    for path in &tried {
        if path.is_file() {
            return Ok(Resolved {
                path: path.clone(),
                absolute,
                outside_amf_folder: outside,
            });
        }
    }
    Err(AmfError::MissingReference {
        amf: amf_path.to_path_buf(),
        reference: reference.to_string(),
        tried,
    })
}

/// Whether a reference is not portable: (absolute, leaves the AMF folder).
pub fn portability(reference: &str) -> (bool, bool) {
    let normalised = normalise_reference(reference);
    let absolute = Path::new(&normalised).is_absolute() || is_windows_absolute(&normalised);
    (absolute, absolute || climbs_out(Path::new(&normalised)))
}

/// The first start tag's `id` attribute in an XML file (a CLF `ProcessList/@id`), read from
/// at most the first 64 kB.
fn root_id(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::new();
    // Regular files only, opened without blocking (a FIFO may replace a listed file).
    let file = super::open_regular(path).ok()?;
    file.take(64 * 1024).read_to_end(&mut head).ok()?;
    let mut reader = quick_xml::Reader::from_reader(head.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let id = e.try_get_attribute("id").ok()??;
                return Some(id.value.trim().to_string());
            }
            quick_xml::events::Event::Eof => return None,
            _ => buf.clear(),
        }
    }
}

/// Finds the CLF beside the AMF whose ProcessList id is `uuid` (AMF `uuid` references).
pub fn find_clf_by_uuid(amf_path: &Path, uuid: &str) -> Option<PathBuf> {
    let folder = amf_path.parent().unwrap_or(Path::new("."));
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        // Regular files only: opening a FIFO named *.clf would block forever.
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("clf")))
        .collect();
    entries.sort();
    entries
        .into_iter()
        .find(|p| root_id(p).is_some_and(|id| id.eq_ignore_ascii_case(uuid.trim())))
}

/// The ColorCorrection ids a .cdl/.cc/.ccc file holds.
pub fn color_correction_ids(path: &Path) -> Result<Vec<String>, AmfError> {
    let limits = super::xml::Limits::default();
    let io = |source| AmfError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = match super::read_regular_file(path, limits.max_file_bytes).map_err(io)? {
        super::Capped::Whole(bytes) => bytes,
        super::Capped::TooLarge(size) => {
            return Err(AmfError::TooLarge {
                path: path.to_path_buf(),
                size,
                limit: limits.max_file_bytes,
            })
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not UTF-8 text",
        ))
    })?;
    let tree = super::xml::parse_tree(&text, path, limits)?;
    let mut ids = Vec::new();
    collect_ids(&tree, &mut ids);
    Ok(ids)
}

fn collect_ids(element: &super::xml::Element, ids: &mut Vec<String>) {
    if element.local_name == "ColorCorrection" {
        if let Some(id) = element.attribute("id") {
            ids.push(id.trim().to_string());
        }
    }
    for child in &element.children {
        collect_ids(child, ids);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_decoded() {
        assert_eq!(normalise_reference("media%2FA003.mxf"), "media/A003.mxf");
        assert_eq!(
            normalise_reference("luts\\show\\look.clf"),
            "luts/show/look.clf"
        );
        assert_eq!(
            normalise_reference("file:///C:/LUTs/a.clf"),
            "C:/LUTs/a.clf"
        );
        assert_eq!(portability("..%2F..%2Fx.cube"), (false, true));
        assert_eq!(portability("%2FLibrary%2Fx.cube"), (true, true));
        assert_eq!(portability("sub/x.clf"), (false, false));
    }

    #[test]
    fn missing_file_names_every_path_tried() {
        let error =
            resolve_file(Path::new("/nonexistent/dir/a.amf"), "C:\\LUTs\\look.clf").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("C:/LUTs/look.clf"), "{message}");
        assert!(message.contains("/nonexistent/dir/look.clf"), "{message}");
    }
}
