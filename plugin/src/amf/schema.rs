//! Strict structure check: the element tree against the official AMF XSD of its version.
//!
//! The XSD's content models are restated here as data (sequences, choices, occurrence bounds)
//! and matched against each element's children; simple types (uuid, email, dateTime, boolean,
//! transformId patterns, CDL number lists) are checked lexically. Every finding is a
//! [`Rule::Schema`] error; tolerant reading turns them into warnings.

use std::collections::BTreeSet;

use super::diagnostic::{Diagnostic, Rule, Severity};
use super::lexical::{self, IdRole};
use super::model::{AmfVersion, NAMESPACE_CDL, NAMESPACE_XSI};
use super::xml::Element;

const UNBOUNDED: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Amf,
    Cdl,
}

/// The XSD types an element can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Info,
    PipelineInfo,
    Author,
    DateTimes,
    ClipId,
    Sequence,
    Pipeline,
    Input,
    Output,
    Look,
    /// A transform holding only description/hash + uuid|file|transformId of this role.
    ReferenceTransform(IdRole),
    CdlWorkingSpace,
    Version,
    Hash,
    Empty,
    SopNode,
    SatNode,
    ColorCorrectionRef,
    // Simple types:
    Text,
    AnyUri,
    Uuid,
    Email,
    DateTime,
    Digit,
    TransformId(IdRole),
    NonNegativeFloats3,
    Floats3,
    PositiveFloats3,
    NonNegativeFloat,
}

#[derive(Debug, Clone)]
enum Particle {
    Element {
        ns: Ns,
        name: &'static str,
        ty: Ty,
        min: u32,
        max: u32,
    },
    Sequence(Vec<Particle>, u32, u32),
    Choice(Vec<Particle>, u32, u32),
}

fn amf(name: &'static str, ty: Ty, min: u32, max: u32) -> Particle {
    Particle::Element {
        ns: Ns::Amf,
        name,
        ty,
        min,
        max,
    }
}

fn cdl(name: &'static str, ty: Ty) -> Particle {
    Particle::Element {
        ns: Ns::Cdl,
        name,
        ty,
        min: 1,
        max: 1,
    }
}

fn one(name: &'static str, ty: Ty) -> Particle {
    amf(name, ty, 1, 1)
}

fn seq(items: Vec<Particle>) -> Particle {
    Particle::Sequence(items, 1, 1)
}

fn choice(items: Vec<Particle>) -> Particle {
    Particle::Choice(items, 1, 1)
}

/// `uuid | file | transformId` of a role.
fn reference_choice(role: IdRole) -> Particle {
    choice(vec![
        one("uuid", Ty::Uuid),
        one("file", Ty::AnyUri),
        one("transformId", Ty::TransformId(role)),
    ])
}

/// `description?, hash?` then `rest`.
fn transform(rest: Particle) -> Particle {
    seq(vec![
        amf("description", Ty::Text, 0, 1),
        amf("hash", Ty::Hash, 0, 1),
        rest,
    ])
}

fn info_items() -> Vec<Particle> {
    vec![
        amf("description", Ty::Text, 0, 1),
        amf("author", Ty::Author, 0, UNBOUNDED),
        one("dateTime", Ty::DateTimes),
        one("uuid", Ty::Uuid),
    ]
}

