//! Finding, loading and enumerating an OFX bundle.
//!
//! A bundle is a folder `NAME.ofx.bundle/Contents/<arch>/NAME.ofx`, where `<arch>` names the
//! platform (`Linux-x86-64`, `MacOS`, `Win64`, ...). The host opens the binary, asks
//! `OfxGetNumberOfPlugins` / `OfxGetPlugin` what it holds, and hands each plugin it loads the
//! `OfxHost` struct through `setHost`.
//!
//! Each `Bundle` opens a private copy of the binary. A plugin keeps process-wide state (the
//! host pointer, the suites it fetched in `kOfxActionLoad`), and the OFX spec calls
//! `kOfxActionLoad` only once per loaded binary; a private copy gives every `Bundle` a fresh
//! image, so each one sees the plugin as a newly started host process would, and bundles
//! with different [`HostFaults`] can coexist in one test process. The copy is deleted as soon
//! as it is mapped, and the mapping is never closed: like most hosts, this one does not
//! `dlclose` plugins, since a plugin's worker threads may still be parked in its code.

use std::collections::HashSet;
use std::ffi::{c_char, c_int, CStr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::{fs, process};

use libloading::Library;
use ofx_bindings::raw;

use crate::dispatch::MainEntryFn;
use crate::error::HostError;
use crate::faults::HostFaults;
use crate::host::HostShared;
use crate::message::Message;
use crate::plugin::Plugin;
use crate::property::PropertySet;
use crate::registry::Registered;
use crate::schema;
use crate::status::Status;
use crate::suites::{self, variadic};
use crate::sync::lock;

/// The `Contents/` sub-folder holding the binary for the platform this host runs on.
pub const ARCH_DIR: &str = if cfg!(target_os = "macos") {
    "MacOS"
} else if cfg!(all(windows, target_pointer_width = "64")) {
    "Win64"
} else if cfg!(windows) {
    "Win32"
} else if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
    "Linux-x86-64"
} else if cfg!(all(target_os = "linux", target_arch = "aarch64")) {
    "Linux-arm64"
} else {
    "Linux-x86"
};

/// What `OfxGetPlugin` says about one plugin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PluginInfo {
    /// Position in the bundle (`OfxGetPlugin(index)`).
    pub index: usize,
    /// `pluginApi`, e.g. `OfxImageEffectPluginAPI`.
    pub api: String,
    pub api_version: i32,
    pub identifier: String,
    pub version_major: u32,
    pub version_minor: u32,
}

/// The plugin's entry points, as read from its `OfxPlugin` struct.
#[derive(Clone, Copy)]
pub(crate) struct EntryPoints {
    pub(crate) set_host: unsafe extern "C" fn(*mut raw::OfxHost),
    pub(crate) main_entry: MainEntryFn,
}

/// The `OfxHost` struct given to `setHost`; it must stay put while the plugin is loaded.
struct HostStruct(Box<raw::OfxHost>);

// SAFETY: the struct is never written after construction; the property set its `host` field
// points to is thread-safe.
unsafe impl Send for HostStruct {}
unsafe impl Sync for HostStruct {}

/// A loaded OFX bundle.
pub struct Bundle {
    path: PathBuf,
    binary: PathBuf,
    plugins: Vec<(PluginInfo, EntryPoints)>,
    shared: Arc<HostShared>,
    // Kept alive for the handle in `host`.
    _host_properties: Registered<PropertySet>,
    host: HostStruct,
    ever_loaded: Mutex<HashSet<usize>>,
}

impl Bundle {
    /// Loads a bundle as a well-behaved host.
    pub fn load(path: impl AsRef<Path>) -> Result<Bundle, HostError> {
        Bundle::load_with_faults(path, HostFaults::default())
    }

    /// Loads a bundle, hosting it with the given faults.
    pub fn load_with_faults(
        path: impl AsRef<Path>,
        faults: HostFaults,
    ) -> Result<Bundle, HostError> {
        let path = path.as_ref().to_path_buf();
        if !path.is_dir() {
            return Err(HostError::BundleNotFound(path));
        }
        let binary = Bundle::binary_in(&path);
        if !binary.is_file() {
            return Err(HostError::BinaryNotFound {
                bundle: path,
                expected: binary,
            });
        }
        variadic::install();
        let library = open_private_copy(&binary)?;
        let shared = HostShared::new(faults);
        let host_properties = Registered::new(schema::host(&shared));
        let host = HostStruct(Box::new(raw::OfxHost {
            host: host_properties.handle(),
            fetchSuite: Some(suites::fetch_suite),
        }));
        let plugins = enumerate(&library, &binary, &host)?;
        // The binary stays mapped for the life of the process (see the module docs).
        std::mem::forget(library);
        Ok(Bundle {
            path,
            binary,
            plugins,
            shared,
            _host_properties: host_properties,
            host,
            ever_loaded: Mutex::new(HashSet::new()),
        })
    }

    /// Where a bundle keeps its binary for this platform.
    pub fn binary_in(bundle: &Path) -> PathBuf {
        let file_name = bundle
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let stem = file_name.strip_suffix(".bundle").unwrap_or(file_name);
        bundle.join("Contents").join(ARCH_DIR).join(stem)
    }

    /// The bundle folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The binary inside the bundle (the file that was copied and opened).
    pub fn binary_path(&self) -> &Path {
        &self.binary
    }

    /// The plugins the binary holds, in `OfxGetPlugin` order.
    pub fn plugins(&self) -> Vec<PluginInfo> {
        self.plugins.iter().map(|(info, _)| info.clone()).collect()
    }

