//! The CLF reader: quick-xml events into a small element tree, with every `Array` parsed into
//! numbers as it streams in (its claimed size checked against the caps before anything is
//! allocated), then the tree into a [`ProcessList`] of normalized ops.
//!
//! DTDs are never expanded: a DOCTYPE that declares entities is refused, and so is any entity
//! reference other than the five predefined ones and character references.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::error::{ClfError, ClfErrorKind as K};
use super::{Node, ProcessList};
use crate::amf::Capped;
use crate::ops::lut1d::{HALF_DOMAIN_ENTRIES, MAX_LUT1D_ENTRIES};
use crate::ops::lut3d::MAX_LUT3D_SIZE;
use crate::ops::{
    Cdl, CdlStyle, Exponent, ExponentParams, ExponentStyle, Interpolation, Log, LogParams,
    LogStyle, Lut1d, Lut3d, Matrix, Op, Range,
};

/// No real CLF comes near this (a 129³ LUT3D in text is about 60 MB).
pub const MAX_FILE_BYTES: u64 = 256 << 20;
const MAX_DEPTH: usize = 32;
/// Attributes are names, ids, bit depths and parameters: a few bytes each.
const MAX_ATTRIBUTE_BYTES: usize = 64 * 1024;
/// A start tag: its name and some attributes.
const MAX_TAG_BYTES: usize = 4 * MAX_ATTRIBUTE_BYTES;
/// Values reserved for an Array before its text is read.
const PREALLOCATED_VALUES: usize = 1 << 16;
/// All the Arrays of one file together (8 bytes each as read): five LUT3Ds at their cap, far
/// beyond any real CLF. Without it a 256 MB file of many capped LUTs would hold 1 GB of values.
pub const MAX_FILE_VALUES: usize = 1 << 25;
const SMPTE_NS: &str = "http://www.smpte-ra.org/ns/2136-1/";
const SMPTE_NS_2024: &str = "http://www.smpte-ra.org/ns/2136-1/2024";

/// Reads and checks a CLF file.
pub fn read_file(path: &Path) -> Result<ProcessList, ClfError> {
    let file = path.display().to_string();
    let fail = |kind| ClfError {
        file: file.clone(),
        line: 0,
        element: String::new(),
        kind,
    };
    // Regular files only, read up to the cap (a FIFO would block, /dev/zero never end).
    let bytes = match crate::amf::read_regular_file(path, MAX_FILE_BYTES)
        .map_err(|e| fail(K::Io(e.to_string())))?
    {
        Capped::Whole(bytes) => bytes,
        Capped::TooLarge(size) => return Err(fail(K::FileTooLarge(size, MAX_FILE_BYTES))),
    };
    let text = std::str::from_utf8(&bytes).map_err(|_| fail(K::NotText))?;
    read_str(text, &file)
}

/// Reads and checks CLF text; `file` names it in errors.
pub fn read_str(text: &str, file: &str) -> Result<ProcessList, ClfError> {
    let root = parse_tree(text, file, MAX_FILE_VALUES)?;
    Builder {
        file,
        warnings: Vec::new(),
    }
    .process_list(&root)
}

/// One element of the tree: local name, attributes, children, text (or an Array's numbers).
#[derive(Debug, Default)]
struct El {
    name: String,
    line: usize,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
    array: Option<ArrayData>,
}

#[derive(Debug)]
struct ArrayData {
    dims: Vec<usize>,
    expected: usize,
    values: Vec<f64>,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Turns byte offsets into 1-based line numbers, scanning forward only.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos < self.pos {
            // Rare (error positions): count from the start.
            return 1 + self.text[..pos].iter().filter(|&&b| b == b'\n').count();
        }
        self.line += self.text[self.pos..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = pos;
        self.line
    }
}

/// The Array values claimed so far in a file, against the file's cap.
struct ValueBudget {
    cap: usize,
    claimed: usize,
}

fn parse_tree(text: &str, file: &str, max_values: usize) -> Result<El, ClfError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |line: usize, element: &str, kind| ClfError {
        file: file.to_string(),
        line,
        element: element.to_string(),
        kind,
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut lines = Lines {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    let mut budget = ValueBudget {
        cap: max_values,
        claimed: 0,
    };
    loop {
        let start = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = lines.at(reader.error_position() as usize);
                let element = stack.last().map_or("", |el| el.name.as_str());
                return Err(fail(line, element, K::Xml(e.to_string())));
            }
        };
        let line = lines.at(start);
        let current = stack.last().map_or(String::new(), |el| el.name.clone());
        match event {
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::DocType(doctype) => {
                let content = doctype.into_inner();
                if content.contains("<!ENTITY") || content.contains('[') {
                    let what = content.chars().take(80).collect::<String>();
                    return Err(fail(line, "!DOCTYPE", K::Dtd(what)));
                }
            }
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let name = e.local_name().into_inner().to_string();
                return Err(fail(
                    line,
                    &name,
                    K::Xml("content after the root element".into()),
                ));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(fail(line, &current, K::TooDeep(MAX_DEPTH)));
                }
                let el = open(&e, line, stack.last(), file, &mut budget)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = open(&e, line, stack.last(), file, &mut budget)?;
                close(el, &mut stack, &mut root, file)?;
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(fail(line, "", K::Xml("unexpected closing tag".into())));
                };
                close(el, &mut stack, &mut root, file)?;
            }
            Event::Text(t) if stack.last().is_some_and(|el| el.array.is_some()) => {
                // An Array's numbers split on any whitespace: its line ends need no normalising
                // (a third of the text handling of a 33³ LUT).
                add_text(&t[..], &mut stack, line, file)?
            }
            Event::Text(t) => add_text(&t.xml10_content(), &mut stack, line, file)?,
            Event::CData(t) => add_text(&t.xml10_content(), &mut stack, line, file)?,
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = r.xml10_content().into_owned();
                            return Err(fail(line, &current, K::Entity(name)));
                        }
                    }
                } else {
                    let name = r.xml10_content();
                    match predefined_entity(&name) {
                        Some(s) => s.to_string(),
                        None => return Err(fail(line, &current, K::Entity(name.into_owned()))),
                    }
                };
                add_text(&resolved, &mut stack, line, file)?;
            }
            Event::Eof => break,
        }
    }
    let end_line = lines.at(text.len());
    if let Some(open) = stack.last() {
        return Err(fail(
            end_line,
            &open.name,
            K::Xml(format!("the file ends before </{}>", open.name)),
        ));
    }
    root.ok_or_else(|| fail(end_line, "", K::Xml("no root element".into())))
}

fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    })
}

/// An element from its start tag. An `Array` gets its dims checked (against the node that holds
/// it) and its storage reserved here, before any value is read.
fn open(
    e: &BytesStart,
    line: usize,
    parent: Option<&El>,
    file: &str,
    budget: &mut ValueBudget,
) -> Result<El, ClfError> {
    let name = e.local_name().into_inner().to_string();
    let element = name.clone();
    let fail = |kind| ClfError {
        file: file.to_string(),
        line,
        element: element.clone(),
        kind,
    };
    // A tag of megabytes is hostile: refused before its attributes are scanned.
    if e.len() > MAX_TAG_BYTES {
        return Err(fail(K::Xml(format!(
            "the start tag is longer than {MAX_TAG_BYTES} bytes"
        ))));
    }
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| fail(K::Xml(err.to_string())))?;
        let key = attr.key.into_inner();
        // Checked on the raw bytes, before decoding: escapes only ever shorten a value.
        if attr.value.len() > MAX_ATTRIBUTE_BYTES {
            let name = key.rsplit(':').next().unwrap_or(key);
            return Err(fail(K::Xml(format!(
                "attribute `{name}` is longer than {MAX_ATTRIBUTE_BYTES} bytes"
            ))));
        }
        // Keep namespace declarations whole; other attributes by local name.
        let key = if key == "xmlns" || key.starts_with("xmlns:") {
            key.to_string()
        } else {
            key.rsplit(':').next().unwrap_or(key).to_string()
        };
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| fail(K::Xml(err.to_string())))?;
        attrs.push((key, value.into_owned()));
    }
    let mut el = El {
        name,
        line,
        attrs,
        ..El::default()
    };
    if parent.is_none() {
        check_root(&el, file)?;
    }
    if el.name == "Array" {
        let holder = parent.map_or("", |p| p.name.as_str());
        let dim = el.attr("dim").unwrap_or("").to_string();
        let (dims, expected) = array_shape(holder, &dim).map_err(fail)?;
        budget.claimed = budget.claimed.saturating_add(expected);
        if budget.claimed > budget.cap {
            return Err(fail(K::TooLarge(
                format!("{} Array values in one file", budget.claimed),
                budget.cap,
            )));
        }
        // The claim is capped but not yet backed by text: reserve a little, grow as values
        // arrive (a 100-byte file claiming a 129³ LUT3D must not reserve 51 MB).
        let mut values = Vec::new();
        reserve_values(&mut values, expected.min(PREALLOCATED_VALUES), expected).map_err(fail)?;
        el.array = Some(ArrayData {
            dims,
            expected,
            values,
        });
    }
    Ok(el)
}

/// The dims of an Array and how many values it must hold, checked against the caps.
fn array_shape(holder: &str, dim: &str) -> Result<(Vec<usize>, usize), K> {
    let bad = |why: &str| K::BadDimensions(dim.to_string(), why.to_string());
    let dims: Vec<usize> = dim
        .split_whitespace()
        .map(|t| t.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("dims are whole numbers"))?;
    let expected = match holder {
        "Matrix" => match dims.as_slice() {
            // The third number of the CLF v2 form ("3 3 3", "3 4 3") is ignored.
            [3, cols] | [3, cols, _] if *cols == 3 || *cols == 4 => 3 * cols,
            _ => return Err(bad("a CLF Matrix is \"3 3\" or \"3 4\"")),
        },
        "LUT1D" => match dims.as_slice() {
            [n, c] if *c == 1 || *c == 3 => {
                if *n > MAX_LUT1D_ENTRIES {
                    return Err(K::TooLarge(
                        format!("a LUT1D of {n} entries"),
                        MAX_LUT1D_ENTRIES,
                    ));
                }
                if *n < 2 {
                    return Err(bad("a LUT1D needs at least 2 entries"));
                }
                n * c
            }
            _ => return Err(bad("a LUT1D Array is \"N 1\" or \"N 3\"")),
        },
        "LUT3D" => match dims.as_slice() {
            [a, b, c, 3] if a == b && b == c => {
                if *a > MAX_LUT3D_SIZE {
                    return Err(K::TooLarge(
                        format!("a LUT3D of {a} per side"),
                        MAX_LUT3D_SIZE,
                    ));
                }
                if *a < 2 {
                    return Err(bad("a LUT3D needs at least 2 nodes per side"));
                }
                a * a * a * 3
            }
            _ => return Err(bad("a LUT3D Array is \"N N N 3\" with three equal sizes")),
        },
        _ => return Err(bad("an Array belongs in a Matrix, LUT1D or LUT3D")),
    };
    Ok((dims, expected))
}

