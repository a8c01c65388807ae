//! The pipelines of every node, shared: equal settings share one build, made once even when
//! many render threads ask at the same moment. A watcher thread notices when a file a cached
//! pipeline was built from changes on disk and retires that entry, so renders never touch the
//! disk to find out.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use super::params::Settings;
use super::prepare::{prepare, Prepared};

/// Entries kept; beyond this the oldest are dropped (nodes holding them keep their copy).
const CAPACITY: usize = 64;
/// How often the watcher looks at the files.
const WATCH_INTERVAL: Duration = Duration::from_millis(500);

/// One key's build, made once.
#[derive(Default)]
struct Slot {
    cell: OnceLock<Arc<Prepared>>,
}

#[derive(Default)]
struct Entries {
    slots: HashMap<String, Arc<Slot>>,
    /// Keys in insertion order, for eviction.
    order: VecDeque<String>,
}

static ENTRIES: LazyMutex<Entries> = LazyMutex::new();

/// A `Mutex<T: Default>` usable in a static and immune to poisoning (a panic elsewhere must not
/// stop every later render).
struct LazyMutex<T>(OnceLock<Mutex<T>>);

impl<T: Default> LazyMutex<T> {
    const fn new() -> Self {
        LazyMutex(OnceLock::new())
    }

    fn lock(&self) -> MutexGuard<'_, T> {
        self.0
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What `settings` render: the shared build, made now if nobody made it yet.
pub fn prepared(settings: &Settings) -> Arc<Prepared> {
    let key = settings.cache_key();
    let slot = {
        let mut entries = ENTRIES.lock();
        if let Some(slot) = entries.slots.get(&key) {
            Arc::clone(slot)
        } else {
            let slot = Arc::new(Slot::default());
            entries.slots.insert(key.clone(), Arc::clone(&slot));
            entries.order.push_back(key.clone());
            while entries.order.len() > CAPACITY {
                if let Some(old) = entries.order.pop_front() {
                    entries.slots.remove(&old);
                }
            }
            slot
        }
    };
    // Other threads asking for the same key wait here for this one build.
    let prepared = Arc::clone(slot.cell.get_or_init(|| Arc::new(prepare(settings))));
    if !prepared.watched.is_empty() {
        watcher::ensure_running();
    }
    prepared
}

/// Drops every entry (the host asked to purge caches, or Reload).
pub fn clear() {
    let mut entries = ENTRIES.lock();
    entries.slots.clear();
    entries.order.clear();
}

/// Retires entries whose files changed; returns how many.
fn retire_changed() -> usize {
    let snapshot: Vec<(String, Arc<Slot>)> = ENTRIES
        .lock()
        .slots
        .iter()
        .map(|(k, v)| (k.clone(), Arc::clone(v)))
        .collect();
    // Files are looked at without the lock held, so renders never wait on the disk.
    let changed: Vec<String> = snapshot
        .into_iter()
        .filter_map(|(key, slot)| {
            let prepared = slot.cell.get()?;
            if prepared.is_stale() || !prepared.watched.iter().any(|w| w.changed()) {
                return None;
            }
            prepared.mark_stale();
            Some(key)
        })
        .collect();
    if !changed.is_empty() {
        let mut entries = ENTRIES.lock();
        for key in &changed {
            entries.slots.remove(key);
        }
        entries.order.retain(|k| !changed.contains(k));
    }
    changed.len()
}

/// Stops the watcher thread (the plugin is being unloaded: no thread of ours may outlive it).
pub fn shutdown() {
    watcher::stop();
    clear();
}

mod watcher {
    use super::*;

    #[derive(Default)]
    struct State {
        thread: Option<JoinHandle<()>>,
        stopping: bool,
    }

    static STATE: LazyMutex<State> = LazyMutex::new();
    static WAKE: Condvar = Condvar::new();

    pub fn ensure_running() {
        let mut state = STATE.lock();
        if state.thread.is_some() || state.stopping {
            return;
        }
        // A host that cannot give us a thread still renders; it just misses on-disk edits
        // until Reload.
        state.thread = std::thread::Builder::new()
            .name("amfx-file-watcher".into())
            .spawn(run)
            .ok();
    }

    fn run() {
        loop {
            {
                let state = STATE.lock();
                let (state, _) = WAKE
                    .wait_timeout_while(state, WATCH_INTERVAL, |s| !s.stopping)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                if state.stopping {
                    return;
                }
            }
            // A panic here (it should not happen) ends the watcher, never the host.
            if std::panic::catch_unwind(retire_changed).is_err() {
                return;
            }
        }
    }

    pub fn stop() {
        let handle = {
            let mut state = STATE.lock();
            state.stopping = true;
            state.thread.take()
        };
        WAKE.notify_all();
        if let Some(handle) = handle {
            let _ = handle.join();
        }
        // A later load of the plugin may start it again.
        STATE.lock().stopping = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effect::looks::{LookEdits, LOOK_SLOTS};
    use crate::effect::outputs::OutputChoice;
    use crate::effect::params::Fallback;
    use crate::ops::Cdl;

    fn settings(amf: &std::path::Path) -> Settings {
        Settings {
            amf: Some(amf.to_path_buf()),
            clip_name: String::new(),
            input: true,
            looks: true,
            output: true,
            output_choice: OutputChoice::FromAmf,
            inverse: false,
            fallback: Fallback::Passthrough,
            edits: LookEdits {
                bypass: [false; LOOK_SLOTS],
                target: 0,
                cdl: Cdl::default(),
            },
            revision: 0,
        }
    }

    #[test]
    fn equal_settings_share_one_build_and_an_edit_on_disk_retires_it() {
        let dir = std::env::temp_dir().join(format!("amfx-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let amf = dir.join("clip.amf");
        let sample = include_str!("../cli/sample.amf");
        std::fs::write(&amf, sample).unwrap();
        let s = settings(&amf);

        let first = prepared(&s);
        assert!(first.problem.is_none(), "{:?}", first.problem);
        assert!(
            Arc::ptr_eq(&first, &prepared(&s)),
            "one build for equal settings"
        );

        std::fs::write(&amf, "<not an amf").unwrap();
        retire_changed();
        assert!(first.is_stale());
        let second = prepared(&s);
        assert!(!Arc::ptr_eq(&first, &second));
        assert!(second.problem.is_some(), "the broken file is reported");
        std::fs::remove_dir_all(&dir).ok();
    }
}
