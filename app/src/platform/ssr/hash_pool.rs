//! The threads that hash passwords. Argon2id takes about 40 ms of one core per hash; a storm of
//! sign-ins on the ordinary blocking pool competed with page rendering as an equal and made every
//! page slower. Here the hashes run on a few threads of their own, at the lowest CPU priority
//! (Linux's `SCHED_IDLE`: they run only when no ordinary thread wants the core): when pages and
//! hashes want the same core, the page goes first and the sign-in waits.

use super::internal;
use crate::error::AppError;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// A handle on the hashing threads; they end when the last handle is dropped.
#[derive(Clone)]
pub(super) struct HashPool {
    /// `None` when no thread could be started: jobs then go to tokio's blocking pool.
    jobs: Option<mpsc::Sender<Job>>,
}

/// The nice value of the hashing threads where `SCHED_IDLE` is refused (19 is the lowest
/// priority; neither needs a privilege).
pub(super) const NICE: i32 = 19;

impl HashPool {
    /// Starts `threads` hashing threads (at least one).
    pub(super) fn new(threads: usize) -> Self {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let mut started = 0;
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("password-hash-{i}")).spawn(move || {
                lower_priority();
                loop {
                    // The lock is held only while waiting for a job, not while running it.
                    let next = match rx.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = next else { return };
                    // A job that panics loses its answer (the caller sees an internal error),
                    // not the thread.
                    let _ = catch_unwind(AssertUnwindSafe(job));
                }
            });
            match spawned {
                Ok(_) => started += 1,
                Err(e) => tracing::error!(error = %e, "could not start a password-hash thread"),
            }
        }
        HashPool { jobs: (started > 0).then_some(tx) }
    }

    /// Runs `f` on a hashing thread and waits for its result without blocking the runtime.
    pub(super) async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
        let Some(jobs) = &self.jobs else {
            return tokio::task::spawn_blocking(f).await.map_err(internal);
        };
        let (tx, rx) = tokio::sync::oneshot::channel();
        jobs.send(Box::new(move || {
            let _ = tx.send(f());
        }))
        .map_err(internal)?;
        rx.await.map_err(internal)
    }
}

/// Gives the calling thread the lowest CPU priority: `SCHED_IDLE`, else nice 19 (on Linux both
/// are per thread; 0 names the calling thread).
#[cfg(target_os = "linux")]
fn lower_priority() {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: sched_setscheduler reads `param`, which lives across the call; setpriority reads
    // its integer arguments only.
    let idle = unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) } == 0;
    if !idle && unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, NICE) } != 0 {
        tracing::warn!(error = %std::io::Error::last_os_error(), "could not lower the password-hash threads' priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// The calling thread's scheduling policy and nice value.
#[cfg(all(test, target_os = "linux"))]
fn priority() -> (i32, i32) {
    // SAFETY: both read their integer arguments only.
    unsafe { (libc::sched_getscheduler(0), libc::getpriority(libc::PRIO_PROCESS, 0)) }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_at_the_lowest_priority_and_the_callers_thread_keeps_its_own() {
        let pool = HashPool::new(1);
        let before = priority();
        let (inside, name) = pool.run(|| (priority(), std::thread::current().name().map(str::to_string))).await.unwrap_or_default();
        assert!(inside.0 == libc::SCHED_IDLE || inside.1 == NICE, "the hashing thread runs at {inside:?}");
        assert_eq!(name.as_deref(), Some("password-hash-0"));
        assert_eq!(priority(), before, "only the hashing thread is lowered");
    }

    #[tokio::test]
    async fn many_jobs_at_once_on_two_threads_each_get_their_own_answer() {
        let pool = HashPool::new(2);
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.run(move || i * 2).await })
            })
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.ok().and_then(Result::ok));
        }
        assert_eq!(answers, (0..20).map(|i| Some(i * 2)).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_job_that_panics_is_an_internal_error_and_the_thread_goes_on() {
        let pool = HashPool::new(1);
        let failed = pool.run(|| -> i32 { panic!("boom") }).await;
        assert_eq!(failed, Err(AppError::Internal));
        assert_eq!(pool.run(|| 7).await, Ok(7));
    }
}
