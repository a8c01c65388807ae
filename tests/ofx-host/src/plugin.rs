//! One loaded plugin: describing it, describing it in a context, and creating instances.

use std::collections::HashMap;
use std::ffi::c_void;
use std::ptr;
use std::sync::Mutex;

use ofx_bindings::raw;

use crate::bundle::{Bundle, EntryPoints, PluginInfo};
use crate::context::Context;
use crate::dispatch::Dispatcher;
use crate::effect::Effect;
use crate::error::HostError;
use crate::instance::Instance;
use crate::message::Message;
use crate::names::name;
use crate::param::ParamType;
use crate::param::ParamValue;
use crate::property::Properties;
use crate::registry::Registered;
use crate::status::Status;
use crate::sync::lock;

/// A clip as the plugin described it in a context.
#[derive(Clone, Debug)]
pub struct ClipDescription {
    pub name: String,
    pub properties: Properties,
}

/// A parameter as the plugin described it in a context.
#[derive(Clone, Debug)]
pub struct ParamDescription {
    pub name: String,
    pub param_type: ParamType,
    pub properties: Properties,
    /// The value an instance starts with (from `kOfxParamPropDefault`).
    pub default: Option<ParamValue>,
}

/// What `kOfxImageEffectActionDescribeInContext` defined.
#[derive(Clone, Debug)]
pub struct ContextDescription {
    pub context: Context,
    pub properties: Properties,
    pub clips: Vec<ClipDescription>,
    pub params: Vec<ParamDescription>,
}

impl ContextDescription {
    pub fn clip(&self, name: &str) -> Option<&ClipDescription> {
        self.clips.iter().find(|c| c.name == name)
    }

    pub fn param(&self, name: &str) -> Option<&ParamDescription> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// How many render calls the plugin accepts at once (`kOfxImageEffectPluginRenderThreadSafety`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RenderSafety {
    /// One render at a time across all instances.
    Unsafe,
    /// One render at a time per instance.
    InstanceSafe,
    FullySafe,
}

/// A plugin that has received `setHost` and `kOfxActionLoad`; `kOfxActionUnload` is sent by
/// [`Plugin::unload`] or on drop.
pub struct Plugin<'b> {
    bundle: &'b Bundle,
    info: PluginInfo,
    dispatch: Dispatcher,
    load_status: Status,
    descriptor: Registered<Effect>,
    described: Mutex<bool>,
    contexts: Mutex<HashMap<Context, Registered<Effect>>>,
    /// Serialises renders of a plugin that is not thread-safe.
    render_lock: Mutex<()>,
    unloaded: bool,
}

