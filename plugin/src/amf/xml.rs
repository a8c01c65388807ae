//! A bounded XML element tree built from quick-xml's streaming events.
//!
//! AMFs are small, so the reader keeps the whole element tree (with line numbers) and the schema
//! check, the model builder and the opaque-element keeper all walk the same tree. Nothing a file
//! claims is trusted: size, depth, element count, attribute count and text length are capped, a
//! DOCTYPE is refused and only the five predefined entities and character references are expanded.

use std::path::Path;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use quick_xml::XmlVersion;

use super::error::AmfError;

/// How much of a document the reader accepts before it refuses it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_depth: usize,
    pub max_elements: usize,
    pub max_attributes: usize,
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // Real AMFs are a few kB; a hundred archived pipelines stay far below these.
        Limits {
            max_file_bytes: 8 * 1024 * 1024,
            max_depth: 32,
            max_elements: 200_000,
            max_attributes: 64,
            max_text_bytes: 1024 * 1024,
        }
    }
}

/// One attribute, with its namespace resolved (None for unprefixed attributes).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub namespace: Option<String>,
    pub local_name: String,
    pub value: String,
}

/// One element: resolved namespace, local name, attributes, children, the concatenated text
/// directly inside it, and the line its start tag is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub namespace: Option<String>,
    pub local_name: String,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Element>,
    pub text: String,
    pub line: u32,
}

impl Element {
    pub fn attribute(&self, local_name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.namespace.is_none() && a.local_name == local_name)
            .map(|a| a.value.as_str())
    }
}

/// Maps byte offsets to 1-based line numbers.
struct LineIndex {
    newline_offsets: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let newline_offsets = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex { newline_offsets }
    }

    fn line_of(&self, offset: u64) -> u32 {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let line = self.newline_offsets.partition_point(|&nl| nl < offset) + 1;
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

struct TreeBuilder<'a> {
    path: &'a Path,
    limits: Limits,
    lines: LineIndex,
    stack: Vec<Element>,
    element_count: usize,
    root: Option<Element>,
}

impl TreeBuilder<'_> {
    fn error(&self, line: u32, element: &str, message: impl Into<String>) -> AmfError {
        AmfError::Xml {
            path: self.path.to_path_buf(),
            line,
            element: element.to_string(),
            message: message.into(),
        }
    }

    fn tag_too_long(&self, line: u32, element: &str) -> AmfError {
        let limit = self.limits.max_text_bytes;
        self.error(
            line,
            element,
            format!("start tag longer than {limit} bytes"),
        )
    }

    fn current_name(&self) -> String {
        self.stack
            .last()
            .map(|e| e.local_name.clone())
            .unwrap_or_else(|| "document".to_string())
    }

    fn push_text(&mut self, text: &str, line: u32) -> Result<(), AmfError> {
        let Some(top) = self.stack.last_mut() else {
            if text.trim().is_empty() {
                return Ok(());
            }
            return Err(self.error(line, "document", "text outside the root element"));
        };
        if top.text.len() + text.len() > self.limits.max_text_bytes {
            let name = top.local_name.clone();
            return Err(self.error(
                line,
                &name,
                format!("text longer than {} bytes", self.limits.max_text_bytes),
            ));
        }
        top.text.push_str(text);
        Ok(())
    }

    fn open(
        &mut self,
        reader: &NsReader<&[u8]>,
        start: &BytesStart,
        line: u32,
    ) -> Result<(), AmfError> {
        let raw_name = start.name().into_inner().to_string();
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.error(
                line,
                &raw_name,
                format!(
                    "elements nested deeper than {} levels",
                    self.limits.max_depth
                ),
            ));
        }
        self.element_count += 1;
        if self.element_count > self.limits.max_elements {
            return Err(self.error(
                line,
                &raw_name,
                format!("more than {} elements", self.limits.max_elements),
            ));
        }
        if self.root.is_some() && self.stack.is_empty() {
            return Err(self.error(line, &raw_name, "a second root element"));
        }
        // Attribute values are held to the text cap too: the whole tag is, before its
        // attributes are scanned (a tag of megabytes is hostile).
        if start.len() > self.limits.max_text_bytes {
            return Err(self.tag_too_long(line, &raw_name));
        }
        let (resolved, local) = reader.resolver().resolve_element(start.name());
        let namespace = self.namespace_of(resolved, line, &raw_name)?;
        let local_name = local.into_inner().to_string();
        // A name is a prefix and a local name: a second colon makes a name no namespace can
        // hold (and that the writer could not write back).
        if local_name.contains(':') {
            return Err(self.error(line, &raw_name, not_a_qualified_name(&raw_name)));
        }

        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute
                .map_err(|e| self.error(line, &local_name, format!("bad attribute: {e}")))?;
            let key = attribute.key;
            if key.into_inner() == "xmlns" || key.into_inner().starts_with("xmlns:") {
                continue;
            }
            if attributes.len() >= self.limits.max_attributes {
                return Err(self.error(
                    line,
                    &local_name,
                    format!("more than {} attributes", self.limits.max_attributes),
                ));
            }
            let (resolved, attr_local) = reader.resolver().resolve_attribute(key);
            if attr_local.into_inner().contains(':') {
                return Err(self.error(line, &local_name, not_a_qualified_name(key.into_inner())));
            }
            let attr_namespace = self.namespace_of(resolved, line, &local_name)?;
            let value = attribute
                .normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_predefined_entity)
                .map_err(|e| self.error(line, &local_name, format!("bad attribute value: {e}")))?
                .into_owned();
            attributes.push(Attribute {
                namespace: attr_namespace,
                local_name: attr_local.into_inner().to_string(),
                value,
            });
        }
        self.stack.push(Element {
            namespace,
            local_name,
            attributes,
            children: Vec::new(),
            text: String::new(),
            line,
        });
        Ok(())
    }

    fn namespace_of(
        &self,
        resolved: ResolveResult,
        line: u32,
        element: &str,
    ) -> Result<Option<String>, AmfError> {
        match resolved {
            ResolveResult::Bound(ns) => Ok(Some(ns.into_inner().to_string())),
            ResolveResult::Unbound => Ok(None),
            ResolveResult::Unknown(prefix) => Err(self.error(
                line,
                element,
                format!("namespace prefix '{prefix}' is not declared"),
            )),
        }
    }

    fn close(&mut self) {
        if let Some(done) = self.stack.pop() {
            match self.stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => self.root = Some(done),
            }
        }
    }
}

