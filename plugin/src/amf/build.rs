//! Tolerant conversion of the element tree into the model.
//!
//! Accepts what real files do (any element order the parser can make sense of, ASC_SOP aliases,
//! missing optional-in-practice parts, elements in no namespace); what the schema check already
//! reports is not reported again. What cannot be used at all (a look with nothing in it, a CDL
//! number that is not a number) becomes an error diagnostic that stays an error.

use super::diagnostic::{Diagnostic, Rule, Severity};
use super::lexical;
use super::model::*;
use super::xml::Element;

pub struct Builder {
    version: AmfVersion,
    pub diagnostics: Vec<Diagnostic>,
}

impl Builder {
    pub fn new(version: AmfVersion) -> Self {
        Builder {
            version,
            diagnostics: Vec::new(),
        }
    }

    fn unusable(&mut self, element: &Element, rule: Rule, message: String) {
        self.diagnostics.push(Diagnostic::new(
            Severity::Error,
            rule,
            element.line,
            &element.local_name,
            message,
        ));
    }

    /// An AMF element (either version's namespace, or none: some writers forget it).
    fn is_amf(&self, element: &Element) -> bool {
        match element.namespace.as_deref() {
            None => true,
            Some(ns) => AmfVersion::from_namespace(ns).is_some(),
        }
    }