fn add_text(text: &str, stack: &mut [El], line: usize, file: &str) -> Result<(), ClfError> {
    let Some(el) = stack.last_mut() else {
        if text.trim().is_empty() {
            return Ok(());
        }
        return Err(ClfError {
            file: file.to_string(),
            line,
            element: String::new(),
            kind: K::Xml("text outside the root element".into()),
        });
    };
    let Some(array) = el.array.as_mut() else {
        el.text.push_str(text);
        return Ok(());
    };
    let fail = |kind| ClfError {
        file: file.to_string(),
        line,
        element: "Array".into(),
        kind,
    };
    for token in text.split_ascii_whitespace() {
        if array.values.len() == array.expected {
            return Err(fail(K::ValueCount {
                what: format!("Array dim=\"{}\"", join(&array.dims)),
                expected: array.expected,
                found: "more".into(),
            }));
        }
        if array.values.len() == array.values.capacity() {
            // Grows as the text backs the claim, never past it.
            let more = array
                .values
                .capacity()
                .max(PREALLOCATED_VALUES)
                .min(array.expected - array.values.len());
            reserve_values(&mut array.values, more, array.expected).map_err(fail)?;
        }
        array.values.push(number(token).map_err(fail)?);
    }
    Ok(())
}

/// Reserves room for `more` values of an Array of `expected`: a failed allocation is reported
/// as an error, not an abort of the host.
fn reserve_values(values: &mut Vec<f64>, more: usize, expected: usize) -> Result<(), K> {
    values
        .try_reserve_exact(more)
        .map_err(|e| K::Io(format!("no memory for an Array of {expected} values ({e})")))
}

/// A LUT entry, normalized as OpenColorIO loads it: in f32, times the f32 reciprocal of the
/// bit-depth scale (so inverse searches on nearly flat tables find the same segment), NaN as 0
/// and infinities (or values beyond the float range) as the largest float, so that a table
/// never injects NaN or Inf by itself.
fn table_value(v: f64, depth: BitDepth) -> f32 {
    if v.is_nan() {
        return 0.0;
    }
    let v = v.clamp(-f32::MAX as f64, f32::MAX as f64) as f32;
    if depth.1 == 1.0 {
        v
    } else {
        v * (1.0 / depth.1 as f32)
    }
}

