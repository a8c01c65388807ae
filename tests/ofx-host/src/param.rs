//! Parameters: descriptors the plugin defines, and instances holding values.
//!
//! Values do not animate in this host: a value set at any time is the value at every time.

use std::ffi::CString;
use std::sync::{Arc, Mutex};

use ofx_bindings::raw;

use crate::host::HostShared;
use crate::names::name;
use crate::property::{to_cstring, PropertySet, SetKind, Values};
use crate::registry::Registered;
use crate::schema;
use crate::status::Status;
use crate::sync::lock;

/// The OFX parameter types this host knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamType {
    Integer,
    Double,
    Boolean,
    Choice,
    Rgba,
    Rgb,
    Double2D,
    Integer2D,
    Double3D,
    Integer3D,
    String,
    Custom,
    Group,
    Page,
    PushButton,
}

/// How a value travels through the parameter suite's varargs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    Double,
    Int,
    String,
}

impl ParamType {
    const ALL: [ParamType; 15] = [
        ParamType::Integer,
        ParamType::Double,
        ParamType::Boolean,
        ParamType::Choice,
        ParamType::Rgba,
        ParamType::Rgb,
        ParamType::Double2D,
        ParamType::Integer2D,
        ParamType::Double3D,
        ParamType::Integer3D,
        ParamType::String,
        ParamType::Custom,
        ParamType::Group,
        ParamType::Page,
        ParamType::PushButton,
    ];

    /// The `kOfxParamType*` name.
    pub fn ofx_name(self) -> &'static str {
        name(match self {
            ParamType::Integer => raw::kOfxParamTypeInteger,
            ParamType::Double => raw::kOfxParamTypeDouble,
            ParamType::Boolean => raw::kOfxParamTypeBoolean,
            ParamType::Choice => raw::kOfxParamTypeChoice,
            ParamType::Rgba => raw::kOfxParamTypeRGBA,
            ParamType::Rgb => raw::kOfxParamTypeRGB,
            ParamType::Double2D => raw::kOfxParamTypeDouble2D,
            ParamType::Integer2D => raw::kOfxParamTypeInteger2D,
            ParamType::Double3D => raw::kOfxParamTypeDouble3D,
            ParamType::Integer3D => raw::kOfxParamTypeInteger3D,
            ParamType::String => raw::kOfxParamTypeString,
            ParamType::Custom => raw::kOfxParamTypeCustom,
            ParamType::Group => raw::kOfxParamTypeGroup,
            ParamType::Page => raw::kOfxParamTypePage,
            ParamType::PushButton => raw::kOfxParamTypePushButton,
        })
    }

    pub fn from_ofx(text: &str) -> Option<ParamType> {
        ParamType::ALL.into_iter().find(|t| t.ofx_name() == text)
    }

    /// The kind and number of values, or `None` for types without a value (group, page,
    /// push button).
    pub(crate) fn shape(self) -> Option<(ValueKind, usize)> {
        use ParamType::*;
        Some(match self {
            Double => (ValueKind::Double, 1),
            Double2D => (ValueKind::Double, 2),
            Rgb | Double3D => (ValueKind::Double, 3),
            Rgba => (ValueKind::Double, 4),
            Integer | Boolean | Choice => (ValueKind::Int, 1),
            Integer2D => (ValueKind::Int, 2),
            Integer3D => (ValueKind::Int, 3),
            String | Custom => (ValueKind::String, 1),
            Group | Page | PushButton => return None,
        })
    }

    /// The value as stored for this type, or `None` if it does not fit the type.
    pub(crate) fn encode(self, value: &ParamValue) -> Option<Stored> {
        use ParamType as T;
        use ParamValue as V;
        Some(match (self, value) {
            (T::Double, V::Double(v)) => Stored::Doubles(vec![*v]),
            (T::Double2D, V::Double2(v)) => Stored::Doubles(v.to_vec()),
            (T::Rgb | T::Double3D, V::Double3(v)) => Stored::Doubles(v.to_vec()),
            (T::Rgba, V::Double4(v)) => Stored::Doubles(v.to_vec()),
            (T::Integer | T::Choice | T::Boolean, V::Int(v)) => Stored::Ints(vec![*v]),
            (T::Boolean, V::Bool(v)) => Stored::Ints(vec![i32::from(*v)]),
            (T::Integer2D, V::Int2(v)) => Stored::Ints(v.to_vec()),
            (T::Integer3D, V::Int3(v)) => Stored::Ints(v.to_vec()),
            (T::String | T::Custom, V::String(v)) => Stored::Text(to_cstring(v)),
            _ => return None,
        })
    }

    /// The stored value in its public form.
    pub(crate) fn decode(self, stored: &Stored) -> Option<ParamValue> {
        use ParamType as T;
        Some(match (self, stored) {
            (T::Double, Stored::Doubles(v)) => ParamValue::Double(*v.first()?),
            (T::Double2D, Stored::Doubles(v)) => ParamValue::Double2(v.as_slice().try_into().ok()?),
            (T::Rgb | T::Double3D, Stored::Doubles(v)) => {
                ParamValue::Double3(v.as_slice().try_into().ok()?)
            }
            (T::Rgba, Stored::Doubles(v)) => ParamValue::Double4(v.as_slice().try_into().ok()?),
            (T::Boolean, Stored::Ints(v)) => ParamValue::Bool(*v.first()? != 0),
            (T::Integer | T::Choice, Stored::Ints(v)) => ParamValue::Int(*v.first()?),
            (T::Integer2D, Stored::Ints(v)) => ParamValue::Int2(v.as_slice().try_into().ok()?),
            (T::Integer3D, Stored::Ints(v)) => ParamValue::Int3(v.as_slice().try_into().ok()?),
            (T::String | T::Custom, Stored::Text(v)) => {
                ParamValue::String(v.to_string_lossy().into_owned())
            }
            _ => return None,
        })
    }
}