impl<'b> Plugin<'b> {
    pub(crate) fn load(
        bundle: &'b Bundle,
        info: PluginInfo,
        entry: EntryPoints,
    ) -> Result<Plugin<'b>, HostError> {
        let shared = bundle.shared();
        let dispatch = Dispatcher::new(entry.main_entry, shared);
        let load_status = dispatch.call(raw::kOfxActionLoad, ptr::null(), None, None);
        if !load_status.is_success() {
            // The plugin refused to load: no further actions, not even unload.
            return Err(HostError::Action {
                action: name(raw::kOfxActionLoad),
                status: load_status,
                messages: shared.unattributed_messages.all(),
            });
        }
        let bundle_path = bundle.path().to_string_lossy();
        Ok(Plugin {
            bundle,
            info,
            dispatch,
            load_status,
            descriptor: Registered::new(Effect::plugin_descriptor(shared, &bundle_path)),
            described: Mutex::new(false),
            contexts: Mutex::new(HashMap::new()),
            render_lock: Mutex::new(()),
            unloaded: false,
        })
    }

    pub fn info(&self) -> &PluginInfo {
        &self.info
    }

    /// What `kOfxActionLoad` returned (`kOfxStatOK` or `kOfxStatReplyDefault`).
    pub fn load_status(&self) -> Status {
        self.load_status
    }

    /// The bundle the plugin came from.
    pub fn bundle(&self) -> &'b Bundle {
        self.bundle
    }

    /// Sends `kOfxActionDescribe` (once) and returns the descriptor's properties.
    pub fn describe(&self) -> Result<Properties, HostError> {
        let mut described = lock(&self.described);
        if !*described {
            let start = self.descriptor.messages.len();
            let status = self.dispatch.call(
                raw::kOfxActionDescribe,
                self.descriptor.handle::<c_void>(),
                None,
                None,
            );
            // Describe must be trapped: kOfxStatReplyDefault is not an answer.
            if !status.is_ok() {
                return Err(HostError::Action {
                    action: name(raw::kOfxActionDescribe),
                    status,
                    messages: self.descriptor.messages.since(start),
                });
            }
            *described = true;
        }
        Ok(self.descriptor.props.snapshot())
    }

    /// The contexts the plugin described (after [`Plugin::describe`]).
    pub fn supported_contexts(&self) -> Result<Vec<Context>, HostError> {
        let properties = self.describe()?;
        Ok(properties
            .strings(raw::kOfxImageEffectPropSupportedContexts)
            .unwrap_or_default()
            .into_iter()
            .filter_map(Context::from_ofx)
            .collect())
    }

    /// Sends `kOfxImageEffectActionDescribeInContext` on a fresh context descriptor.
    pub fn describe_in_context(&self, context: Context) -> Result<ContextDescription, HostError> {
        if !self.supported_contexts()?.contains(&context) {
            return Err(HostError::UnsupportedContext(context));
        }
        let descriptor = Registered::new(Effect::context_descriptor(&self.descriptor));
        let in_args = self
            .dispatch
            .args()
            .string(raw::kOfxImageEffectPropContext, context.ofx_name());
        let status = self.dispatch.call(
            raw::kOfxImageEffectActionDescribeInContext,
            descriptor.handle::<c_void>(),
            Some(&in_args),
            None,
        );
        if !status.is_ok() {
            return Err(HostError::Action {
                action: name(raw::kOfxImageEffectActionDescribeInContext),
                status,
                messages: descriptor.messages.all(),
            });
        }
        let description = describe_effect(&descriptor, context);
        lock(&self.contexts).insert(context, descriptor);
        Ok(description)
    }

    /// Creates an instance in `context` (describing the context first if needed) and sends
    /// `kOfxActionCreateInstance`.
    pub fn create_instance(&self, context: Context) -> Result<Instance<'_>, HostError> {
        if !lock(&self.contexts).contains_key(&context) {
            self.describe_in_context(context)?;
        }
        let contexts = lock(&self.contexts);
        let descriptor = contexts.get(&context).expect("described above");
        Instance::create(self, descriptor, context)
    }

    /// Messages posted on the plugin descriptor.
    pub fn messages(&self) -> Vec<Message> {
        self.descriptor.messages.all()
    }

    /// Sends `kOfxActionUnload`. Every instance must be gone, which the borrow checker ensures.
    pub fn unload(mut self) -> Result<Status, HostError> {
        self.send_unload()
    }

    fn send_unload(&mut self) -> Result<Status, HostError> {
        self.unloaded = true;
        let status = self
            .dispatch
            .call(raw::kOfxActionUnload, ptr::null(), None, None);
        if status.is_success() {
            Ok(status)
        } else {
            Err(HostError::Action {
                action: name(raw::kOfxActionUnload),
                status,
                messages: Vec::new(),
            })
        }
    }

    pub(crate) fn dispatch(&self) -> &Dispatcher {
        &self.dispatch
    }

    pub(crate) fn render_safety(&self) -> RenderSafety {
        let safety = self
            .descriptor
            .props
            .string(name(raw::kOfxImageEffectPluginRenderThreadSafety))
            .unwrap_or_default();
        if safety == name(raw::kOfxImageEffectRenderFullySafe) {
            RenderSafety::FullySafe
        } else if safety == name(raw::kOfxImageEffectRenderUnsafe) {
            RenderSafety::Unsafe
        } else {
            RenderSafety::InstanceSafe
        }
    }

    pub(crate) fn render_lock(&self) -> &Mutex<()> {
        &self.render_lock
    }
}

impl Drop for Plugin<'_> {
    fn drop(&mut self) {
        if !self.unloaded {
            let _ = self.send_unload();
        }
    }
}

/// The public description of a descriptor's clips and parameters.
fn describe_effect(descriptor: &Effect, context: Context) -> ContextDescription {
    ContextDescription {
        context,
        properties: descriptor.props.snapshot(),
        clips: descriptor
            .clips()
            .iter()
            .map(|clip| ClipDescription {
                name: clip.name.clone(),
                properties: clip.props.snapshot(),
            })
            .collect(),
        params: descriptor
            .params
            .all()
            .iter()
            .map(|param| {
                let properties = param.props.snapshot();
                let default = crate::param::default_value(param);
                ParamDescription {
                    name: param.name.clone(),
                    param_type: param.param_type,
                    properties,
                    default,
                }
            })
            .collect(),
    }
}
