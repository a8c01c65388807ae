//! Writes the model as AMF XML in its version (2.0, or 1.0 for a model read from 1.0).
//!
//! Output is deterministic (fixed prefixes, element order of the XSD, two-space indent, numbers
//! in their shortest round-trip form) and schema-valid whenever the model is complete (what a
//! schema-valid file gives). Opaque elements are written back where their parent ends.

use quick_xml::escape::escape;

use super::model::*;
use super::xml::Element;

/// The AMF as XML text.
pub fn write(amf: &Amf) -> String {
    let mut out = Out {
        text: String::new(),
        depth: 0,
        version: amf.version,
    };
    out.text
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let namespace_declarations = format!(
        "<aces:acesMetadataFile xmlns:aces=\"{}\" xmlns:cdl=\"{NAMESPACE_CDL}\" version=\"{}\">",
        amf.version.namespace(),
        amf.version.label()
    );
    out.line(&namespace_declarations);
    out.depth += 1;
    out.info("amfInfo", &amf.info, None);
    if let Some(clip) = &amf.clip_id {
        out.clip_id(clip);
    }
    out.pipeline("pipeline", &amf.pipeline);
    for archived in &amf.archived_pipelines {
        out.pipeline("archivedPipeline", archived);
    }
    out.opaque_all(&amf.extensions);
    out.depth -= 1;
    out.line("</aces:acesMetadataFile>");
    out.text
}

struct Out {
    text: String,
    depth: usize,
    version: AmfVersion,
}

fn number(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 {
            "INF".into()
        } else {
            "-INF".into()
        }
    } else {
        format!("{value}")
    }
}

fn triple(values: &[f64; 3]) -> String {
    values
        .iter()
        .map(|v| number(*v))
        .collect::<Vec<_>>()
        .join(" ")
}