/// The content model of a complex type (None for simple types and the empty type).
fn content_model(ty: Ty, version: AmfVersion) -> Option<Particle> {
    let v2 = version == AmfVersion::V2;
    Some(match ty {
        Ty::Info => {
            let mut items = info_items();
            if !v2 {
                items[3] = amf("uuid", Ty::Uuid, 0, 1);
            }
            seq(items)
        }
        Ty::PipelineInfo => {
            let mut items = info_items();
            if !v2 {
                items[3] = amf("uuid", Ty::Uuid, 0, 1);
            }
            items.push(one("systemVersion", Ty::Version));
            seq(items)
        }
        Ty::Author => seq(vec![one("name", Ty::Text), one("emailAddress", Ty::Email)]),
        Ty::DateTimes => seq(vec![
            one("creationDateTime", Ty::DateTime),
            one("modificationDateTime", Ty::DateTime),
        ]),
        Ty::ClipId => seq(vec![
            one("clipName", Ty::Text),
            choice(vec![
                one("sequence", Ty::Sequence),
                one("file", Ty::AnyUri),
                one("uuid", Ty::Uuid),
            ]),
        ]),
        Ty::Pipeline => {
            let looks = if v2 {
                Particle::Choice(
                    vec![
                        amf("workingLocation", Ty::Empty, 0, 1),
                        amf("lookTransform", Ty::Look, 0, UNBOUNDED),
                    ],
                    0,
                    UNBOUNDED,
                )
            } else {
                amf("lookTransform", Ty::Look, 0, UNBOUNDED)
            };
            seq(vec![
                one("pipelineInfo", Ty::PipelineInfo),
                amf("inputTransform", Ty::Input, 0, 1),
                looks,
                amf("outputTransform", Ty::Output, if v2 { 0 } else { 1 }, 1),
            ])
        }
        Ty::Input => transform(choice(vec![
            reference_choice(IdRole::Input),
            choice(vec![
                seq(vec![one(
                    "inverseOutputTransform",
                    Ty::ReferenceTransform(IdRole::InverseOutput),
                )]),
                seq(vec![
                    one(
                        "inverseOutputDeviceTransform",
                        Ty::ReferenceTransform(IdRole::InverseOutputDevice),
                    ),
                    one(
                        "inverseReferenceRenderingTransform",
                        Ty::ReferenceTransform(IdRole::InverseReferenceRendering),
                    ),
                ]),
            ]),
        ])),
        Ty::Output => transform(choice(vec![
            reference_choice(IdRole::Output),
            seq(vec![
                one(
                    "referenceRenderingTransform",
                    Ty::ReferenceTransform(IdRole::ReferenceRendering),
                ),
                one(
                    "outputDeviceTransform",
                    Ty::ReferenceTransform(IdRole::OutputDevice),
                ),
            ]),
        ])),
        Ty::Look => {
            let by_reference = if v2 {
                seq(vec![
                    cdl("ColorCorrectionRef", Ty::ColorCorrectionRef),
                    one("file", Ty::AnyUri),
                ])
            } else {
                cdl("ColorCorrectionRef", Ty::ColorCorrectionRef)
            };
            transform(choice(vec![
                reference_choice(IdRole::Look),
                seq(vec![
                    one("cdlWorkingSpace", Ty::CdlWorkingSpace),
                    choice(vec![
                        seq(vec![
                            cdl("SOPNode", Ty::SopNode),
                            cdl("SatNode", Ty::SatNode),
                        ]),
                        by_reference,
                    ]),
                ]),
            ]))
        }
        Ty::ReferenceTransform(role) => transform(reference_choice(role)),
        Ty::CdlWorkingSpace => seq(vec![
            amf(
                "toCdlWorkingSpace",
                Ty::ReferenceTransform(IdRole::ColorSpaceConversion),
                0,
                1,
            ),
            one(
                "fromCdlWorkingSpace",
                Ty::ReferenceTransform(IdRole::ColorSpaceConversion),
            ),
        ]),
        Ty::Version => seq(vec![
            one("majorVersion", Ty::Digit),
            one("minorVersion", Ty::Digit),
            one("patchVersion", Ty::Digit),
        ]),
        Ty::SopNode => seq(vec![
            Particle::Element {
                ns: Ns::Cdl,
                name: "Description",
                ty: Ty::Text,
                min: 0,
                max: UNBOUNDED,
            },
            cdl("Slope", Ty::NonNegativeFloats3),
            cdl("Offset", Ty::Floats3),
            cdl("Power", Ty::PositiveFloats3),
        ]),
        Ty::SatNode => seq(vec![
            Particle::Element {
                ns: Ns::Cdl,
                name: "Description",
                ty: Ty::Text,
                min: 0,
                max: UNBOUNDED,
            },
            cdl("Saturation", Ty::NonNegativeFloat),
        ]),
        Ty::ColorCorrectionRef => seq(vec![
            Particle::Element {
                ns: Ns::Cdl,
                name: "Description",
                ty: Ty::Text,
                min: 0,
                max: UNBOUNDED,
            },
            Particle::Element {
                ns: Ns::Cdl,
                name: "InputDescription",
                ty: Ty::Text,
                min: 0,
                max: 1,
            },
            Particle::Element {
                ns: Ns::Cdl,
                name: "ViewingDescription",
                ty: Ty::Text,
                min: 0,
                max: 1,
            },
        ]),
        _ => return None,
    })
}

