//! The typed property store behind every `OfxPropertySetHandle`.
//!
//! OFX properties are typed (string, int, double, pointer) and multi-dimensional. Each property
//! a set knows is declared up front with its type, default and dimension, as the OFX spec lists
//! them per object, so that the store can answer like a strict host: an unknown name is
//! `kOfxStatErrUnknown`, an index past the dimension `kOfxStatErrBadIndex`, the wrong type
//! `kOfxStatErrValue`.

use std::collections::{BTreeMap, HashMap};
use std::ffi::CString;
use std::fmt;
use std::sync::{Arc, Mutex};

use crate::host::HostShared;
use crate::names::OfxName;
use crate::status::Status;
use crate::sync::lock;

/// The values of one property, as read back by the host side.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyValues {
    Strings(Vec<String>),
    Ints(Vec<i32>),
    Doubles(Vec<f64>),
    Pointers(Vec<usize>),
}

/// A snapshot of a property set, for reading what the plugin described or set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Properties(BTreeMap<String, PropertyValues>);

impl Properties {
    /// All values of a property, whatever their type.
    pub fn get(&self, name: &(impl OfxName + ?Sized)) -> Option<&PropertyValues> {
        self.0.get(name.ofx_name())
    }

    /// The property names in the set.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The first value of a string property.
    pub fn string(&self, name: &(impl OfxName + ?Sized)) -> Option<&str> {
        self.strings(name)
            .and_then(|values| values.first().copied())
    }

    /// All values of a string property.
    pub fn strings(&self, name: &(impl OfxName + ?Sized)) -> Option<Vec<&str>> {
        match self.get(name)? {
            PropertyValues::Strings(values) => Some(values.iter().map(String::as_str).collect()),
            _ => None,
        }
    }

    /// The first value of an int property.
    pub fn int(&self, name: &(impl OfxName + ?Sized)) -> Option<i32> {
        self.ints(name).and_then(|values| values.first().copied())
    }

    /// All values of an int property.
    pub fn ints(&self, name: &(impl OfxName + ?Sized)) -> Option<&[i32]> {
        match self.get(name)? {
            PropertyValues::Ints(values) => Some(values),
            _ => None,
        }
    }

    /// The first value of a double property.
    pub fn double(&self, name: &(impl OfxName + ?Sized)) -> Option<f64> {
        self.doubles(name)
            .and_then(|values| values.first().copied())
    }

    /// All values of a double property.
    pub fn doubles(&self, name: &(impl OfxName + ?Sized)) -> Option<&[f64]> {
        match self.get(name)? {
            PropertyValues::Doubles(values) => Some(values),
            _ => None,
        }
    }
}

/// What kind of OFX object a property set belongs to (for diagnostics and handle checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SetKind {
    Host,
    EffectDescriptor,
    EffectInstance,
    ClipDescriptor,
    ClipInstance,
    ParamDescriptor,
    ParamInstance,
    ParamSet,
    Image,
    ActionArguments,
}

impl fmt::Display for SetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            SetKind::Host => "host",
            SetKind::EffectDescriptor => "effect descriptor",
            SetKind::EffectInstance => "effect instance",
            SetKind::ClipDescriptor => "clip descriptor",
            SetKind::ClipInstance => "clip instance",
            SetKind::ParamDescriptor => "parameter descriptor",
            SetKind::ParamInstance => "parameter instance",
            SetKind::ParamSet => "parameter set",
            SetKind::Image => "image",
            SetKind::ActionArguments => "action arguments",
        };
        f.write_str(text)
    }
}

/// The stored values of a property. Strings are kept as `CString`s so that the pointer handed
/// to the plugin stays valid until the value is changed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Values {
    Str(Vec<CString>),
    Int(Vec<i32>),
    Double(Vec<f64>),
    Pointer(Vec<usize>),
}

impl Values {
    pub(crate) fn string(value: &str) -> Values {
        Values::strings(&[value])
    }

    pub(crate) fn strings(values: &[&str]) -> Values {
        Values::Str(values.iter().map(|v| to_cstring(v)).collect())
    }

    pub(crate) fn int(value: i32) -> Values {
        Values::Int(vec![value])
    }

    pub(crate) fn double(value: f64) -> Values {
        Values::Double(vec![value])
    }

    pub(crate) fn pointer(value: usize) -> Values {
        Values::Pointer(vec![value])
    }

