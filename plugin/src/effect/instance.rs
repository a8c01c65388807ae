//! Per-node state: the shared build its settings name, the last good one (kept rendering when a
//! reload breaks), and the message currently shown on the node.

use std::sync::{Arc, Mutex, MutexGuard};

use super::cache;
use super::params::Settings;
use super::prepare::Prepared;
use crate::pipeline::Pipeline;

/// What a render of this node applies, and what the node should say.
#[derive(Clone, Debug)]
pub struct Current {
    pub pipeline: Arc<Pipeline>,
    pub report: String,
    /// The persistent message the node should show (None: clear it).
    pub message: Option<String>,
    /// The AMF in use and its looks in a few words.
    pub amf: Option<std::path::PathBuf>,
    pub looks: Vec<String>,
    /// The build that renders (for its fast-mode bake).
    pub prepared: Arc<Prepared>,
}

#[derive(Default)]
struct State {
    /// The settings and build last used.
    current: Option<(Settings, Arc<Prepared>)>,
    /// The last build without a problem, with its settings (revision aside).
    good: Option<(Settings, Arc<Prepared>)>,
    /// The message the host shows now.
    shown: Option<String>,
}

/// One node's state, shared by every render thread of that node.
#[derive(Default)]
pub struct Instance {
    state: Mutex<State>,
}

/// Settings equal up to the Reload counter: the same recipe, possibly re-read.
fn same_recipe(a: &Settings, b: &Settings) -> bool {
    Settings {
        revision: 0,
        ..a.clone()
    } == Settings {
        revision: 0,
        ..b.clone()
    }
}

impl Instance {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// What these settings render. A cached, fresh build is returned without reading any file;
    /// otherwise the shared cache builds (once for all threads and nodes).
    pub fn current(&self, settings: &Settings) -> Current {
        let cached = {
            let state = self.lock();
            state
                .current
                .as_ref()
                .filter(|(s, p)| s == settings && !p.is_stale())
                .map(|(_, p)| Arc::clone(p))
        };
        let prepared = cached.unwrap_or_else(|| cache::prepared(settings));

        let mut state = self.lock();
        state.current = Some((settings.clone(), Arc::clone(&prepared)));
        let Some(problem) = &prepared.problem else {
            state.good = Some((settings.clone(), Arc::clone(&prepared)));
            return Current {
                pipeline: Arc::clone(&prepared.pipeline),
                report: prepared.report.clone(),
                message: None,
                amf: prepared.amf.clone(),
                looks: prepared.looks.clone(),
                prepared: Arc::clone(&prepared),
            };
        };
        // A recipe that worked and broke on a re-read (an edit on disk, Reload) keeps showing
        // its last good version; the message says so.
        if let Some((_, good)) = state
            .good
            .as_ref()
            .filter(|(s, _)| same_recipe(s, settings))
        {
            return Current {
                pipeline: Arc::clone(&good.pipeline),
                report: format!(
                    "{}\n\nStill showing the last good version of the recipe:\n{}",
                    prepared.report, good.report
                ),
                message: Some(format!(
                    "{problem} (still showing the last version that worked)"
                )),
                amf: good.amf.clone(),
                looks: good.looks.clone(),
                prepared: Arc::clone(good),
            };
        }
        Current {
            pipeline: Arc::clone(&prepared.pipeline),
            report: prepared.report.clone(),
            message: Some(problem.clone()),
            amf: prepared.amf.clone(),
            looks: prepared.looks.clone(),
            prepared: Arc::clone(&prepared),
        }
    }

    /// Records the message now shown; true when it differs from the one shown before (so the
    /// host is told only about changes).
    pub fn message_changed(&self, message: &Option<String>) -> bool {
        let mut state = self.lock();
        if &state.shown == message {
            return false;
        }
        state.shown = message.clone();
        true
    }

    /// Forget the shown message (the host cleared it).
    pub fn message_cleared(&self) {
        self.lock().shown = None;
    }

    pub fn purge(&self) {
        let mut state = self.lock();
        state.current = None;
    }
}