/// A parameter value as the host sets and reads it.
///
/// Choice and integer parameters take `Int`; RGB and Double3D take `Double3`; RGBA `Double4`;
/// Boolean takes `Bool` (or `Int`); String and Custom take `String`.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    Int(i32),
    Bool(bool),
    Double(f64),
    Double2([f64; 2]),
    Double3([f64; 3]),
    Double4([f64; 4]),
    Int2([i32; 2]),
    Int3([i32; 3]),
    String(String),
}

impl From<i32> for ParamValue {
    fn from(value: i32) -> Self {
        ParamValue::Int(value)
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<f64> for ParamValue {
    fn from(value: f64) -> Self {
        ParamValue::Double(value)
    }
}

impl From<[f64; 2]> for ParamValue {
    fn from(value: [f64; 2]) -> Self {
        ParamValue::Double2(value)
    }
}

impl From<[f64; 3]> for ParamValue {
    fn from(value: [f64; 3]) -> Self {
        ParamValue::Double3(value)
    }
}

impl From<[f64; 4]> for ParamValue {
    fn from(value: [f64; 4]) -> Self {
        ParamValue::Double4(value)
    }
}

impl From<[i32; 2]> for ParamValue {
    fn from(value: [i32; 2]) -> Self {
        ParamValue::Int2(value)
    }
}

impl From<[i32; 3]> for ParamValue {
    fn from(value: [i32; 3]) -> Self {
        ParamValue::Int3(value)
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::String(value.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::String(value)
    }
}

/// A value in the form the parameter suite reads and writes it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stored {
    Doubles(Vec<f64>),
    Ints(Vec<i32>),
    /// A `CString`, so that `paramGetValue` can hand out a pointer that stays valid.
    Text(CString),
}

impl Stored {
    /// The default value recorded in a descriptor's `kOfxParamPropDefault`.
    fn default_from(props: &PropertySet) -> Option<Stored> {
        Some(match props.values(name(raw::kOfxParamPropDefault))? {
            Values::Double(v) => Stored::Doubles(v),
            Values::Int(v) => Stored::Ints(v),
            Values::Str(v) => Stored::Text(v.into_iter().next().unwrap_or_default()),
            Values::Pointer(_) => return None,
        })
    }
}

/// One parameter: a descriptor (no value) or an instance (a value).
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) param_type: ParamType,
    pub(crate) props: Registered<PropertySet>,
    value: Mutex<Option<Stored>>,
}