    fn named<'e>(&self, parent: &'e Element, name: &str) -> Option<&'e Element> {
        parent
            .children
            .iter()
            .find(|c| c.local_name == name && self.is_amf(c))
    }

    fn text_of(&self, parent: &Element, name: &str) -> Option<String> {
        self.named(parent, name).map(|e| e.text.trim().to_string())
    }

    /// Children that none of `known` names: kept as opaque XML.
    fn extensions(&self, parent: &Element, known: &[&str]) -> Vec<OpaqueElement> {
        parent
            .children
            .iter()
            .filter(|c| {
                !(known.contains(&c.local_name.as_str())
                    && (self.is_amf(c) || c.namespace.as_deref() == Some(NAMESPACE_CDL)))
            })
            .map(|c| OpaqueElement(c.clone()))
            .collect()
    }

    pub fn amf(&mut self, root: &Element) -> Result<Amf, (u32, String)> {
        let info = self
            .named(root, "amfInfo")
            .map(|e| self.info(e))
            .unwrap_or_default();
        let clip_id = self.named(root, "clipId").map(|e| self.clip_id(e));
        let pipeline_element = self
            .named(root, "pipeline")
            .ok_or((root.line, "the AMF has no <pipeline>".to_string()))?;
        let pipeline = self.pipeline(pipeline_element);
        let mut archived_pipelines = Vec::new();
        for child in &root.children {
            if child.local_name == "archivedPipeline" && self.is_amf(child) {
                archived_pipelines.push(self.pipeline(child));
            }
        }
        Ok(Amf {
            version: self.version,
            info,
            clip_id,
            pipeline,
            archived_pipelines,
            extensions: self
                .extensions(root, &["amfInfo", "clipId", "pipeline", "archivedPipeline"]),
        })
    }

    fn info(&mut self, element: &Element) -> Info {
        let authors = element
            .children
            .iter()
            .filter(|c| c.local_name == "author" && self.is_amf(c))
            .map(|a| Author {
                name: self.text_of(a, "name").unwrap_or_default(),
                email_address: self.text_of(a, "emailAddress"),
            })
            .collect();
        let date_time = self.named(element, "dateTime").map(|d| DateTimes {
            creation: self.text_of(d, "creationDateTime"),
            modification: self.text_of(d, "modificationDateTime"),
        });
        Info {
            description: self.named(element, "description").map(|e| e.text.clone()),
            authors,
            date_time,
            uuid: self.text_of(element, "uuid"),
            extensions: self.extensions(
                element,
                &["description", "author", "dateTime", "uuid", "systemVersion"],
            ),
        }
    }

    fn clip_id(&mut self, element: &Element) -> ClipId {
        let reference = if let Some(seq) = self.named(element, "sequence") {
            let number = |name: &str| {
                seq.attribute(name)
                    .and_then(lexical::parse_non_negative_integer)
            };
            Some(ClipReference::Sequence {
                pattern: seq.text.trim().to_string(),
                idx: seq.attribute("idx").unwrap_or("#").to_string(),
                min: number("min").unwrap_or(0),
                max: number("max").unwrap_or(u64::MAX),
            })
        } else if let Some(file) = self.text_of(element, "file") {
            Some(ClipReference::File(file))
        } else {
            self.text_of(element, "uuid").map(ClipReference::Uuid)
        };
        ClipId {
            clip_name: self.text_of(element, "clipName").unwrap_or_default(),
            reference,
            extensions: self.extensions(element, &["clipName", "sequence", "file", "uuid"]),
        }
    }

    fn pipeline(&mut self, element: &Element) -> Pipeline {
        let info_element = self.named(element, "pipelineInfo");
        let info = info_element.map(|e| self.info(e)).unwrap_or_default();
        let system_version = info_element
            .and_then(|e| self.named(e, "systemVersion"))
            .and_then(|v| {
                let digit = |name: &str| self.text_of(v, name).and_then(|t| t.parse::<u32>().ok());
                Some(SystemVersion {
                    major: digit("majorVersion")?,
                    minor: digit("minorVersion")?,
                    patch: digit("patchVersion")?,
                })
            });
        let mut steps = Vec::new();
        let mut input = None;
        let mut output = None;
        for child in &element.children {
            if !self.is_amf(child) {
                continue;
            }
            match child.local_name.as_str() {
                "inputTransform" => input = Some(self.input(child)),
                "outputTransform" => output = Some(self.output(child)),
                "lookTransform" => steps.push(PipelineStep::Look(self.look(child))),
                "workingLocation" => {
                    steps.push(PipelineStep::WorkingLocation(SourceLine(child.line)))
                }
                _ => {}
            }
        }
        Pipeline {
            info: PipelineInfo {
                info,
                system_version,
            },
            input,
            steps,
            output,
            extensions: self.extensions(
                element,
                &[
                    "pipelineInfo",
                    "inputTransform",
                    "lookTransform",
                    "workingLocation",
                    "outputTransform",
                ],
            ),
            line: SourceLine(element.line),
        }
    }

    fn applied(&mut self, element: &Element) -> Option<bool> {
        element
            .attribute("applied")
            .and_then(lexical::parse_boolean)
    }

    fn meta(&self, element: &Element) -> TransformMeta {
        TransformMeta {
            description: self.named(element, "description").map(|e| e.text.clone()),
            hash: self.named(element, "hash").map(|h| Hash {
                algorithm: h.attribute("algorithm").unwrap_or_default().to_string(),
                value: h.text.trim().to_string(),
            }),
        }
    }

    fn reference(&self, element: &Element) -> Option<TransformRef> {
        if let Some(id) = self.named(element, "transformId") {
            // An id is an xs:string: keep it exactly (the schema check flags stray whitespace).
            Some(TransformRef::TransformId(id.text.trim().to_string()))
        } else if let Some(file) = self.text_of(element, "file") {
            Some(TransformRef::File(file))
        } else {
            self.text_of(element, "uuid").map(TransformRef::Uuid)
        }
    }

    fn reference_transform(&mut self, element: &Element) -> Option<ReferenceTransform> {
        let target = self.reference(element);
        if target.is_none() {
            let message = format!("<{}> has no transformId, file or uuid", element.local_name);
            self.unusable(element, Rule::EmptyStage, message);
        }
        Some(ReferenceTransform {
            meta: self.meta(element),
            target: target?,
            extensions: self.extensions(
                element,
                &["description", "hash", "transformId", "file", "uuid"],
            ),
            line: SourceLine(element.line),
        })
    }

    fn input(&mut self, element: &Element) -> InputTransform {
        let kind = if let Some(target) = self.reference(element) {
            InputKind::Reference(target)
        } else if let Some(inverse) = self.named(element, "inverseOutputTransform") {
            self.reference_transform(inverse)
                .map_or(InputKind::Missing, InputKind::InverseOutput)
        } else {
            let odt = self.named(element, "inverseOutputDeviceTransform");
            let rrt = self.named(element, "inverseReferenceRenderingTransform");
            match (odt, rrt) {
                (Some(odt), Some(rrt)) => {
                    match (self.reference_transform(odt), self.reference_transform(rrt)) {
                        (Some(inverse_output_device), Some(inverse_reference_rendering)) => {
                            InputKind::InverseSplit {
                                inverse_output_device,
                                inverse_reference_rendering,
                            }
                        }
                        _ => InputKind::Missing,
                    }
                }
                _ => {
                    self.unusable(element, Rule::EmptyStage, "the input transform names no transform (transformId, file, uuid or inverse output transform)".into());
                    InputKind::Missing
                }
            }
        };
        InputTransform {
            applied: self.applied(element).unwrap_or(false),
            meta: self.meta(element),
            kind,
            extensions: self.extensions(
                element,
                &[
                    "description",
                    "hash",
                    "transformId",
                    "file",
                    "uuid",
                    "inverseOutputTransform",
                    "inverseOutputDeviceTransform",
                    "inverseReferenceRenderingTransform",
                ],
            ),
            line: SourceLine(element.line),
        }
    }

    fn output(&mut self, element: &Element) -> OutputTransform {
        let kind = if let Some(target) = self.reference(element) {
            OutputKind::Reference(target)
        } else {
            let rrt = self.named(element, "referenceRenderingTransform");
            let odt = self.named(element, "outputDeviceTransform");
            match (rrt, odt) {
                (Some(rrt), Some(odt)) => {
                    match (self.reference_transform(rrt), self.reference_transform(odt)) {
                        (Some(reference_rendering), Some(output_device)) => OutputKind::Split {
                            reference_rendering,
                            output_device,
                        },
                        _ => OutputKind::Missing,
                    }
                }
                _ => {
                    self.unusable(element, Rule::EmptyStage, "the output transform names no transform (transformId, file, uuid or RRT + ODT)".into());
                    OutputKind::Missing
                }
            }
        };
        OutputTransform {
            applied: self.applied(element),
            meta: self.meta(element),
            kind,
            extensions: self.extensions(
                element,
                &[
                    "description",
                    "hash",
                    "transformId",
                    "file",
                    "uuid",
                    "referenceRenderingTransform",
                    "outputDeviceTransform",
                ],
            ),
            line: SourceLine(element.line),
        }
    }

    fn cdl_child<'e>(&self, parent: &'e Element, names: &[&str]) -> Option<&'e Element> {
        // CDL nodes are matched by local name in any namespace: files put them in cdl:, aces: or none.
        parent
            .children
            .iter()
            .find(|c| names.contains(&c.local_name.as_str()))
    }

    fn spelling(element: &Element) -> CdlSpelling {
        if element.local_name.starts_with("ASC_") {
            CdlSpelling::Asc
        } else {
            CdlSpelling::Node
        }
    }

    fn descriptions(element: &Element) -> Vec<String> {
        element
            .children
            .iter()
            .filter(|c| c.local_name == "Description")
            .map(|c| c.text.clone())
            .collect()
    }

    fn triple(&mut self, node: &Element, name: &str, default: [f64; 3]) -> Option<[f64; 3]> {
        let Some(element) = self.cdl_child(node, &[name]) else {
            let message = format!("the CDL has no {name}; {default:?} is used");
            self.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                Rule::CdlValues,
                node.line,
                &node.local_name,
                message,
            ));
            return Some(default);
        };
        let values: Vec<Option<f64>> = element
            .text
            .split_whitespace()
            .map(lexical::parse_float_tolerant)
            .collect();
        match values.as_slice() {
            [Some(a), Some(b), Some(c)] => Some([*a, *b, *c]),
            _ => {
                let message = format!(
                    "{name} '{}' is not three numbers: this CDL cannot be applied",
                    element.text.trim()
                );
                self.unusable(element, Rule::CdlValues, message);
                None
            }
        }
    }

    fn working_space(&mut self, element: &Element) -> CdlWorkingSpace {
        let to = self
            .named(element, "toCdlWorkingSpace")
            .and_then(|e| self.reference_transform(e));
        let from = self
            .named(element, "fromCdlWorkingSpace")
            .and_then(|e| self.reference_transform(e));
        CdlWorkingSpace {
            to_working_space: to,
            from_working_space: from,
            line: SourceLine(element.line),
        }
    }

    fn look(&mut self, element: &Element) -> LookTransform {
        let working_space = self
            .named(element, "cdlWorkingSpace")
            .map(|e| self.working_space(e));
        let sop_node = self.cdl_child(element, &["SOPNode", "ASC_SOP"]);
        let sat_node = self.cdl_child(element, &["SatNode", "ASC_SAT"]);
        let cc_ref = self.cdl_child(element, &["ColorCorrectionRef", "ASC_CC_XML"]);
        let kind = if sop_node.is_some() || sat_node.is_some() {
            let sop = sop_node.and_then(|node| {
                let defaults = Sop::default();
                Some(Sop {
                    slope: self.triple(node, "Slope", defaults.slope)?,
                    offset: self.triple(node, "Offset", defaults.offset)?,
                    power: self.triple(node, "Power", defaults.power)?,
                })
            });
            let sop_usable = sop_node.is_none() || sop.is_some();
            let saturation = sat_node.and_then(|node| {
                let value = self
                    .cdl_child(node, &["Saturation"])
                    .and_then(|s| lexical::parse_float_tolerant(s.text.trim()));
                if value.is_none() {
                    self.unusable(
                        node,
                        Rule::CdlValues,
                        "Saturation is missing or not a number: this CDL cannot be applied".into(),
                    );
                }
                value
            });
            let sat_usable = sat_node.is_none() || saturation.is_some();
            if sop_usable && sat_usable {
                LookKind::Cdl(EmbeddedCdl {
                    working_space,
                    sop,
                    sop_spelling: sop_node.map(Self::spelling).unwrap_or_default(),
                    sop_descriptions: sop_node.map(Self::descriptions).unwrap_or_default(),
                    saturation,
                    sat_spelling: sat_node.map(Self::spelling).unwrap_or_default(),
                    sat_descriptions: sat_node.map(Self::descriptions).unwrap_or_default(),
                })
            } else {
                LookKind::Missing
            }
        } else if let Some(cc) = cc_ref {
            LookKind::CdlReference(CdlReference {
                working_space,
                color_correction_id: cc.attribute("ref").unwrap_or_default().to_string(),
                spelling: Self::spelling(cc),
                file: self.text_of(element, "file"),
                line: SourceLine(cc.line),
            })
        } else if let Some(target) = self.reference(element) {
            LookKind::Reference(target)
        } else {
            self.unusable(
                element,
                Rule::EmptyStage,
                "the look names no transform (transformId, file, uuid or CDL)".into(),
            );
            LookKind::Missing
        };
        LookTransform {
            applied: self.applied(element).unwrap_or(false),
            meta: self.meta(element),
            kind,
            extensions: self.extensions(
                element,
                &[
                    "description",
                    "hash",
                    "transformId",
                    "file",
                    "uuid",
                    "cdlWorkingSpace",
                    "SOPNode",
                    "ASC_SOP",
                    "SatNode",
                    "ASC_SAT",
                    "ColorCorrectionRef",
                    "ASC_CC_XML",
                ],
            ),
            line: SourceLine(element.line),
        }
    }
}