fn applied_attribute(applied: bool) -> [(&'static str, String); 1] {
    [("applied", applied.to_string())]
}

impl Out {
    fn line(&mut self, content: &str) {
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
        self.text.push_str(content);
        self.text.push('\n');
    }

    fn attributes(attributes: &[(&str, String)]) -> String {
        attributes
            .iter()
            .map(|(k, v)| format!(" {k}=\"{}\"", escape(v.as_str())))
            .collect()
    }

    fn open(&mut self, name: &str, attributes: &[(&str, String)]) {
        let tag = format!("<{name}{}>", Self::attributes(attributes));
        self.line(&tag);
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.line(&format!("</{name}>"));
    }

    fn leaf(&mut self, name: &str, text: &str, attributes: &[(&str, String)]) {
        let tag = format!(
            "<{name}{}>{}</{name}>",
            Self::attributes(attributes),
            escape(text)
        );
        self.line(&tag);
    }

    fn info(&mut self, element: &str, info: &Info, system_version: Option<&Option<SystemVersion>>) {
        self.open(&format!("aces:{element}"), &[]);
        if let Some(description) = &info.description {
            self.leaf("aces:description", description, &[]);
        }
        for author in &info.authors {
            self.open("aces:author", &[]);
            self.leaf("aces:name", &author.name, &[]);
            if let Some(email) = &author.email_address {
                self.leaf("aces:emailAddress", email, &[]);
            }
            self.close("aces:author");
        }
        if let Some(date_time) = &info.date_time {
            self.open("aces:dateTime", &[]);
            if let Some(c) = &date_time.creation {
                self.leaf("aces:creationDateTime", c, &[]);
            }
            if let Some(m) = &date_time.modification {
                self.leaf("aces:modificationDateTime", m, &[]);
            }
            self.close("aces:dateTime");
        }
        if let Some(uuid) = &info.uuid {
            self.leaf("aces:uuid", uuid, &[]);
        }
        if let Some(Some(version)) = system_version {
            self.open("aces:systemVersion", &[]);
            self.leaf("aces:majorVersion", &version.major.to_string(), &[]);
            self.leaf("aces:minorVersion", &version.minor.to_string(), &[]);
            self.leaf("aces:patchVersion", &version.patch.to_string(), &[]);
            self.close("aces:systemVersion");
        }
        self.opaque_all(&info.extensions);
        self.close(&format!("aces:{element}"));
    }

    fn clip_id(&mut self, clip: &ClipId) {
        self.open("aces:clipId", &[]);
        self.leaf("aces:clipName", &clip.clip_name, &[]);
        match &clip.reference {
            Some(ClipReference::Sequence {
                pattern,
                idx,
                min,
                max,
            }) => self.leaf(
                "aces:sequence",
                pattern,
                &[
                    ("idx", idx.clone()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ],
            ),
            Some(ClipReference::File(file)) => self.leaf("aces:file", file, &[]),
            Some(ClipReference::Uuid(uuid)) => self.leaf("aces:uuid", uuid, &[]),
            None => {}
        }
        self.opaque_all(&clip.extensions);
        self.close("aces:clipId");
    }

    fn pipeline(&mut self, element: &str, pipeline: &Pipeline) {
        self.open(&format!("aces:{element}"), &[]);
        self.info(
            "pipelineInfo",
            &pipeline.info.info,
            Some(&pipeline.info.system_version),
        );
        if let Some(input) = &pipeline.input {
            self.input(input);
        }
        for step in &pipeline.steps {
            match step {
                PipelineStep::Look(look) => self.look(look),
                PipelineStep::WorkingLocation(_) => self.line("<aces:workingLocation/>"),
            }
        }
        if let Some(output) = &pipeline.output {
            self.output(output);
        }
        self.opaque_all(&pipeline.extensions);
        self.close(&format!("aces:{element}"));
    }

    fn meta(&mut self, meta: &TransformMeta) {
        if let Some(description) = &meta.description {
            self.leaf("aces:description", description, &[]);
        }
        if let Some(hash) = &meta.hash {
            self.leaf(
                "aces:hash",
                &hash.value,
                &[("algorithm", hash.algorithm.clone())],
            );
        }
    }

    fn target(&mut self, target: &TransformRef) {
        match target {
            TransformRef::TransformId(id) => self.leaf("aces:transformId", id, &[]),
            TransformRef::File(file) => self.leaf("aces:file", file, &[]),
            TransformRef::Uuid(uuid) => self.leaf("aces:uuid", uuid, &[]),
        }
    }

    fn reference_transform(&mut self, element: &str, transform: &ReferenceTransform) {
        self.open(&format!("aces:{element}"), &[]);
        self.meta(&transform.meta);
        self.target(&transform.target);
        self.opaque_all(&transform.extensions);
        self.close(&format!("aces:{element}"));
    }

    fn input(&mut self, input: &InputTransform) {
        self.open("aces:inputTransform", &applied_attribute(input.applied));
        self.meta(&input.meta);
        match &input.kind {
            InputKind::Reference(target) => self.target(target),
            InputKind::InverseOutput(inverse) => {
                self.reference_transform("inverseOutputTransform", inverse)
            }
            InputKind::InverseSplit {
                inverse_output_device,
                inverse_reference_rendering,
            } => {
                self.reference_transform("inverseOutputDeviceTransform", inverse_output_device);
                self.reference_transform(
                    "inverseReferenceRenderingTransform",
                    inverse_reference_rendering,
                );
            }
            InputKind::Missing => {}
        }
        self.opaque_all(&input.extensions);
        self.close("aces:inputTransform");
    }

    fn output(&mut self, output: &OutputTransform) {
        // AMF 1.0 has no applied attribute on outputTransform; 2.0 requires it.
        let applied = match (self.version, output.applied) {
            (AmfVersion::V2, applied) => Some(applied.unwrap_or(false)),
            (AmfVersion::V1, applied) => applied,
        };
        let attributes: Vec<(&str, String)> = applied
            .map(|a| ("applied", a.to_string()))
            .into_iter()
            .collect();
        self.open("aces:outputTransform", &attributes);
        self.meta(&output.meta);
        match &output.kind {
            OutputKind::Reference(target) => self.target(target),
            OutputKind::Split {
                reference_rendering,
                output_device,
            } => {
                self.reference_transform("referenceRenderingTransform", reference_rendering);
                self.reference_transform("outputDeviceTransform", output_device);
            }
            OutputKind::Missing => {}
        }
        self.opaque_all(&output.extensions);
        self.close("aces:outputTransform");
    }

    fn working_space(&mut self, working_space: &CdlWorkingSpace) {
        self.open("aces:cdlWorkingSpace", &[]);
        if let Some(to) = &working_space.to_working_space {
            self.reference_transform("toCdlWorkingSpace", to);
        }
        if let Some(from) = &working_space.from_working_space {
            self.reference_transform("fromCdlWorkingSpace", from);
        }
        self.close("aces:cdlWorkingSpace");
    }

    fn look(&mut self, look: &LookTransform) {
        self.open("aces:lookTransform", &applied_attribute(look.applied));
        self.meta(&look.meta);
        match &look.kind {
            LookKind::Reference(target) => self.target(target),
            LookKind::Cdl(cdl) => {
                if let Some(ws) = &cdl.working_space {
                    self.working_space(ws);
                }
                if let Some(sop) = &cdl.sop {
                    let name = match cdl.sop_spelling {
                        CdlSpelling::Node => "cdl:SOPNode",
                        CdlSpelling::Asc => "cdl:ASC_SOP",
                    };
                    self.open(name, &[]);
                    for d in &cdl.sop_descriptions {
                        self.leaf("cdl:Description", d, &[]);
                    }
                    self.leaf("cdl:Slope", &triple(&sop.slope), &[]);
                    self.leaf("cdl:Offset", &triple(&sop.offset), &[]);
                    self.leaf("cdl:Power", &triple(&sop.power), &[]);
                    self.close(name);
                }
                if let Some(saturation) = cdl.saturation {
                    let name = match cdl.sat_spelling {
                        CdlSpelling::Node => "cdl:SatNode",
                        CdlSpelling::Asc => "cdl:ASC_SAT",
                    };
                    self.open(name, &[]);
                    for d in &cdl.sat_descriptions {
                        self.leaf("cdl:Description", d, &[]);
                    }
                    self.leaf("cdl:Saturation", &number(saturation), &[]);
                    self.close(name);
                }
            }
            LookKind::CdlReference(cdl) => {
                if let Some(ws) = &cdl.working_space {
                    self.working_space(ws);
                }
                let name = match cdl.spelling {
                    CdlSpelling::Node => "cdl:ColorCorrectionRef",
                    CdlSpelling::Asc => "cdl:ASC_CC_XML",
                };
                let tag = format!(
                    "<{name} ref=\"{}\"/>",
                    escape(cdl.color_correction_id.as_str())
                );
                self.line(&tag);
                if let Some(file) = &cdl.file {
                    self.leaf("aces:file", file, &[]);
                }
            }
            LookKind::Missing => {}
        }
        self.opaque_all(&look.extensions);
        self.close("aces:lookTransform");
    }

    fn opaque_all(&mut self, elements: &[OpaqueElement]) {
        for element in elements {
            self.opaque(&element.0, None);
        }
    }

    /// Writes an uninterpreted element with its namespace as the default namespace, so it
    /// reads back exactly (same namespace, name, attributes, text and children).
    fn opaque(&mut self, element: &Element, parent_namespace: Option<&str>) {
        let mut head = format!("<{}", element.local_name);
        if element.namespace.as_deref() != parent_namespace {
            head.push_str(&format!(
                " xmlns=\"{}\"",
                escape(element.namespace.as_deref().unwrap_or(""))
            ));
        }
        for (n, attribute) in element.attributes.iter().enumerate() {
            match &attribute.namespace {
                Some(ns) => head.push_str(&format!(
                    " xmlns:a{n}=\"{}\" a{n}:{}=\"{}\"",
                    escape(ns.as_str()),
                    attribute.local_name,
                    escape(attribute.value.as_str())
                )),
                None => head.push_str(&format!(
                    " {}=\"{}\"",
                    attribute.local_name,
                    escape(attribute.value.as_str())
                )),
            }
        }
        if element.children.is_empty() {
            if element.text.is_empty() {
                self.line(&format!("{head}/>"));
            } else {
                self.line(&format!(
                    "{head}>{}</{}>",
                    escape(element.text.as_str()),
                    element.local_name
                ));
            }
            return;
        }
        self.line(&format!("{head}>{}", escape(element.text.trim())));
        self.depth += 1;
        for child in &element.children {
            self.opaque(child, element.namespace.as_deref());
        }
        self.depth -= 1;
        self.line(&format!("</{}>", element.local_name));
    }
}