impl Param {
    /// The current value; `None` for descriptors and types without a value.
    pub(crate) fn stored(&self) -> Option<Stored> {
        lock(&self.value).clone()
    }

    /// Runs `f` on the current value while it cannot change.
    pub(crate) fn with_stored<R>(&self, f: impl FnOnce(Option<&Stored>) -> R) -> R {
        f(lock(&self.value).as_ref())
    }

    /// Replaces the value of an instance; fails on descriptors and valueless types.
    pub(crate) fn store(&self, value: Stored) -> Result<(), Status> {
        let mut current = lock(&self.value);
        match current.as_mut() {
            Some(slot) => {
                *slot = value;
                Ok(())
            }
            None => Err(Status::ERR_BAD_HANDLE),
        }
    }

    pub(crate) fn value(&self) -> Option<ParamValue> {
        self.param_type.decode(self.stored().as_ref()?)
    }

    pub(crate) fn is_instance(&self) -> bool {
        self.props.kind() == SetKind::ParamInstance
    }
}

/// The parameters of an effect descriptor or instance.
pub(crate) struct ParamSet {
    pub(crate) props: Registered<PropertySet>,
    params: Mutex<Vec<Registered<Param>>>,
    is_descriptor: bool,
    shared: Arc<HostShared>,
}

impl ParamSet {
    pub(crate) fn descriptor(shared: &Arc<HostShared>) -> ParamSet {
        ParamSet {
            props: Registered::new(schema::param_set(shared)),
            params: Mutex::new(Vec::new()),
            is_descriptor: true,
            shared: Arc::clone(shared),
        }
    }

    /// Instances of every parameter in `descriptors`, each holding its default value.
    pub(crate) fn instantiate(descriptors: &ParamSet) -> ParamSet {
        let params = lock(&descriptors.params)
            .iter()
            .map(|descriptor| {
                let props = descriptor.props.duplicate(SetKind::ParamInstance);
                let value = descriptor
                    .param_type
                    .shape()
                    .and_then(|_| Stored::default_from(&props));
                Registered::new(Param {
                    name: descriptor.name.clone(),
                    param_type: descriptor.param_type,
                    props: Registered::new(props),
                    value: Mutex::new(value),
                })
            })
            .collect();
        ParamSet {
            props: Registered::new(descriptors.props.duplicate(SetKind::ParamSet)),
            params: Mutex::new(params),
            is_descriptor: false,
            shared: Arc::clone(&descriptors.shared),
        }
    }

    /// `paramDefine`: a new descriptor with the spec's default properties.
    pub(crate) fn define(
        &self,
        param_type: ParamType,
        param_name: &str,
    ) -> Result<Arc<Param>, Status> {
        if !self.is_descriptor {
            return Err(Status::ERR_UNSUPPORTED);
        }
        let mut params = lock(&self.params);
        if params.iter().any(|p| p.name == param_name) {
            return Err(Status::ERR_EXISTS);
        }
        let param = Registered::new(Param {
            name: param_name.to_owned(),
            param_type,
            props: Registered::new(schema::param_descriptor(
                &self.shared,
                param_type,
                param_name,
            )),
            value: Mutex::new(None),
        });
        let arc = Arc::clone(param.arc());
        params.push(param);
        Ok(arc)
    }

    pub(crate) fn get(&self, param_name: &str) -> Option<Arc<Param>> {
        lock(&self.params)
            .iter()
            .find(|p| p.name == param_name)
            .map(|p| Arc::clone(p.arc()))
    }

    /// All parameters in definition order.
    pub(crate) fn all(&self) -> Vec<Arc<Param>> {
        lock(&self.params)
            .iter()
            .map(|p| Arc::clone(p.arc()))
            .collect()
    }

    /// The handle of a parameter, for handing to the plugin.
    pub(crate) fn handle_of(param: &Arc<Param>) -> *mut raw::OfxParamStruct {
        Arc::as_ptr(param) as *mut raw::OfxParamStruct
    }
}

/// The default value a descriptor declares, in public form.
pub(crate) fn default_value(param: &Param) -> Option<ParamValue> {
    param.param_type.shape()?;
    param
        .param_type
        .decode(&Stored::default_from(&param.props)?)
}