fn join(dims: &[usize]) -> String {
    dims.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An xs:float, plus the nan/inf spellings OpenColorIO reads (any case, optional sign).
fn number(token: &str) -> Result<f64, K> {
    if let Ok(v) = token.parse::<f64>() {
        return Ok(v);
    }
    let unsigned = token.trim_start_matches(['+', '-']);
    if unsigned.eq_ignore_ascii_case("nan") {
        return Ok(f64::NAN);
    }
    Err(K::BadNumber(token.chars().take(40).collect()))
}

fn close(el: El, stack: &mut [El], root: &mut Option<El>, file: &str) -> Result<(), ClfError> {
    if let Some(array) = &el.array {
        if array.values.len() != array.expected {
            return Err(ClfError {
                file: file.to_string(),
                line: el.line,
                element: el.name.clone(),
                kind: K::ValueCount {
                    what: format!("Array dim=\"{}\"", join(&array.dims)),
                    expected: array.expected,
                    found: array.values.len().to_string(),
                },
            });
        }
    }
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
    Ok(())
}

/// The version rules, checked as soon as the root tag is read.
fn check_root(el: &El, file: &str) -> Result<(), ClfError> {
    let fail = |kind| ClfError {
        file: file.to_string(),
        line: el.line,
        element: el.name.clone(),
        kind,
    };
    if el.name != "ProcessList" {
        return Err(fail(K::NotProcessList(el.name.clone())));
    }
    let version = el.attr("compCLFversion");
    if let (Some(v), None) = (el.attr("version"), version) {
        return Err(fail(K::Ctf(format!(
            "ProcessList version=\"{v}\" (CTF) instead of compCLFversion"
        ))));
    }
    let smpte = el
        .attrs
        .iter()
        .find(|(k, v)| (k == "xmlns" || k.starts_with("xmlns:")) && v.starts_with(SMPTE_NS))
        .map(|(_, v)| v.as_str());
    if let Some(ns) = smpte {
        if ns != SMPTE_NS_2024 {
            return Err(fail(K::Version(format!(
                "namespace {ns} is newer than {SMPTE_NS_2024}"
            ))));
        }
    }
    match version {
        Some("ST2136-1:2024") => {}
        Some(v) => match v.trim().parse::<f64>() {
            Ok(n) if n > 0.0 && n <= 3.0 => {}
            Ok(_) => {
                return Err(fail(K::Version(format!(
                    "compCLFversion \"{v}\" is above 3.0, the highest this reader knows"
                ))))
            }
            Err(_) => {
                return Err(fail(K::Version(format!(
                    "compCLFversion \"{v}\" is not a version number"
                ))))
            }
        },
        None if smpte.is_some() => {}
        None => {
            return Err(fail(K::Version(
                "neither compCLFversion nor the SMPTE ST 2136-1 namespace".into(),
            )))
        }
    }
    if smpte.is_none() && el.attr("id").is_none() {
        return Err(fail(K::MissingAttribute("id")));
    }
    if el.attr("id").is_some_and(|id| id.trim().is_empty()) {
        return Err(fail(K::EmptyAttribute { name: "id" }));
    }
    Ok(())
}

/// Scale of a bit depth: what 1.0 is in its units.
#[derive(Clone, Copy, Debug, PartialEq)]
struct BitDepth(&'static str, f64);

fn bit_depth(value: &str) -> Option<BitDepth> {
    Some(match value {
        "8i" => BitDepth("8i", 255.0),
        "10i" => BitDepth("10i", 1023.0),
        "12i" => BitDepth("12i", 4095.0),
        "16i" => BitDepth("16i", 65535.0),
        "16f" => BitDepth("16f", 1.0),
        "32f" => BitDepth("32f", 1.0),
        _ => return None,
    })
}

struct Builder<'a> {
    file: &'a str,
    warnings: Vec<String>,
}

impl Builder<'_> {
    fn err(&self, el: &El, kind: K) -> ClfError {
        ClfError {
            file: self.file.to_string(),
            line: el.line,
            element: el.name.clone(),
            kind,
        }
    }

    fn warn(&mut self, el: &El, what: String) {
        self.warnings
            .push(format!("{}:{}: <{}>: {what}", self.file, el.line, el.name));
    }

    fn process_list(mut self, root: &El) -> Result<ProcessList, ClfError> {
        let version = root.attr("compCLFversion");
        // CLF v2 (compCLFversion 2.x or lower): no Log or Exponent, but 2-entry IndexMaps.
        let v2 = version
            .and_then(|v| v.trim().parse::<f64>().ok())
            .is_some_and(|v| v < 3.0);
        let mut list = ProcessList {
            id: root.attr("id").map(str::to_string),
            name: root.attr("name").map(str::to_string),
            inverse_of: root.attr("inverseOf").map(str::to_string),
            comp_clf_version: version.map(str::to_string),
            ..ProcessList::default()
        };
        let mut previous_depth: Option<BitDepth> = None;
        for child in &root.children {
            match child.name.as_str() {
                "Description" => list.descriptions.push(child.text.trim().to_string()),
                "InputDescriptor" => list.input_descriptors.push(child.text.trim().to_string()),
                "OutputDescriptor" => list.output_descriptors.push(child.text.trim().to_string()),
                "Info" => {}
                "Id" => {
                    let id = child.text.trim();
                    if !id.starts_with("urn:uuid:") {
                        self.warn(child, format!("Id \"{id}\" is not a urn:uuid:"));
                    }
                    list.id.get_or_insert_with(|| id.to_string());
                }
                "Matrix" | "LUT1D" | "LUT3D" | "Range" | "Log" | "Exponent" | "ASC_CDL" => {
                    if v2 && matches!(child.name.as_str(), "Log" | "Exponent") {
                        return Err(self.err(
                            child,
                            K::Version(format!(
                                "CLF {} has no <{}> (added in CLF v3)",
                                version.unwrap_or("2"),
                                child.name
                            )),
                        ));
                    }
                    let (in_depth, out_depth) = self.depths(child)?;
                    if let Some(prev) = previous_depth {
                        if prev != in_depth {
                            return Err(self.err(
                                child,
                                K::BitDepthMismatch {
                                    expected: prev.0.into(),
                                    found: in_depth.0.into(),
                                },
                            ));
                        }
                    }
                    previous_depth = Some(out_depth);
                    for op in self.node_ops(child, in_depth, out_depth, v2)? {
                        list.nodes.push(Node {
                            id: child.attr("id").map(str::to_string),
                            name: child.attr("name").map(str::to_string),
                            descriptions: child
                                .children
                                .iter()
                                .filter(|c| c.name == "Description")
                                .map(|c| c.text.trim().to_string())
                                .collect(),
                            op,
                        });
                    }
                }
                "InverseLUT1D" | "InverseLUT3D" | "ExposureContrast" | "FixedFunction"
                | "GradingPrimary" | "GradingRGBCurve" | "GradingTone" | "Gamma" | "Reference"
                | "Lut1D" | "Lut3D" => {
                    return Err(self.err(child, K::CtfOnlyNode(child.name.clone())))
                }
                other => return Err(self.err(child, K::UnknownElement(other.to_string()))),
            }
        }
        if list.nodes.is_empty() {
            return Err(self.err(root, K::NoNodes));
        }
        list.warnings = self.warnings;
        Ok(list)
    }

    fn depths(&self, el: &El) -> Result<(BitDepth, BitDepth), ClfError> {
        let get = |name: &'static str| -> Result<BitDepth, ClfError> {
            let value = el
                .attr(name)
                .ok_or_else(|| self.err(el, K::MissingAttribute(name)))?;
            bit_depth(value.trim()).ok_or_else(|| self.err(el, K::BadBitDepth(value.into())))
        };
        Ok((get("inBitDepth")?, get("outBitDepth")?))
    }

    /// The node's op(s), normalized to 32f in and out. (A CLF v2 IndexMap adds a Range.)
    fn node_ops(
        &mut self,
        el: &El,
        in_depth: BitDepth,
        out_depth: BitDepth,
        v2: bool,
    ) -> Result<Vec<Op>, ClfError> {
        let known: &[&str] = match el.name.as_str() {
            "Matrix" | "LUT1D" | "LUT3D" => &["Description", "Array", "IndexMap"],
            "Range" => &[
                "Description",
                "minInValue",
                "maxInValue",
                "minOutValue",
                "maxOutValue",
            ],
            "Log" => &["Description", "LogParams"],
            "Exponent" => &["Description", "ExponentParams"],
            _ => &["Description", "SOPNode", "SatNode"],
        };
        for child in &el.children {
            if !known.contains(&child.name.as_str()) {
                let name = child.name.clone();
                self.warn(child, format!("unknown element <{name}> ignored"));
            }
        }
        let op = |r: Result<Op, crate::ops::OpError>| r.map_err(|e| self.err(el, K::Op(e)));
        Ok(match el.name.as_str() {
            "Matrix" => vec![op(Ok(self.matrix(el, in_depth, out_depth)?))?],
            "LUT1D" => {
                let mut ops = self.index_map(el, in_depth, v2)?;
                ops.push(op(self.lut1d(el, out_depth)?)?);
                ops
            }
            "LUT3D" => {
                let mut ops = self.index_map(el, in_depth, v2)?;
                ops.push(op(self.lut3d(el, out_depth)?)?);
                ops
            }
            "Range" => vec![op(self.range(el, in_depth, out_depth)?)?],
            "Log" => vec![op(self.log(el)?)?],
            "Exponent" => vec![op(self.exponent(el)?)?],
            _ => vec![op(self.cdl(el)?)?],
        })
    }

    fn array<'e>(&self, el: &'e El) -> Result<&'e ArrayData, ClfError> {
        let mut arrays = el.children.iter().filter(|c| c.name == "Array");
        let first = arrays
            .next()
            .ok_or_else(|| self.err(el, K::MissingElement("Array")))?;
        if let Some(second) = arrays.next() {
            return Err(self.err(second, K::DuplicateElement("Array".into())));
        }
        first
            .array
            .as_ref()
            .ok_or_else(|| self.err(first, K::MissingElement("Array")))
    }

    fn matrix(&self, el: &El, i: BitDepth, o: BitDepth) -> Result<Op, ClfError> {
        let array = self.array(el)?;
        let cols = array.dims[1];
        let v = &array.values;
        // 1e999, inf or NaN would turn every pixel into NaN or Inf.
        if v.iter().any(|x| !x.is_finite()) {
            return Err(self.err(el, K::NotFinite("Matrix coefficients and offsets")));
        }
        let scale = i.1 / o.1;
        let m = std::array::from_fn(|r| std::array::from_fn(|c| v[r * cols + c] * scale));
        let offset = std::array::from_fn(|r| if cols == 4 { v[r * 4 + 3] / o.1 } else { 0.0 });
        Ok(Op::Matrix(Matrix::new(m, offset)))
    }

    /// `attr="true"` flags: absent is false, "true" is true, anything else is an error.
    fn flag(&self, el: &El, name: &'static str) -> Result<bool, ClfError> {
        match el.attr(name) {
            None => Ok(false),
            Some("true") => Ok(true),
            Some(other) => Err(self.err(
                el,
                K::BadAttribute {
                    name,
                    value: other.into(),
                    why: "the only legal value is \"true\"".into(),
                },
            )),
        }
    }

    fn lut1d(&self, el: &El, o: BitDepth) -> Result<Result<Op, crate::ops::OpError>, ClfError> {
        let half_domain = self.flag(el, "halfDomain")?;
        let raw_halfs = self.flag(el, "rawHalfs")?;
        if let Some(interp) = el.attr("interpolation") {
            if interp != "linear" {
                return Err(self.err(
                    el,
                    K::BadAttribute {
                        name: "interpolation",
                        value: interp.into(),
                        why: "a LUT1D interpolates \"linear\"".into(),
                    },
                ));
            }
        }
        let array = self.array(el)?;
        let (entries, components) = (array.dims[0], array.dims[1]);
        if half_domain && entries != HALF_DOMAIN_ENTRIES {
            return Err(self.err(
                el,
                K::ValueCount {
                    what: "a halfDomain LUT1D".into(),
                    expected: HALF_DOMAIN_ENTRIES,
                    found: entries.to_string(),
                },
            ));
        }
        let mut values = Vec::with_capacity(array.values.len());
        for &v in &array.values {
            let v = if raw_halfs {
                if !((0.0..=65535.0).contains(&v) && v.fract() == 0.0) {
                    return Err(self.err(
                        el,
                        K::BadNumber(format!("{v} (rawHalfs values are 16-bit patterns)")),
                    ));
                }
                half::f16::from_bits(v as u16).to_f64()
            } else {
                v
            };
            values.push(table_value(v, o));
        }
        Ok(Lut1d::new(values, components, half_domain).map(Op::Lut1d))
    }

    fn lut3d(&self, el: &El, o: BitDepth) -> Result<Result<Op, crate::ops::OpError>, ClfError> {
        let interpolation = match el.attr("interpolation") {
            None | Some("trilinear") => Interpolation::Trilinear,
            Some("tetrahedral") => Interpolation::Tetrahedral,
            Some(other) => {
                return Err(self.err(
                    el,
                    K::BadAttribute {
                        name: "interpolation",
                        value: other.into(),
                        why: "a LUT3D interpolates \"trilinear\" or \"tetrahedral\"".into(),
                    },
                ))
            }
        };
        let array = self.array(el)?;
        let values = array.values.iter().map(|&v| table_value(v, o)).collect();
        Ok(Lut3d::new(array.dims[0], values, interpolation).map(Op::Lut3d))
    }

    /// A CLF v2 `IndexMap` of two entries `a@i b@j`: the input range [a, b] maps onto table
    /// positions i..j, a Range in front of the LUT. Refused in v3 and with more entries.
    fn index_map(&self, el: &El, i: BitDepth, v2: bool) -> Result<Vec<Op>, ClfError> {
        let Some(map) = el.children.iter().find(|c| c.name == "IndexMap") else {
            return Ok(Vec::new());
        };
        if !v2 {
            return Err(self.err(map, K::IndexMap("IndexMap in a CLF v3 file".into())));
        }
        let pairs: Vec<(f64, f64)> = map
            .text
            .split('@')
            .collect::<Vec<_>>()
            .join(" @ ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .chunks(3)
            .map(|c| match c {
                [a, "@", b] => Ok((number(a)?, number(b)?)),
                _ => Err(K::BadNumber(c.join(" "))),
            })
            .collect::<Result<_, _>>()
            .map_err(|k| self.err(map, k))?;
        let [(in0, idx0), (in1, idx1)] = pairs.as_slice() else {
            return Err(self.err(
                map,
                K::IndexMap(format!("an IndexMap of {} entries", pairs.len())),
            ));
        };
        let array = self.array(el)?;
        let last = (array.dims[0] - 1) as f64;
        Range::new(
            Some(in0 / i.1),
            Some(in1 / i.1),
            Some(idx0 / last),
            Some(idx1 / last),
            true,
        )
        .map(|r| vec![Op::Range(r)])
        .map_err(|e| self.err(map, K::Op(e)))
    }

    fn single_value(&self, el: &El) -> Result<f64, ClfError> {
        let tokens: Vec<&str> = el.text.split_whitespace().collect();
        match tokens.as_slice() {
            [one] => match number(one) {
                Ok(v) if v.is_finite() => Ok(v),
                Ok(_) => Err(self.err(el, K::NotFinite("Range values"))),
                Err(k) => Err(self.err(el, k)),
            },
            _ => Err(self.err(
                el,
                K::ValueCount {
                    what: format!("<{}>", el.name),
                    expected: 1,
                    found: tokens.len().to_string(),
                },
            )),
        }
    }

    fn range(
        &self,
        el: &El,
        i: BitDepth,
        o: BitDepth,
    ) -> Result<Result<Op, crate::ops::OpError>, ClfError> {
        let value = |name: &str, scale: f64| -> Result<Option<f64>, ClfError> {
            let mut found = el.children.iter().filter(|c| c.name == name);
            let Some(first) = found.next() else {
                return Ok(None);
            };
            if let Some(second) = found.next() {
                return Err(self.err(second, K::DuplicateElement(name.into())));
            }
            Ok(Some(self.single_value(first)? / scale))
        };
        let clamp = match el.attr("style") {
            None => true,
            Some(s) if s.eq_ignore_ascii_case("clamp") => true,
            Some(s) if s.eq_ignore_ascii_case("noclamp") => false,
            Some(other) => {
                return Err(self.err(
                    el,
                    K::BadAttribute {
                        name: "style",
                        value: other.into(),
                        why: "a Range style is \"Clamp\" or \"noClamp\"".into(),
                    },
                ))
            }
        };
        Ok(Range::new(
            value("minInValue", i.1)?,
            value("maxInValue", i.1)?,
            value("minOutValue", o.1)?,
            value("maxOutValue", o.1)?,
            clamp,
        )
        .map(Op::Range))
    }

    /// The child called `name`, if any; more than one is an error.
    fn only_child<'e>(
        &self,
        parent: &'e El,
        name: &'static str,
    ) -> Result<Option<&'e El>, ClfError> {
        let mut found = parent.children.iter().filter(|c| c.name == name);
        let first = found.next();
        if let Some(second) = found.next() {
            return Err(self.err(second, K::DuplicateElement(name.into())));
        }
        Ok(first)
    }

    fn style<'e>(&self, el: &'e El) -> Result<&'e str, ClfError> {
        el.attr("style")
            .ok_or_else(|| self.err(el, K::MissingAttribute("style")))
    }

    /// Per-channel parameter elements: one without `channel` is for all three; otherwise each
    /// names R, G or B once and the channels left out get `default`.
    fn per_channel<T: Copy>(
        &self,
        el: &El,
        child: &str,
        default: T,
        parse: impl Fn(&El) -> Result<T, ClfError>,
    ) -> Result<Option<[T; 3]>, ClfError> {
        let params: Vec<&El> = el.children.iter().filter(|c| c.name == child).collect();
        if params.is_empty() {
            return Ok(None);
        }
        if let [one] = params.as_slice() {
            if one.attr("channel").is_none() {
                return Ok(Some([parse(one)?; 3]));
            }
        }
        let mut out = [default; 3];
        let mut seen = [false; 3];
        for p in params {
            let channel = p.attr("channel").unwrap_or("");
            let index = match channel {
                "R" => 0,
                "G" => 1,
                "B" => 2,
                _ => {
                    return Err(self.err(
                        p,
                        K::BadAttribute {
                            name: "channel",
                            value: channel.into(),
                            why: "with several parameter sets, each names R, G or B".into(),
                        },
                    ))
                }
            };
            if seen[index] {
                return Err(self.err(p, K::DuplicateElement(format!("{child} channel={channel}"))));
            }
            seen[index] = true;
            out[index] = parse(p)?;
        }
        Ok(Some(out))
    }

    fn f64_attr(&self, el: &El, name: &'static str) -> Result<Option<f64>, ClfError> {
        el.attr(name)
            .map(|v| {
                let bad = |why: &str| {
                    self.err(
                        el,
                        K::BadAttribute {
                            name,
                            value: v.into(),
                            why: why.into(),
                        },
                    )
                };
                match number(v.trim()) {
                    Ok(x) if x.is_finite() => Ok(x),
                    Ok(_) => Err(bad("not a finite number")),
                    Err(_) => Err(bad("not a number")),
                }
            })
            .transpose()
    }

    fn log(&self, el: &El) -> Result<Result<Op, crate::ops::OpError>, ClfError> {
        let style_name = self.style(el)?;
        let style = match style_name {
            "log10" => LogStyle::Log10,
            "log2" => LogStyle::Log2,
            "antiLog10" => LogStyle::AntiLog10,
            "antiLog2" => LogStyle::AntiLog2,
            "linToLog" => LogStyle::LinToLog,
            "logToLin" => LogStyle::LogToLin,
            "cameraLinToLog" => LogStyle::CameraLinToLog,
            "cameraLogToLin" => LogStyle::CameraLogToLin,
            other => {
                return Err(self.err(
                    el,
                    K::BadAttribute {
                        name: "style",
                        value: other.into(),
                        why: "not a Log style".into(),
                    },
                ))
            }
        };
        let parse = |p: &El| -> Result<LogParams, ClfError> {
            let d = LogParams::default();
            Ok(LogParams {
                base: self.f64_attr(p, "base")?.unwrap_or(d.base),
                log_side_slope: self
                    .f64_attr(p, "logSideSlope")?
                    .unwrap_or(d.log_side_slope),
                log_side_offset: self
                    .f64_attr(p, "logSideOffset")?
                    .unwrap_or(d.log_side_offset),
                lin_side_slope: self
                    .f64_attr(p, "linSideSlope")?
                    .unwrap_or(d.lin_side_slope),
                lin_side_offset: self
                    .f64_attr(p, "linSideOffset")?
                    .unwrap_or(d.lin_side_offset),
                lin_side_break: self.f64_attr(p, "linSideBreak")?,
                linear_slope: self.f64_attr(p, "linearSlope")?,
            })
        };
        let params = if style.has_params() {
            let params = self.per_channel(el, "LogParams", LogParams::default(), parse)?;
            match params {
                Some(p) => p,
                None if style.is_camera() => {
                    return Err(self.err(el, K::MissingElement("LogParams")))
                }
                None => [LogParams::default(); 3],
            }
        } else {
            [LogParams::default(); 3]
        };
        Ok(Log::new(style, params).map(Op::Log))
    }

    fn exponent(&self, el: &El) -> Result<Result<Op, crate::ops::OpError>, ClfError> {
        let style_name = self.style(el)?;
        let (style, reverse) = match style_name {
            "basicFwd" => (ExponentStyle::Basic, false),
            "basicRev" => (ExponentStyle::Basic, true),
            "basicMirrorFwd" => (ExponentStyle::BasicMirror, false),
            "basicMirrorRev" => (ExponentStyle::BasicMirror, true),
            "basicPassThruFwd" => (ExponentStyle::BasicPassThru, false),
            "basicPassThruRev" => (ExponentStyle::BasicPassThru, true),
            "monCurveFwd" => (ExponentStyle::MonCurve, false),
            "monCurveRev" => (ExponentStyle::MonCurve, true),
            "monCurveMirrorFwd" => (ExponentStyle::MonCurveMirror, false),
            "monCurveMirrorRev" => (ExponentStyle::MonCurveMirror, true),
            other => {
                return Err(self.err(
                    el,
                    K::BadAttribute {
                        name: "style",
                        value: other.into(),
                        why: "not an Exponent style".into(),
                    },
                ))
            }
        };
        let parse = |p: &El| -> Result<ExponentParams, ClfError> {
            let exponent = self
                .f64_attr(p, "exponent")?
                .ok_or_else(|| self.err(p, K::MissingAttribute("exponent")))?;
            let offset = self.f64_attr(p, "offset")?;
            let offset = match (style.has_offset(), offset) {
                (true, Some(k)) => k,
                (true, None) => return Err(self.err(p, K::MissingAttribute("offset"))),
                (false, None) => 0.0,
                (false, Some(_)) => {
                    return Err(self.err(
                        p,
                        K::BadAttribute {
                            name: "offset",
                            value: p.attr("offset").unwrap_or("").into(),
                            why: format!("style {style_name} takes no offset"),
                        },
                    ))
                }
            };
            Ok(ExponentParams { exponent, offset })
        };
        let params = self
            .per_channel(el, "ExponentParams", ExponentParams::IDENTITY, parse)?
            .ok_or_else(|| self.err(el, K::MissingElement("ExponentParams")))?;
        Ok(Exponent::new(style, params, reverse).map(Op::Exponent))
    }

    fn cdl(&self, el: &El) -> Result<Result<Op, crate::ops::OpError>, ClfError> {
        let (style, reverse) = match el.attr("style").unwrap_or("Fwd") {
            "Fwd" => (CdlStyle::Clamp, false),
            "Rev" => (CdlStyle::Clamp, true),
            "FwdNoClamp" => (CdlStyle::NoClamp, false),
            "RevNoClamp" => (CdlStyle::NoClamp, true),
            other => {
                return Err(self.err(
                    el,
                    K::BadAttribute {
                        name: "style",
                        value: other.into(),
                        why: "a CLF ASC_CDL style is Fwd, Rev, FwdNoClamp or RevNoClamp".into(),
                    },
                ))
            }
        };
        let mut cdl = Cdl {
            style,
            reverse,
            ..Cdl::default()
        };
        let triple = |parent: &El, name: &'static str| -> Result<[f64; 3], ClfError> {
            let el = self
                .only_child(parent, name)?
                .ok_or_else(|| self.err(parent, K::MissingElement(name)))?;
            let values: Vec<f64> = el
                .text
                .split_whitespace()
                .map(number)
                .collect::<Result<_, _>>()
                .map_err(|k| self.err(el, k))?;
            <[f64; 3]>::try_from(values.as_slice()).map_err(|_| {
                self.err(
                    el,
                    K::ValueCount {
                        what: format!("<{name}>"),
                        expected: 3,
                        found: values.len().to_string(),
                    },
                )
            })
        };
        if let Some(sop) = self.only_child(el, "SOPNode")? {
            cdl.slope = triple(sop, "Slope")?;
            cdl.offset = triple(sop, "Offset")?;
            cdl.power = triple(sop, "Power")?;
        }
        if let Some(sat) = self.only_child(el, "SatNode")? {
            let value = self
                .only_child(sat, "Saturation")?
                .ok_or_else(|| self.err(sat, K::MissingElement("Saturation")))?;
            cdl.saturation = self.single_value(value)?;
        }
        Ok(cdl.validate().map(|()| Op::Cdl(cdl)))
    }
}

