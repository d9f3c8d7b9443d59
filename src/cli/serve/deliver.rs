//! The desk's webhook deliveries: two threads of their own, so that no request ever waits for a
//! receiver, and a slow receiver does not hold back the queuing (so the gates read are the ones
//! each request left).
//!
//! The queuing thread turns new audit events into deliveries: it wakes when a request has been
//! answered (any request may have written), else every second, so that the gate it reads is the
//! one the request left. The sending thread POSTs what is due, one at a time (a receiver that
//! fails is left until the next round, so one that does not answer costs the others at most one
//! timeout a round), woken when something was queued, else every second, and sooner when a
//! retry falls due. Requests share the desk with them but
//! nothing else: their store reads and outbox writes take no lock a request waits on for longer
//! than a read does, and the POSTs happen outside the store. Stopping lets the attempt under
//! way (at most `webhook::TIMEOUT`) finish, and the threads end.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use factdesk::desk::RetryPolicy;

use super::{Shared, now};

/// How long a thread sleeps when nothing wakes it.
const POLL: Duration = Duration::from_secs(1);

/// What wakes a delivery thread: a request answered (or a delivery queued), or the server
/// stopping.
#[derive(Default)]
pub(super) struct Wake {
    state: Mutex<WakeState>,
    changed: Condvar,
}

#[derive(Default)]
struct WakeState {
    poked: bool,
    stopping: bool,
}

impl Wake {
    /// Something may have been written: look now.
    pub(super) fn poke(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.poked = true;
            self.changed.notify_all();
        }
    }

    fn stop(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.stopping = true;
            self.changed.notify_all();
        }
    }

    fn stopping(&self) -> bool {
        self.state.lock().map_or(true, |state| state.stopping)
    }

    /// Waits until poked, stopped or `at_most` passed; whether to stop.
    fn wait(&self, at_most: Duration) -> bool {
        let Ok(state) = self.state.lock() else {
            return true;
        };
        let Ok((mut state, _)) = self
            .changed
            .wait_timeout_while(state, at_most, |s| !s.poked && !s.stopping)
        else {
            return true;
        };
        state.poked = false;
        state.stopping
    }
}

/// The running delivery threads.
pub(super) struct Deliverer {
    threads: [JoinHandle<()>; 2],
    app: Shared,
    queued: Arc<Wake>,
}

impl Deliverer {
    /// Starts delivering for `app`'s desk.
    pub(super) fn start(app: Shared, policy: RetryPolicy) -> std::io::Result<Deliverer> {
        let queued = Arc::new(Wake::default());
        let (queuer, sender) = (app.clone(), app.clone());
        let (told, heard) = (queued.clone(), queued.clone());
        let queuing = std::thread::Builder::new()
            .name("webhook queue".into())
            .spawn(move || queue(&queuer, &told))?;
        let sending = std::thread::Builder::new()
            .name("webhook send".into())
            .spawn(move || send(&sender, &heard, &policy))?;
        Ok(Deliverer {
            threads: [queuing, sending],
            app,
            queued,
        })
    }

    /// Stops the threads once the attempt under way, if any, is done.
    pub(super) fn stop(self) {
        self.app.wake.stop();
        self.queued.stop();
        drop(self.app);
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Queues the deliveries of new events after each request; pokes the sender when it did.
fn queue(app: &Shared, queued: &Wake) {
    let mut trouble = Trouble::default();
    loop {
        match app.desk.queue_deliveries(now()) {
            Ok(0) => trouble.clear(),
            Ok(_) => {
                trouble.clear();
                queued.poke();
            }
            Err(err) => trouble.say(&err),
        }
        if app.wake.wait(POLL) {
            break;
        }
    }
}

/// Sends what is due, then sleeps until something is queued or the next retry falls due.
fn send(app: &Shared, queued: &Wake, policy: &RetryPolicy) {
    let mut trouble = Trouble::default();
    loop {
        let wait = match app.desk.deliver_due(&now, policy, &|| !queued.stopping()) {
            Ok(round) => {
                trouble.clear();
                round.next_due.map_or(POLL, |due| {
                    let ms = u64::try_from(due.0.saturating_sub(now().0)).unwrap_or(0);
                    POLL.min(Duration::from_millis(ms))
                })
            }
            Err(err) => {
                trouble.say(&err);
                POLL
            }
        };
        if queued.wait(wait) {
            break;
        }
    }
}

/// A failure of the outbox, said once rather than every second (the next pass tries again).
#[derive(Default)]
struct Trouble(Option<String>);

impl Trouble {
    fn say(&mut self, err: &dyn std::fmt::Display) {
        let text = err.to_string();
        if self.0.as_ref() != Some(&text) {
            let _ = writeln!(std::io::stderr(), "warning: webhook deliveries: {text}");
            self.0 = Some(text);
        }
    }

    fn clear(&mut self) {
        self.0 = None;
    }
}
