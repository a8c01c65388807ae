//! The colorist's hands on the AMF's looks: bypass any of the first few, regrade one of its
//! CDLs (or add a trim grade after them), and export the adjusted recipe beside the original.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::amf::{
    self, Amf, AmfVersion, CdlWorkingSpace, EmbeddedCdl, LookKind, LookTransform, PipelineStep,
    ReferenceTransform, Sop, TransformMeta, TransformRef,
};
use crate::ops::Cdl;

/// Looks that get a bypass switch of their own (saved projects keep the parameter names).
pub const LOOK_SLOTS: usize = 6;

/// The user's changes to the AMF's looks.
#[derive(Clone, Debug, PartialEq)]
pub struct LookEdits {
    /// Per look (in document order): leave it out.
    pub bypass: [bool; LOOK_SLOTS],
    /// 0: the CDL parameters are a trim grade after the looks; k: they replace look k's CDL.
    pub target: usize,
    pub cdl: Cdl,
}

impl LookEdits {
    /// The trim grade applied after the looks (identity when the CDL regrades a look).
    pub fn trim(&self) -> Cdl {
        if self.target == 0 {
            self.cdl.clone()
        } else {
            Cdl::default()
        }
    }
}

/// What a look is, in a few words (for labels and the report).
pub fn describe(look: &LookTransform) -> String {
    if let Some(description) = look.meta.description.as_deref().filter(|d| !d.is_empty()) {
        return description.to_string();
    }
    match &look.kind {
        LookKind::Cdl(_) => "ASC CDL".into(),
        LookKind::CdlReference(r) => format!("CDL {}", r.color_correction_id),
        LookKind::Reference(TransformRef::File(f)) => f.clone(),
        LookKind::Reference(TransformRef::TransformId(id)) => id.clone(),
        LookKind::Reference(TransformRef::Uuid(u)) => u.clone(),
        LookKind::Missing => "(empty)".into(),
    }
}

/// The embedded CDL of look `k` (1-based), for showing it in the CDL parameters.
pub fn look_cdl(amf: &Amf, k: usize) -> Result<Cdl, String> {
    let look = amf
        .pipeline
        .looks()
        .nth(k.wrapping_sub(1))
        .ok_or_else(|| format!("the AMF has no look {k}"))?;
    match &look.kind {
        LookKind::Cdl(cdl) => {
            let sop = cdl.effective_sop();
            Ok(Cdl {
                slope: sop.slope,
                offset: sop.offset,
                power: sop.power,
                saturation: cdl.effective_saturation(),
                ..Cdl::default()
            })
        }
        _ => Err(format!(
            "look {k} ({}) is not an ASC CDL written in the AMF, so it cannot be regraded here; grade it as the trim instead",
            describe(look)
        )),
    }
}

/// Applies the edits to the AMF's pipeline: regrades the target look, drops bypassed ones.
/// Returns what was changed, for the report.
pub fn apply(amf: &mut Amf, edits: &LookEdits) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    if edits.target > 0 {
        look_cdl(amf, edits.target)?;
        let look = amf
            .pipeline
            .steps
            .iter_mut()
            .filter_map(|step| match step {
                PipelineStep::Look(look) => Some(look),
                PipelineStep::WorkingLocation(_) => None,
            })
            .nth(edits.target - 1);
        if let Some(LookTransform {
            kind: LookKind::Cdl(cdl),
            ..
        }) = look
        {
            set_cdl(cdl, &edits.cdl);
            notes.push(format!(
                "Look {}: regraded with the CDL parameters",
                edits.target
            ));
        }
    }
    let mut index = 0;
    amf.pipeline.steps.retain(|step| {
        let PipelineStep::Look(look) = step else {
            return true;
        };
        index += 1;
        let bypassed = edits.bypass.get(index - 1).copied().unwrap_or(false);
        if bypassed {
            notes.push(format!("Look {index} ({}): bypassed", describe(look)));
        }
        !bypassed
    });
    Ok(notes)
}

fn set_cdl(target: &mut EmbeddedCdl, cdl: &Cdl) {
    target.sop = Some(Sop {
        slope: cdl.slope,
        offset: cdl.offset,
        power: cdl.power,
    });
    target.saturation = Some(cdl.saturation);
}

/// Where the adjusted recipe of `original` is written: beside it, never over it.
pub fn export_path(original: &Path) -> PathBuf {
    let stem = original
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "recipe".into());
    original.with_file_name(format!("{stem}.adjusted.amf"))
}