/// The message for a name with more than one colon (Namespaces in XML, QName).
fn not_a_qualified_name(name: &str) -> String {
    format!("'{name}' has more than one colon: not a prefix and a local name")
}

/// Parses `text` (the content of `path`, used in messages) into an element tree.
pub fn parse_tree(text: &str, path: &Path, limits: Limits) -> Result<Element, AmfError> {
    if text.len() as u64 > limits.max_file_bytes {
        return Err(AmfError::TooLarge {
            path: path.to_path_buf(),
            size: text.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let mut reader = NsReader::from_reader(text.as_bytes());
    // Keep whitespace events so that the position before a start tag is the '<' itself.
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = true;
    let mut builder = TreeBuilder {
        path,
        limits,
        lines: LineIndex::new(text),
        stack: Vec::new(),
        element_count: 0,
        root: None,
    };
    let mut buf = Vec::new();
    loop {
        let position = reader.buffer_position();
        let line = builder.lines.line_of(position);
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                let line = builder.lines.line_of(reader.error_position());
                return Err(builder.error(
                    line,
                    &builder.current_name(),
                    format!("malformed XML: {e}"),
                ));
            }
        };
        match event {
            Event::Start(start) => builder.open(&reader, &start, line)?,
            Event::Empty(start) => {
                builder.open(&reader, &start, line)?;
                builder.close();
            }
            Event::End(_) => builder.close(),
            Event::Text(t) => builder.push_text(&t.xml10_content(), line)?,
            Event::CData(c) => {
                let content = c.into_inner().into_owned();
                builder.push_text(&content, line)?
            }
            Event::GeneralRef(r) => {
                let name = r.to_string();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&name) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(builder.error(
                                line,
                                &builder.current_name(),
                                format!("entity '&{name};' is not allowed (only the XML predefined ones are)"),
                            ))
                        }
                    },
                    Err(e) => {
                        return Err(builder.error(
                            line,
                            &builder.current_name(),
                            format!("bad character reference '&{name};': {e}"),
                        ))
                    }
                };
                builder.push_text(&resolved, line)?
            }
            // DaVinci Resolve writes a bare `<!DOCTYPE aces:acesMetadataFile>`: harmless. A DTD
            // with declarations is refused: entities are never expanded.
            Event::DocType(doctype) if doctype.xml10_content().contains('[') => {
                return Err(builder.error(
                    line,
                    "document",
                    "a DOCTYPE with declarations is not allowed in an AMF (DTDs and their entities are never expanded)",
                ))
            }
            Event::DocType(_) => {}
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
        buf.clear();
    }
    if !builder.stack.is_empty() {
        let line = builder.lines.line_of(reader.buffer_position());
        return Err(builder.error(
            line,
            &builder.current_name(),
            "the file ends before this element is closed",
        ));
    }
    match builder.root.take() {
        Some(root) => Ok(root),
        None => Err(builder.error(1, "document", "no root element (empty file?)")),
    }
}