/// The root element's content model.
fn root_model() -> Particle {
    seq(vec![
        one("amfInfo", Ty::Info),
        amf("clipId", Ty::ClipId, 0, 1),
        one("pipeline", Ty::Pipeline),
        amf("archivedPipeline", Ty::Pipeline, 0, UNBOUNDED),
    ])
}

/// Attributes a type declares: (name, required).
fn declared_attributes(ty: Ty, version: AmfVersion) -> &'static [(&'static str, bool)] {
    match ty {
        Ty::Input | Ty::Look => &[("applied", true)],
        Ty::Output if version == AmfVersion::V2 => &[("applied", true)],
        Ty::Hash => &[("algorithm", true)],
        Ty::Sequence => &[("idx", true), ("min", true), ("max", true)],
        Ty::ColorCorrectionRef => &[("ref", true)],
        _ => &[],
    }
}

const HASH_ALGORITHMS: [&str; 3] = [
    "http://www.w3.org/2001/04/xmlenc#sha256",
    "http://www.w3.org/2000/09/xmldsig#sha1",
    "http://www.w3.org/2001/04/xmldsig-more#md5",
];

/// Checks a whole AMF tree against the XSD of `version`.
pub fn check_document(root: &Element, version: AmfVersion) -> Vec<Diagnostic> {
    let mut checker = Checker {
        version,
        found: Vec::new(),
    };
    match root.attribute("version") {
        None => checker.error(
            root,
            "the required attribute 'version' is missing".to_string(),
        ),
        Some(value) => {
            let expected = version.label();
            let same = value.trim().parse::<f64>().ok() == expected.parse::<f64>().ok();
            if !same {
                checker.error(
                    root,
                    format!(
                        "version=\"{value}\" but the {} namespace fixes it to \"{expected}\"",
                        version.namespace()
                    ),
                );
            }
        }
    }
    checker.check_attributes(root, &[("version", true)]);
    checker.check_children(root, &root_model());
    checker.found
}

struct Checker {
    version: AmfVersion,
    found: Vec<Diagnostic>,
}

/// The deepest place matching got to, and what it wanted there.
struct Furthest {
    position: usize,
    expected: BTreeSet<String>,
}

impl Furthest {
    fn reach(&mut self, position: usize) {
        if position > self.position {
            self.position = position;
            self.expected.clear();
        }
    }

    fn expect(&mut self, position: usize, what: String) {
        self.reach(position);
        if position == self.position {
            self.expected.insert(what);
        }
    }
}

fn display_name(ns: Ns, name: &str) -> String {
    match ns {
        Ns::Amf => format!("aces:{name}"),
        Ns::Cdl => format!("cdl:{name}"),
    }
}

fn element_display(element: &Element, version: AmfVersion) -> String {
    match element.namespace.as_deref() {
        Some(ns) if ns == version.namespace() => format!("aces:{}", element.local_name),
        Some(NAMESPACE_CDL) => format!("cdl:{}", element.local_name),
        Some(ns) => format!("{} (namespace {ns})", element.local_name),
        None => format!("{} (no namespace)", element.local_name),
    }
}