    fn len(&self) -> usize {
        match self {
            Values::Str(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Double(v) => v.len(),
            Values::Pointer(v) => v.len(),
        }
    }

    fn to_public(&self) -> PropertyValues {
        match self {
            Values::Str(v) => PropertyValues::Strings(
                v.iter().map(|s| s.to_string_lossy().into_owned()).collect(),
            ),
            Values::Int(v) => PropertyValues::Ints(v.clone()),
            Values::Double(v) => PropertyValues::Doubles(v.clone()),
            Values::Pointer(v) => PropertyValues::Pointers(v.clone()),
        }
    }
}

/// A Rust string as a `CString`, dropping anything after an interior NUL.
pub(crate) fn to_cstring(text: &str) -> CString {
    let end = text.find('\0').unwrap_or(text.len());
    CString::new(&text[..end]).expect("interior NULs were cut off")
}

/// One of the four OFX property value types.
pub(crate) trait Scalar: Clone + Default {
    fn slice(values: &Values) -> Option<&Vec<Self>>;
    fn slice_mut(values: &mut Values) -> Option<&mut Vec<Self>>;
}

macro_rules! scalar {
    ($type:ty, $variant:ident) => {
        impl Scalar for $type {
            fn slice(values: &Values) -> Option<&Vec<Self>> {
                match values {
                    Values::$variant(v) => Some(v),
                    _ => None,
                }
            }
            fn slice_mut(values: &mut Values) -> Option<&mut Vec<Self>> {
                match values {
                    Values::$variant(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}

scalar!(CString, Str);
scalar!(i32, Int);
scalar!(f64, Double);
scalar!(usize, Pointer);

/// Whether a property has a fixed number of values or as many as are set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dimension {
    Fixed(usize),
    Variable,
}

/// Why a property access failed; maps one to one onto an `OfxStatus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PropertyError {
    Unknown,
    BadIndex,
    WrongType,
}

impl PropertyError {
    pub(crate) fn status(self) -> Status {
        match self {
            PropertyError::Unknown => Status::ERR_UNKNOWN,
            PropertyError::BadIndex => Status::ERR_BAD_INDEX,
            PropertyError::WrongType => Status::ERR_VALUE,
        }
    }
}

impl fmt::Display for PropertyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            PropertyError::Unknown => "unknown property",
            PropertyError::BadIndex => "index out of range",
            PropertyError::WrongType => "wrong value type",
        };
        f.write_str(text)
    }
}

#[derive(Clone, Debug)]
struct Property {
    values: Values,
    defaults: Values,
    dimension: Dimension,
}

/// A thread-safe, typed OFX property set.
pub(crate) struct PropertySet {
    kind: SetKind,
    shared: Arc<HostShared>,
    properties: Mutex<HashMap<String, Property>>,
}

impl PropertySet {
    pub(crate) fn new(kind: SetKind, shared: &Arc<HostShared>) -> PropertySet {
        PropertySet {
            kind,
            shared: Arc::clone(shared),
            properties: Mutex::new(HashMap::new()),
        }
    }

    /// A new set of another kind holding a copy of this one's properties.
    pub(crate) fn duplicate(&self, kind: SetKind) -> PropertySet {
        PropertySet {
            kind,
            shared: Arc::clone(&self.shared),
            properties: Mutex::new(lock(&self.properties).clone()),
        }
    }

    pub(crate) fn kind(&self) -> SetKind {
        self.kind
    }

    pub(crate) fn shared(&self) -> &Arc<HostShared> {
        &self.shared
    }

    /// Declares (or redeclares) a property with a fixed dimension: the number of `values`.
    pub(crate) fn define_fixed(&self, name: &str, values: Values) -> &Self {
        let dimension = Dimension::Fixed(values.len());
        self.define(name, values, dimension)
    }

    /// Declares (or redeclares) a property whose dimension grows with what is set.
    pub(crate) fn define_variable(&self, name: &str, values: Values) -> &Self {
        self.define(name, values, Dimension::Variable)
    }

    fn define(&self, name: &str, values: Values, dimension: Dimension) -> &Self {
        let property = Property {
            defaults: values.clone(),
            values,
            dimension,
        };
        lock(&self.properties).insert(name.to_owned(), property);
        self
    }

    /// Runs `f` on the values of a property of type `T`.
    pub(crate) fn read<T: Scalar, R>(
        &self,
        name: &str,
        f: impl FnOnce(&[T]) -> R,
    ) -> Result<R, PropertyError> {
        let properties = lock(&self.properties);
        let property = properties.get(name).ok_or(PropertyError::Unknown)?;
        let values = T::slice(&property.values).ok_or(PropertyError::WrongType)?;
        Ok(f(values))
    }

    /// One value of a property of type `T`.
    pub(crate) fn get<T: Scalar>(&self, name: &str, index: usize) -> Result<T, PropertyError> {
        self.read(name, |values: &[T]| values.get(index).cloned())?
            .ok_or(PropertyError::BadIndex)
    }

