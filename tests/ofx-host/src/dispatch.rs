//! Calling the plugin's `mainEntry`, with argument property sets built for each action.

use std::ffi::{c_char, c_void};
use std::ptr;
use std::sync::Arc;

use ofx_bindings::raw;

use crate::host::{self, HostShared};
use crate::names::{cstr, name};
use crate::property::{PropertySet, Values};
use crate::registry::Registered;
use crate::schema;
use crate::status::Status;

pub(crate) type MainEntryFn = unsafe extern "C" fn(
    *const c_char,
    *const c_void,
    raw::OfxPropertySetHandle,
    raw::OfxPropertySetHandle,
) -> raw::OfxStatus;

/// The plugin's `mainEntry` bound to the host it runs under.
pub(crate) struct Dispatcher {
    entry: MainEntryFn,
    shared: Arc<HostShared>,
}

impl Dispatcher {
    pub(crate) fn new(entry: MainEntryFn, shared: &Arc<HostShared>) -> Dispatcher {
        Dispatcher {
            entry,
            shared: Arc::clone(shared),
        }
    }

    /// Calls `mainEntry(action, handle, inArgs, outArgs)`.
    pub(crate) fn call(
        &self,
        action: &'static [u8],
        handle: *const c_void,
        in_args: Option<&ActionArgs>,
        out_args: Option<&ActionArgs>,
    ) -> Status {
        let _caller = host::enter(&self.shared);
        let handle_of = |args: Option<&ActionArgs>| args.map_or(ptr::null_mut(), |a| a.0.handle());
        // SAFETY: the entry point comes from the plugin binary, which stays mapped for the
        // life of the process; every handle passed is live for the duration of the call.
        let status = unsafe {
            (self.entry)(
                cstr(action).as_ptr(),
                handle,
                handle_of(in_args),
                handle_of(out_args),
            )
        };
        Status(status)
    }

    pub(crate) fn args(&self) -> ActionArgs {
        ActionArgs(Registered::new(schema::action_arguments(&self.shared)))
    }
}

/// An `inArgs` / `outArgs` property set, built fluently.
pub(crate) struct ActionArgs(Registered<PropertySet>);

impl ActionArgs {
    pub(crate) fn string(self, property: &'static [u8], value: &str) -> Self {
        self.named_string(name(property), value)
    }

    pub(crate) fn named_string(self, property: &str, value: &str) -> Self {
        self.0.define_fixed(property, Values::string(value));
        self
    }

    pub(crate) fn named_strings(self, property: &str, values: &[&str]) -> Self {
        self.0.define_fixed(property, Values::strings(values));
        self
    }

    pub(crate) fn int(self, property: &'static [u8], value: i32) -> Self {
        self.0.define_fixed(name(property), Values::int(value));
        self
    }

    pub(crate) fn ints(self, property: &'static [u8], values: Vec<i32>) -> Self {
        self.0.define_fixed(name(property), Values::Int(values));
        self
    }

    pub(crate) fn double(self, property: &'static [u8], value: f64) -> Self {
        self.named_double(name(property), value)
    }

    pub(crate) fn named_double(self, property: &str, value: f64) -> Self {
        self.0.define_fixed(property, Values::double(value));
        self
    }

    pub(crate) fn doubles(self, property: &'static [u8], values: Vec<f64>) -> Self {
        self.named_doubles(name(property), values)
    }

    pub(crate) fn named_doubles(self, property: &str, values: Vec<f64>) -> Self {
        self.0.define_fixed(property, Values::Double(values));
        self
    }

    pub(crate) fn props(&self) -> &PropertySet {
        &self.0
    }
}