impl Checker {
    fn error(&mut self, element: &Element, message: String) {
        self.found.push(Diagnostic::new(
            Severity::Error,
            Rule::Schema,
            element.line,
            &element.local_name,
            message,
        ));
    }

    fn is(&self, element: &Element, ns: Ns, name: &str) -> bool {
        let ns_ok = match ns {
            Ns::Amf => element.namespace.as_deref() == Some(self.version.namespace()),
            Ns::Cdl => element.namespace.as_deref() == Some(NAMESPACE_CDL),
        };
        if !ns_ok {
            return false;
        }
        // ASC CDL substitution groups: ASC_SOP for SOPNode, ASC_SAT for SatNode, ASC_CC_XML for ColorCorrectionRef.
        element.local_name == name
            || matches!(
                (name, element.local_name.as_str()),
                ("SOPNode", "ASC_SOP")
                    | ("SatNode", "ASC_SAT")
                    | ("ColorCorrectionRef", "ASC_CC_XML")
            )
    }

    /// End positions reachable by matching `particle` from `start`.
    fn match_particle(
        &self,
        particle: &Particle,
        children: &[&Element],
        start: usize,
        furthest: &mut Furthest,
    ) -> BTreeSet<usize> {
        match particle {
            Particle::Element {
                ns, name, min, max, ..
            } => {
                let mut ends = BTreeSet::new();
                let mut position = start;
                let mut count = 0u32;
                loop {
                    if count >= *min {
                        ends.insert(position);
                    }
                    if count == *max {
                        break;
                    }
                    match children.get(position) {
                        Some(child) if self.is(child, *ns, name) => {
                            position += 1;
                            count += 1;
                            furthest.reach(position);
                        }
                        _ => {
                            furthest.expect(position, display_name(*ns, name));
                            break;
                        }
                    }
                }
                ends
            }
            Particle::Sequence(items, min, max) => {
                self.repeat(children, start, *min, *max, furthest, |s, from, f| {
                    let mut positions = BTreeSet::from([from]);
                    for item in items {
                        let mut next = BTreeSet::new();
                        for &p in &positions {
                            next.extend(s.match_particle(item, children, p, f));
                        }
                        positions = next;
                        if positions.is_empty() {
                            break;
                        }
                    }
                    positions
                })
            }
            Particle::Choice(items, min, max) => {
                self.repeat(children, start, *min, *max, furthest, |s, from, f| {
                    let mut positions = BTreeSet::new();
                    for item in items {
                        positions.extend(s.match_particle(item, children, from, f));
                    }
                    positions
                })
            }
        }
    }

    fn repeat(
        &self,
        children: &[&Element],
        start: usize,
        min: u32,
        max: u32,
        furthest: &mut Furthest,
        once: impl Fn(&Self, usize, &mut Furthest) -> BTreeSet<usize>,
    ) -> BTreeSet<usize> {
        let mut ends = BTreeSet::new();
        if min == 0 {
            ends.insert(start);
        }
        let mut current = BTreeSet::from([start]);
        // Each round consumes at least nothing; more rounds than children cannot add positions.
        let rounds = max.min(u32::try_from(children.len() + 1).unwrap_or(u32::MAX));
        for round in 1..=rounds {
            let mut next = BTreeSet::new();
            for &p in &current {
                next.extend(once(self, p, furthest));
            }
            if next.is_empty() {
                break;
            }
            if round >= min {
                ends.extend(next.iter().copied());
            }
            if next == current {
                break;
            }
            current = next;
        }
        ends
    }

    /// The type a child has inside `model` (first element particle of that name).
    fn child_type(&self, model: &Particle, child: &Element) -> Option<Ty> {
        match model {
            Particle::Element { ns, name, ty, .. } => self.is(child, *ns, name).then_some(*ty),
            Particle::Sequence(items, ..) | Particle::Choice(items, ..) => {
                items.iter().find_map(|item| self.child_type(item, child))
            }
        }
    }