    /// Sets one value; a variable-dimension property grows to hold `index`.
    pub(crate) fn set<T: Scalar>(
        &self,
        name: &str,
        index: usize,
        value: T,
    ) -> Result<(), PropertyError> {
        let mut properties = lock(&self.properties);
        let property = properties.get_mut(name).ok_or(PropertyError::Unknown)?;
        let dimension = property.dimension;
        let values = T::slice_mut(&mut property.values).ok_or(PropertyError::WrongType)?;
        if index >= values.len() {
            match dimension {
                Dimension::Fixed(_) => return Err(PropertyError::BadIndex),
                Dimension::Variable => values.resize(index + 1, T::default()),
            }
        }
        values[index] = value;
        Ok(())
    }

    /// Sets values `0..values.len()`; a variable-dimension property becomes exactly `values`.
    pub(crate) fn set_all<T: Scalar>(&self, name: &str, new: Vec<T>) -> Result<(), PropertyError> {
        let mut properties = lock(&self.properties);
        let property = properties.get_mut(name).ok_or(PropertyError::Unknown)?;
        let dimension = property.dimension;
        let values = T::slice_mut(&mut property.values).ok_or(PropertyError::WrongType)?;
        match dimension {
            Dimension::Variable => *values = new,
            Dimension::Fixed(size) if new.len() <= size => {
                values[..new.len()].clone_from_slice(&new);
            }
            Dimension::Fixed(_) => return Err(PropertyError::BadIndex),
        }
        Ok(())
    }

    /// How many values the property currently has.
    pub(crate) fn dimension(&self, name: &str) -> Result<usize, PropertyError> {
        let properties = lock(&self.properties);
        let property = properties.get(name).ok_or(PropertyError::Unknown)?;
        Ok(property.values.len())
    }

    /// Restores the property's default values.
    pub(crate) fn reset(&self, name: &str) -> Result<(), PropertyError> {
        let mut properties = lock(&self.properties);
        let property = properties.get_mut(name).ok_or(PropertyError::Unknown)?;
        property.values = property.defaults.clone();
        Ok(())
    }

    /// The stored values of one property (host side).
    pub(crate) fn values(&self, name: &str) -> Option<Values> {
        lock(&self.properties)
            .get(name)
            .map(|property| property.values.clone())
    }

    /// The first value of a string property as a Rust string (host side).
    pub(crate) fn string(&self, name: &str) -> Option<String> {
        let value: CString = self.get(name, 0).ok()?;
        Some(value.to_string_lossy().into_owned())
    }

    /// Sets a string property from a Rust string (host side).
    pub(crate) fn set_string(&self, name: &str, index: usize, value: &str) {
        self.set(name, index, to_cstring(value))
            .unwrap_or_else(|error| panic!("host bug: setting {name} on a {}: {error}", self.kind));
    }

    /// Sets all values of a host-declared property (host side).
    pub(crate) fn set_host<T: Scalar>(&self, name: &str, values: Vec<T>) {
        self.set_all(name, values)
            .unwrap_or_else(|error| panic!("host bug: setting {name} on a {}: {error}", self.kind));
    }

    /// A snapshot for the public API.
    pub(crate) fn snapshot(&self) -> Properties {
        let properties = lock(&self.properties);
        Properties(
            properties
                .iter()
                .map(|(name, property)| (name.clone(), property.values.to_public()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::HostFaults;

    fn set() -> PropertySet {
        let set = PropertySet::new(SetKind::Image, &HostShared::new(HostFaults::default()));
        set.define_fixed("bounds", Values::Int(vec![0, 0, 4, 4]));
        set.define_variable("contexts", Values::strings(&[]));
        set
    }

    #[test]
    fn unknown_names_wrong_types_and_bad_indices_are_errors() {
        let set = set();
        assert_eq!(set.get::<i32>("missing", 0), Err(PropertyError::Unknown));
        assert_eq!(set.get::<f64>("bounds", 0), Err(PropertyError::WrongType));
        assert_eq!(set.get::<i32>("bounds", 4), Err(PropertyError::BadIndex));
        assert_eq!(set.set("bounds", 4, 1), Err(PropertyError::BadIndex));
        assert_eq!(
            set.set_all("bounds", vec![1; 5]),
            Err(PropertyError::BadIndex)
        );
    }

    #[test]
    fn variable_dimensions_grow_and_reset_restores_defaults() {
        let set = set();
        set.set("contexts", 1, to_cstring("b")).unwrap();
        assert_eq!(set.dimension("contexts"), Ok(2));
        set.set_all("bounds", vec![7, 8]).unwrap();
        assert_eq!(set.values("bounds"), Some(Values::Int(vec![7, 8, 4, 4])));
        set.reset("bounds").unwrap();
        set.reset("contexts").unwrap();
        assert_eq!(set.values("bounds"), Some(Values::Int(vec![0, 0, 4, 4])));
        assert_eq!(set.dimension("contexts"), Ok(0));
    }
}