/// Writes the adjusted recipe beside the original: the edits applied, the trim grade added as
/// a last look in ACEScct, the clipId kept, and (AMF 2.0) the original pipeline archived.
pub fn export(original: &Path, edits: &LookEdits) -> Result<PathBuf, String> {
    let document = amf::read_file(original).map_err(|e| e.to_string())?;
    let mut adjusted = document.amf.clone();
    apply(&mut adjusted, edits)?;
    let trim = edits.trim();
    if !trim.is_identity() {
        adjusted
            .pipeline
            .steps
            .push(PipelineStep::Look(trim_look(adjusted.version, &trim)));
    }
    let now = timestamp();
    adjusted
        .info
        .date_time
        .get_or_insert_with(Default::default)
        .modification = Some(now.clone());
    adjusted.info.uuid = Some(new_uuid());
    let info = &mut adjusted.pipeline.info.info;
    info.description = Some("Adjusted in amfx".into());
    info.date_time
        .get_or_insert_with(Default::default)
        .modification = Some(now);
    info.uuid = Some(new_uuid());
    if adjusted.version == AmfVersion::V2 {
        adjusted
            .archived_pipelines
            .insert(0, document.amf.pipeline.clone());
    }
    let path = export_path(original);
    let temporary = path.with_extension("amf.tmp");
    std::fs::write(&temporary, amf::writer::write(&adjusted))
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The trim grade as an AMF look: a CDL in ACEScct.
fn trim_look(version: AmfVersion, cdl: &Cdl) -> LookTransform {
    let (to, from) = match version {
        AmfVersion::V2 => (
            "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACES_to_ACEScct.a2.v1",
            "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScct_to_ACES.a2.v1",
        ),
        _ => (
            "urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACES_to_ACEScct.a1.0.3",
            "urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACEScct_to_ACES.a1.0.3",
        ),
    };
    let reference = |id: &str| ReferenceTransform {
        meta: TransformMeta::default(),
        target: TransformRef::TransformId(id.to_string()),
        extensions: Vec::new(),
        line: Default::default(),
    };
    let mut embedded = EmbeddedCdl {
        working_space: Some(CdlWorkingSpace {
            to_working_space: Some(reference(to)),
            from_working_space: Some(reference(from)),
            line: Default::default(),
        }),
        sop: None,
        sop_spelling: Default::default(),
        sop_descriptions: Vec::new(),
        saturation: None,
        sat_spelling: Default::default(),
        sat_descriptions: Vec::new(),
    };
    set_cdl(&mut embedded, cdl);
    LookTransform {
        applied: false,
        meta: TransformMeta {
            description: Some("amfx trim grade".into()),
            ..TransformMeta::default()
        },
        kind: LookKind::Cdl(embedded),
        extensions: Vec::new(),
        line: Default::default(),
    }
}

/// Now as xs:dateTime (UTC).
fn timestamp() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A random (version 4) UUID as a URN, from the standard library's randomly keyed hasher.
fn new_uuid() -> String {
    use std::hash::{BuildHasher, Hasher};
    let word = |salt: u64| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        hasher.finish()
    };
    let (high, low) = (word(1), word(2));
    let high = (high & !0xF000) | 0x4000; // version 4
    let low = (low & !(0b11 << 62)) | (0b10 << 62); // RFC 4122 variant
    format!(
        "urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xFFFF,
        high & 0xFFFF,
        low >> 48,
        low & 0xFFFF_FFFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_uuids_have_their_lexical_forms() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_417), (2025, 11, 25));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        let uuid = new_uuid();
        let hex = uuid.trim_start_matches("urn:uuid:");
        let groups: Vec<_> = hex.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{uuid}");
        assert_eq!(&hex[14..15], "4", "{uuid}");
        assert!("89ab".contains(&hex[19..20]), "{uuid}");
        assert_ne!(new_uuid(), new_uuid());
    }

    #[test]
    fn regrading_bypassing_and_exporting_a_recipe() {
        let dir = std::env::temp_dir().join(format!("amfx-looks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let original = dir.join("clip.amf");
        let text = include_str!("../cli/sample.amf");
        std::fs::write(&original, text).unwrap();
        let amf = amf::read_file(&original).unwrap().amf;
        let shown = look_cdl(&amf, 1).unwrap();
        assert_eq!(shown.offset, [0.01, 0.0, -0.012]);
        assert!(look_cdl(&amf, 2).is_err());

        let regrade = LookEdits {
            bypass: [false; LOOK_SLOTS],
            target: 1,
            cdl: Cdl {
                slope: [1.2, 1.0, 0.8],
                ..shown.clone()
            },
        };
        let path = export(&original, &regrade).unwrap();
        assert_eq!(path, dir.join("clip.adjusted.amf"));
        assert_eq!(
            std::fs::read_to_string(&original).unwrap(),
            text,
            "the original is untouched"
        );
        let exported = amf::read_file(&path).unwrap();
        let report = amf::validate(&exported, amf::ValidationOptions::strict(None));
        assert!(!report.has_errors(), "{report:?}");
        let adjusted = exported.amf;
        assert_eq!(look_cdl(&adjusted, 1).unwrap().slope, [1.2, 1.0, 0.8]);
        assert_eq!(adjusted.clip_id, amf.clip_id, "the clipId is kept");
        assert_eq!(
            adjusted.archived_pipelines.len(),
            1,
            "the original is archived"
        );

        let bypass_and_trim = LookEdits {
            bypass: [true, false, false, false, false, false],
            target: 0,
            cdl: Cdl {
                saturation: 0.5,
                ..Cdl::default()
            },
        };
        let adjusted = amf::read_file(&export(&original, &bypass_and_trim).unwrap())
            .unwrap()
            .amf;
        let looks: Vec<_> = adjusted.pipeline.looks().collect();
        assert_eq!(looks.len(), 1, "the bypassed look is gone, the trim added");
        assert_eq!(look_cdl(&adjusted, 1).unwrap().saturation, 0.5);
        std::fs::remove_dir_all(&dir).ok();
    }
}