    fn check_children(&mut self, element: &Element, model: &Particle) {
        if !element.text.trim().is_empty() {
            self.error(
                element,
                format!(
                    "text '{}' is not allowed directly inside <{}>",
                    short(&element.text),
                    element.local_name
                ),
            );
        }
        let children: Vec<&Element> = element.children.iter().collect();
        let mut furthest = Furthest {
            position: 0,
            expected: BTreeSet::new(),
        };
        let ends = self.match_particle(model, &children, 0, &mut furthest);
        if !ends.contains(&children.len()) {
            let expected: Vec<String> = furthest.expected.iter().cloned().collect();
            let expected_text = if expected.is_empty() {
                String::new()
            } else {
                format!("; expected {}", expected.join(" or "))
            };
            match children.get(furthest.position) {
                Some(child) => {
                    let after = match furthest
                        .position
                        .checked_sub(1)
                        .and_then(|i| children.get(i))
                    {
                        Some(previous) => {
                            format!(" after <{}>", element_display(previous, self.version))
                        }
                        None => format!(" at the start of <{}>", element.local_name),
                    };
                    let message = format!(
                        "<{}> is not allowed here{after}{expected_text}",
                        element_display(child, self.version)
                    );
                    self.error(child, message);
                }
                None => self.error(
                    element,
                    format!(
                        "<{}> is incomplete: a required child is missing{expected_text}",
                        element.local_name
                    ),
                ),
            }
        }
        for child in children {
            if let Some(ty) = self.child_type(model, child) {
                self.check_element(child, ty);
            }
        }
    }

    fn check_attributes(&mut self, element: &Element, declared: &[(&str, bool)]) {
        for (name, required) in declared {
            if *required && element.attribute(name).is_none() {
                self.error(
                    element,
                    format!("the required attribute '{name}' is missing"),
                );
            }
        }
        for attribute in &element.attributes {
            let known = match &attribute.namespace {
                None => declared.iter().any(|(n, _)| *n == attribute.local_name),
                Some(ns) => ns == NAMESPACE_XSI,
            };
            if !known {
                let hint = if attribute.local_name == "applied"
                    && element.local_name == "outputTransform"
                {
                    " (AMF 1.0 has no 'applied' on outputTransform; it was added in AMF 2.0)"
                } else {
                    ""
                };
                self.error(
                    element,
                    format!(
                        "attribute '{}' is not allowed here{hint}",
                        attribute.local_name
                    ),
                );
            }
        }
    }