    /// Loads the plugin with this identifier: `setHost`, then `kOfxActionLoad`.
    pub fn plugin(&self, identifier: &str) -> Result<Plugin<'_>, HostError> {
        let index = self
            .plugins
            .iter()
            .position(|(info, _)| info.identifier == identifier)
            .ok_or_else(|| HostError::NoSuchPlugin(identifier.to_owned()))?;
        self.plugin_at(index)
    }

    /// Loads the plugin at this index: `setHost`, then `kOfxActionLoad`.
    pub fn plugin_at(&self, index: usize) -> Result<Plugin<'_>, HostError> {
        let (info, entry) = self
            .plugins
            .get(index)
            .ok_or_else(|| HostError::NoSuchPlugin(format!("#{index}")))?;
        if info.api != "OfxImageEffectPluginAPI" || info.api_version != 1 {
            return Err(HostError::UnsupportedApi {
                identifier: info.identifier.clone(),
                api: info.api.clone(),
                version: info.api_version,
            });
        }
        if !lock(&self.ever_loaded).insert(index) {
            return Err(HostError::AlreadyLoaded(info.identifier.clone()));
        }
        // SAFETY: the plugin's own setHost, given a host struct that outlives the plugin.
        unsafe { (entry.set_host)(self.host_pointer()) };
        Plugin::load(self, info.clone(), *entry)
    }

    /// Everything a strict host would have complained about: unknown properties asked for,
    /// suites the plugin wanted and did not get, faults played, images fetched outside a render.
    pub fn diagnostics(&self) -> Vec<String> {
        self.shared.diagnostics()
    }

    /// Messages posted with a NULL (or unknown) handle.
    pub fn unattributed_messages(&self) -> Vec<Message> {
        self.shared.unattributed_messages.all()
    }

    pub(crate) fn shared(&self) -> &Arc<HostShared> {
        &self.shared
    }

    fn host_pointer(&self) -> *mut raw::OfxHost {
        &*self.host.0 as *const raw::OfxHost as *mut raw::OfxHost
    }
}

/// Opens a private copy of `binary` (see the module docs), deleting the copy once mapped.
fn open_private_copy(binary: &Path) -> Result<Library, HostError> {
    static COPIES: AtomicUsize = AtomicUsize::new(0);
    let folder = std::env::temp_dir().join(format!(
        "ofx-host-{}-{}",
        process::id(),
        COPIES.fetch_add(1, Ordering::Relaxed)
    ));
    let copy = folder.join(binary.file_name().unwrap_or_default());
    let io_error = |source| HostError::Io {
        path: copy.clone(),
        source,
    };
    fs::create_dir_all(&folder).map_err(io_error)?;
    fs::copy(binary, &copy).map_err(io_error)?;
    // SAFETY: loading a plugin runs its initialisers; that is what hosting it means.
    let library = unsafe { Library::new(&copy) };
    // The mapping survives the file; nothing should be left behind in the temp folder.
    let _ = fs::remove_dir_all(&folder);
    library.map_err(|source| HostError::Library {
        path: binary.to_path_buf(),
        source,
    })
}

/// Reads every `OfxPlugin` the binary exports, after `OfxSetHost` if the binary has it.
fn enumerate(
    library: &Library,
    binary: &Path,
    host: &HostStruct,
) -> Result<Vec<(PluginInfo, EntryPoints)>, HostError> {
    let missing = |symbol| HostError::MissingSymbol {
        path: binary.to_path_buf(),
        symbol,
    };
    // SAFETY: the symbol types are those of ofxCore.h.
    unsafe {
        if let Ok(set_host) = library
            .get::<unsafe extern "C" fn(*const raw::OfxHost) -> raw::OfxStatus>(b"OfxSetHost\0")
        {
            let status = Status(set_host(&*host.0));
            if !status.is_success() {
                return Err(HostError::Action {
                    action: "OfxSetHost",
                    status,
                    messages: Vec::new(),
                });
            }
        }
        let count = library
            .get::<unsafe extern "C" fn() -> c_int>(b"OfxGetNumberOfPlugins\0")
            .map_err(|_| missing("OfxGetNumberOfPlugins"))?;
        let get = library
            .get::<unsafe extern "C" fn(c_int) -> *mut raw::OfxPlugin>(b"OfxGetPlugin\0")
            .map_err(|_| missing("OfxGetPlugin"))?;
        (0..count().max(0))
            .map(|index| read_plugin(get(index), index as usize))
            .collect()
    }
}

/// # Safety
/// `plugin` must be NULL or point to an `OfxPlugin` that lives as long as the binary.
unsafe fn read_plugin(
    plugin: *const raw::OfxPlugin,
    index: usize,
) -> Result<(PluginInfo, EntryPoints), HostError> {
    let bad = |detail: &str| HostError::BadPlugin {
        index,
        detail: detail.to_owned(),
    };
    // SAFETY: per the function contract.
    let plugin = unsafe { plugin.as_ref() }.ok_or_else(|| bad("NULL plugin"))?;
    let text = |field: *const c_char, what: &str| -> Result<String, HostError> {
        if field.is_null() {
            return Err(bad(&format!("NULL {what}")));
        }
        // SAFETY: a NUL-terminated string owned by the plugin binary.
        Ok(unsafe { CStr::from_ptr(field) }
            .to_string_lossy()
            .into_owned())
    };
    let info = PluginInfo {
        index,
        api: text(plugin.pluginApi, "pluginApi")?,
        api_version: plugin.apiVersion,
        identifier: text(plugin.pluginIdentifier, "pluginIdentifier")?,
        version_major: plugin.pluginVersionMajor,
        version_minor: plugin.pluginVersionMinor,
    };
    let entry = EntryPoints {
        set_host: plugin.setHost.ok_or_else(|| bad("NULL setHost"))?,
        main_entry: plugin.mainEntry.ok_or_else(|| bad("NULL mainEntry"))?,
    };
    Ok((info, entry))
}
