//! A clipId → AMF index of a folder of AMFs, kept as JSON beside them (`amfx-index.json`).
//!
//! Written with serde, read back with simd-json. It records every AMF's name, size and
//! modification time; when that list no longer matches the folder the index is rebuilt. (The
//! folder's own mtime is not used: writing the index into the folder changes it.)

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::clip_match::{self, Candidate, ClipMatch, ClipQuery};
use super::error::AmfError;
use super::model::{ClipId, ClipReference};

pub const INDEX_FILE_NAME: &str = "amfx-index.json";
const FORMAT: &str = "amfx-clip-index";
const FORMAT_VERSION: u32 = 1;
/// An index entry is a few hundred bytes: this is some hundred thousand AMFs.
const MAX_INDEX_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub name: String,
    pub size: u64,
    pub modified_ns: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SequenceEntry {
    pub pattern: String,
    pub idx: String,
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The AMF's file name inside the folder.
    pub amf: String,
    pub amf_uuid: Option<String>,
    pub modified: Option<String>,
    pub clip_name: Option<String>,
    pub clip_file: Option<String>,
    pub clip_uuid: Option<String>,
    pub sequence: Option<SequenceEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnreadableEntry {
    pub amf: String,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClipIndex {
    pub format: String,
    pub version: u32,
    pub files: Vec<FileStamp>,
    pub entries: Vec<IndexEntry>,
    pub unreadable: Vec<UnreadableEntry>,
}

fn index_error(path: &Path, message: impl Into<String>) -> AmfError {
    AmfError::Index {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// The current name/size/mtime list of a folder's AMFs.
pub fn folder_stamps(folder: &Path) -> Result<Vec<FileStamp>, AmfError> {
    let amfs = clip_match::amfs_in_folder(folder).map_err(|source| AmfError::Io {
        path: folder.to_path_buf(),
        source,
    })?;
    let mut stamps = Vec::new();
    for path in amfs {
        let metadata = std::fs::metadata(&path).map_err(|source| AmfError::Io {
            path: path.clone(),
            source,
        })?;
        let modified_ns = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        stamps.push(FileStamp {
            name,
            size: metadata.len(),
            modified_ns,
        });
    }
    Ok(stamps)
}

/// Reads every AMF of the folder (tolerantly) into an index.
pub fn build(folder: &Path) -> Result<ClipIndex, AmfError> {
    let files = folder_stamps(folder)?;
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    for stamp in &files {
        match super::read_file(&folder.join(&stamp.name)) {
            Ok(document) => {
                let amf = document.amf;
                let clip = amf.clip_id.as_ref();
                let reference = clip.and_then(|c| c.reference.as_ref());
                entries.push(IndexEntry {
                    amf: stamp.name.clone(),
                    amf_uuid: amf.info.uuid.clone(),
                    modified: amf
                        .info
                        .date_time
                        .as_ref()
                        .and_then(|d| d.modification.clone()),
                    clip_name: clip.map(|c| c.clip_name.clone()),
                    clip_file: match reference {
                        Some(ClipReference::File(f)) => Some(f.clone()),
                        _ => None,
                    },
                    clip_uuid: match reference {
                        Some(ClipReference::Uuid(u)) => Some(u.clone()),
                        _ => None,
                    },
                    sequence: match reference {
                        Some(ClipReference::Sequence {
                            pattern,
                            idx,
                            min,
                            max,
                        }) => Some(SequenceEntry {
                            pattern: pattern.clone(),
                            idx: idx.clone(),
                            min: *min,
                            max: *max,
                        }),
                        _ => None,
                    },
                });
            }
            Err(e) => unreadable.push(UnreadableEntry {
                amf: stamp.name.clone(),
                error: e.to_string(),
            }),
        }
    }
    Ok(ClipIndex {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        files,
        entries,
        unreadable,
    })
}

/// Builds the index and writes it into the folder; returns its path.
pub fn write(folder: &Path, index: &ClipIndex) -> Result<PathBuf, AmfError> {
    let path = folder.join(INDEX_FILE_NAME);
    let json = simd_json::to_string_pretty(index)
        .map_err(|e| index_error(&path, format!("cannot encode: {e}")))?;
    std::fs::write(&path, json + "\n").map_err(|source| AmfError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Reads an index file with simd-json (None if the folder has none).
pub fn load(folder: &Path) -> Result<Option<ClipIndex>, AmfError> {
    let path = folder.join(INDEX_FILE_NAME);
    let mut bytes = match super::read_regular_file(&path, MAX_INDEX_BYTES) {
        Ok(super::Capped::Whole(bytes)) => bytes,
        Ok(super::Capped::TooLarge(size)) => {
            return Err(index_error(
                &path,
                format!("{size} bytes, more than the {MAX_INDEX_BYTES} an index may have"),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(AmfError::Io { path, source }),
    };
    let index: ClipIndex = simd_json::serde::from_slice(&mut bytes)
        .map_err(|e| index_error(&path, format!("not a valid index: {e}")))?;
    if index.format != FORMAT || index.version != FORMAT_VERSION {
        return Err(index_error(
            &path,
            format!(
                "format {} v{} is not {FORMAT} v{FORMAT_VERSION}",
                index.format, index.version
            ),
        ));
    }
    Ok(Some(index))
}

/// The folder's index, rebuilt (and rewritten) when missing, unreadable or out of date.
/// Returns the index and whether it was rebuilt.
pub fn load_or_rebuild(folder: &Path) -> Result<(ClipIndex, bool), AmfError> {
    if let Ok(Some(index)) = load(folder) {
        if index.files == folder_stamps(folder)? {
            return Ok((index, false));
        }
    }
    let index = build(folder)?;
    write(folder, &index)?;
    Ok((index, true))
}

impl IndexEntry {
    fn clip_id(&self) -> Option<ClipId> {
        let reference = if let Some(s) = &self.sequence {
            Some(ClipReference::Sequence {
                pattern: s.pattern.clone(),
                idx: s.idx.clone(),
                min: s.min,
                max: s.max,
            })
        } else if let Some(f) = &self.clip_file {
            Some(ClipReference::File(f.clone()))
        } else {
            self.clip_uuid.clone().map(ClipReference::Uuid)
        };
        Some(ClipId {
            clip_name: self.clip_name.clone()?,
            reference,
            extensions: Vec::new(),
        })
    }
}

impl ClipIndex {
    /// The AMF (path inside `folder`) for a clip, with the reason.
    pub fn lookup(&self, folder: &Path, query: &ClipQuery) -> Option<(PathBuf, ClipMatch)> {
        let candidates: Vec<Candidate> = self
            .entries
            .iter()
            .map(|e| Candidate {
                path: folder.join(&e.amf),
                clip_id: e.clip_id(),
                modified: e.modified.clone(),
            })
            .collect();
        clip_match::choose(&candidates, query).map(|(c, m)| (c.path.clone(), m))
    }
}
