//! Temporary files that must not outlive the run: each is registered while
//! it exists, and SIGTERM, SIGINT or SIGHUP (how CI cancels a job, Ctrl-C,
//! a closed terminal) removes every registered file before the process
//! exits with status 128 + the signal's number.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use super::dir::DirHandle;

/// A registered temporary file: `name` inside the directory `dir`.
struct Entry {
    dir: DirHandle,
    name: String,
}

fn registry() -> &'static Mutex<HashMap<u64, Entry>> {
    static REGISTRY: OnceLock<Mutex<HashMap<u64, Entry>>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

fn lock() -> MutexGuard<'static, HashMap<u64, Entry>> {
    // A panic while holding the lock leaves the map itself intact.
    registry()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Keeps a temporary file registered until dropped or [`Registered::settle`]d.
#[derive(Debug)]
pub struct Registered(u64);

/// Registers `name` in `dir` for removal on a terminating signal.
pub fn register(dir: &DirHandle, name: &str) -> Registered {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    install();
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    lock().insert(
        id,
        Entry {
            dir: dir.clone(),
            name: name.to_owned(),
        },
    );
    Registered(id)
}

impl Registered {
    /// Runs `f` (the rename that publishes the file, or its removal) and
    /// unregisters the file, with the registry locked: a signal handled
    /// meanwhile waits, so it never removes a file that was just renamed
    /// nor lets a rename happen after its clean-up.
    pub fn settle<T>(self, f: impl FnOnce() -> T) -> T {
        let mut entries = lock();
        let out = f();
        entries.remove(&self.0);
        std::mem::forget(self);
        out
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        lock().remove(&self.0);
    }
}

/// Starts the thread that waits for terminating signals, once.
#[cfg(unix)]
fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // Without the handlers the signals keep their default action: the
        // run still ends, only the temporary files stay behind.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("tjspec-signals".to_owned())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Held until the process exits: no rename after this.
                    let entries = lock();
                    for entry in entries.values() {
                        let _ = entry.dir.remove(&entry.name);
                    }
                    std::process::exit(128 + signal);
                }
            });
        drop(spawned);
    });
}

#[cfg(not(unix))]
fn install() {}