#[cfg(test)]
mod allocation_tests {
    use super::*;

    #[test]
    fn a_failed_reservation_is_an_error_not_an_abort() {
        let mut values = Vec::new();
        // More than the address space (capacity overflow) and more than any machine has
        // (the allocator says no): both reported.
        for more in [usize::MAX / 4, 1 << 57] {
            // black_box: an optimised build may drop an allocation nothing reads, and with it
            // the failure (the reader writes what it reserves, so it always sees the failure).
            let error = reserve_values(std::hint::black_box(&mut values), more, more)
                .map(|()| std::hint::black_box(&mut values).len())
                .expect_err("cannot be had");
            assert!(
                error
                    .to_string()
                    .contains(&format!("no memory for an Array of {more} values")),
                "{error}"
            );
        }
        assert!(reserve_values(&mut values, 10, 10).is_ok());
    }

    #[test]
    fn the_arrays_of_a_file_share_one_cap() {
        let lut = r#"<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="4 3">0 0 0 0.3 0.3 0.3 0.7 0.7 0.7 1 1 1</Array></LUT1D>"#;
        let text = |luts: usize| {
            format!(
                "<ProcessList id=\"cap\" compCLFversion=\"3.0\">{}</ProcessList>",
                lut.repeat(luts)
            )
        };
        // Two LUTs of 12 values fit a cap of 24; a third is refused before it is read.
        assert!(parse_tree(&text(2), "cap.clf", 24).is_ok());
        let error = parse_tree(&text(3), "cap.clf", 24).expect_err("over the cap");
        assert!(
            error
                .to_string()
                .contains("36 Array values in one file exceeds the cap of 24"),
            "{error}"
        );
    }

    #[test]
    fn an_array_grows_to_its_claim_and_no_further() {
        let n = PREALLOCATED_VALUES + 5;
        let values = vec!["0.5"; n * 3].join(" ");
        let text = format!(
            "<ProcessList id=\"grow\" compCLFversion=\"3.0\"><LUT1D inBitDepth=\"32f\" outBitDepth=\"32f\"><Array dim=\"{n} 3\">{values}</Array></LUT1D></ProcessList>"
        );
        let root = parse_tree(&text, "grow.clf", MAX_FILE_VALUES).expect("reads");
        let array = root.children[0].children[0]
            .array
            .as_ref()
            .expect("an Array");
        assert_eq!(array.values.len(), n * 3);
        assert_eq!(array.values.capacity(), n * 3, "reserved exactly the claim");
    }
}