    fn check_element(&mut self, element: &Element, ty: Ty) {
        self.check_attributes(element, declared_attributes(ty, self.version));
        match ty {
            Ty::Input | Ty::Look | Ty::Output => {
                if let Some(applied) = element.attribute("applied") {
                    if lexical::parse_boolean(applied).is_none() {
                        self.error(
                            element,
                            format!("applied=\"{applied}\" is not a boolean (true or false)"),
                        );
                    }
                }
            }
            Ty::Hash => {
                if let Some(algorithm) = element.attribute("algorithm") {
                    if !HASH_ALGORITHMS.contains(&algorithm.trim()) {
                        self.error(
                            element,
                            format!(
                                "hash algorithm '{algorithm}' is not one of {}",
                                HASH_ALGORITHMS.join(", ")
                            ),
                        );
                    }
                }
                self.check_leaf(element);
                if !lexical::is_base64(&element.text) {
                    self.error(
                        element,
                        format!("hash '{}' is not base64", short(&element.text)),
                    );
                }
                return;
            }
            Ty::Sequence => {
                for name in ["min", "max"] {
                    if let Some(value) = element.attribute(name) {
                        if lexical::parse_non_negative_integer(value).is_none() {
                            self.error(
                                element,
                                format!("{name}=\"{value}\" is not a non-negative integer"),
                            );
                        }
                    }
                }
                self.check_leaf(element);
                return;
            }
            Ty::Empty => {
                if !element.children.is_empty() || !element.text.trim().is_empty() {
                    self.error(element, format!("<{}> must be empty", element.local_name));
                }
                return;
            }
            _ => {}
        }
        if let Some(model) = content_model(ty, self.version) {
            self.check_children(element, &model);
            return;
        }
        self.check_leaf(element);
        let text = element.text.as_str();
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let problem = match ty {
            Ty::Uuid if !lexical::is_uuid(&collapsed) => Some(format!(
                "'{}' is not a uuid of the form urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                short(text)
            )),
            Ty::Email if !lexical::is_email(text, self.version) => Some(format!(
                "'{}' is not an e-mail address (AMF {} pattern {})",
                short(text),
                self.version.label(),
                match self.version {
                    AmfVersion::V1 => "[^@]+@[^\\.]+\\..+",
                    AmfVersion::V2 => "[^@]+@[^@]+",
                }
            )),
            Ty::DateTime if !lexical::is_xs_datetime(&collapsed) => Some(format!(
                "'{}' is not an xs:dateTime (YYYY-MM-DDThh:mm:ss[Z|±hh:mm])",
                short(text)
            )),
            Ty::Digit => match collapsed.parse::<i64>() {
                Ok(v) if (0..=9).contains(&v) => None,
                _ => Some(format!("'{}' is not a single digit 0-9", short(text))),
            },
            Ty::TransformId(role) if !lexical::id_matches_schema(text, role, self.version) => {
                let shown = if text.is_empty() {
                    "an empty transformId".to_string()
                } else {
                    format!("'{}'", short(text))
                };
                Some(format!(
                    "{shown} is not a valid {} id for AMF {} (allowed: {})",
                    role.label(),
                    self.version.label(),
                    lexical::id_patterns_for_message(role, self.version)
                ))
            }
            Ty::NonNegativeFloats3 => {
                float_list_problem(&element.local_name, &collapsed, |v| v >= 0.0, "≥ 0")
            }
            Ty::Floats3 => float_list_problem(&element.local_name, &collapsed, |_| true, ""),
            Ty::PositiveFloats3 => {
                float_list_problem(&element.local_name, &collapsed, |v| v > 0.0, "> 0")
            }
            Ty::NonNegativeFloat => match lexical::parse_xs_float(&collapsed) {
                Some(v) if v >= 0.0 => None,
                Some(_) => Some(format!("saturation {collapsed} must be ≥ 0")),
                None => Some(format!("'{}' is not a number", short(text))),
            },
            _ => None,
        };
        if let Some(problem) = problem {
            self.error(element, problem);
        }
    }

    /// A simple-content element may not hold elements.
    fn check_leaf(&mut self, element: &Element) {
        if let Some(child) = element.children.first() {
            let message = format!(
                "<{}> is not allowed inside <{}>, which holds only text",
                element_display(child, self.version),
                element.local_name
            );
            self.error(child, message);
        }
    }
}

fn float_list_problem(
    name: &str,
    text: &str,
    accept: impl Fn(f64) -> bool,
    bound: &str,
) -> Option<String> {
    let items: Vec<&str> = text.split_whitespace().collect();
    if items.len() != 3 {
        return Some(format!(
            "{name} '{}' must be exactly 3 numbers (found {})",
            short(text),
            items.len()
        ));
    }
    for item in items {
        match lexical::parse_xs_float(item) {
            None => return Some(format!("{name} value '{item}' is not a number")),
            Some(v) if !accept(v) => return Some(format!("{name} value {item} must be {bound}")),
            Some(_) => {}
        }
    }
    None
}

/// A value cut to a readable length for messages.
pub(crate) fn short(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.chars().count() > 120 {
        format!("{}…", trimmed.chars().take(120).collect::<String>())
    } else {
        trimmed.to_string()
    }
}
